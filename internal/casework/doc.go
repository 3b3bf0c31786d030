// Package casework is the domain of kui: the young people of a municipality's
// Kommunal Ungeindsats, the professionals around them, and the rules that hold
// between them (CPR numbers, target-group levels, the team of at most five,
// status changes). It imports nothing of this module and knows nothing of SQL
// or HTTP; the adapters (postgres, server, web) depend on it.
package casework
