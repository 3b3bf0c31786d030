package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
	"kui/internal/demoidp"
	"kui/internal/postgres"
)

// The demo identity provider of `kui dev` (`make run`): a real OpenID
// Provider (demoidp, zitadel's op) on DEMO_IDP_ADDR, only ever on a loopback
// address, whose users are Demo Kommune's demo users. kui is connected to it
// as Demo Kommune's provider, slug "demo"; its client secret is random per
// start and reaches kui only through dev's environment (never the database).

const (
	demoMitIDSlug      = "demo-mitid"
	demoMitIDName      = "MitID (demo)"
	demoMitIDSecretEnv = "KUI_IDP_DEMO_MITID_SECRET"
	demoMitIDAddr      = "127.0.0.1:8092"
	demoUnknownYouth   = "Ukendt ung (demo)"
)

const (
	demoIdPSlug      = "demo"
	demoIdPName      = "Demo Kommunes login (demo)"
	demoIdPSecretEnv = "KUI_IDP_DEMO_SECRET"
	demoIdPAddr      = "127.0.0.1:8091"
	demoDomain       = "demo.example"
)

// devAddr is the address dev's server will listen on: ADDR, or the default,
// with a port 0 resolved to a free port now, so the provider can be told
// kui's redirect URI before kui listens.
func devAddr(getenv func(string) string) (string, error) {
	addr := cmp.Or(getenv("ADDR"), "127.0.0.1:8080")
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("ADDR=%q: %w", addr, err)
	}
	if port != "0" {
		return addr, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// kuiOrigins are the addresses a browser may reach dev's kui on: BASE_URL,
// or the listen address and its loopback names.
func kuiOrigins(getenv func(string) string, addr string) []string {
	if base := strings.TrimSuffix(getenv("BASE_URL"), "/"); base != "" {
		return []string{base}
	}
	host, port, _ := net.SplitHostPort(addr)
	hosts := []string{host}
	if ip := net.ParseIP(host); host == "" || host == "localhost" || ip != nil && (ip.IsLoopback() || ip.IsUnspecified()) {
		hosts = append(hosts, "127.0.0.1", "localhost")
	}
	var out []string
	for _, h := range hosts {
		if h == "" || h == "0.0.0.0" || h == "::" {
			continue
		}
		if o := "http://" + net.JoinHostPort(h, port); !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	return out
}

// startDemoIdP starts the demo provider and connects Demo Kommune to it.
func startDemoIdP(ctx context.Context, getenv func(string) string, dbURL, addr string) (*demoidp.OIDC, error) {
	var users []demoidp.User
	var roles []casework.RoleMapping
	for _, u := range demoUsers {
		if u.Municipality != demoMunicipality {
			continue // only Demo Kommune's people sign in through its provider
		}
		value := "kui:" + string(u.Role)
		if u.Unit != "" {
			value += ":" + u.Unit
		}
		users = append(users, demoidp.User{Username: u.Email, Email: u.Email, Name: u.Name, Roles: []string{value}})
		if !slices.ContainsFunc(roles, func(m casework.RoleMapping) bool { return m.Value == value }) {
			roles = append(roles, casework.RoleMapping{Value: value, Role: u.Role, UnitName: u.Unit})
		}
	}
	var redirects, logouts []string
	for _, o := range kuiOrigins(getenv, addr) {
		redirects = append(redirects, o+"/login/idp/"+demoIdPSlug+"/callback")
		logouts = append(logouts, o+"/logged-out")
	}
	p, err := demoidp.StartOIDC(demoidp.OIDCOptions{Addr: cmp.Or(getenv("DEMO_IDP_ADDR"), demoIdPAddr), ClientID: "kui",
		RedirectURIs: redirects, PostLogoutRedirectURIs: logouts, Title: demoIdPName, Users: demoidp.NewUsers(users...)})
	if err != nil {
		return nil, fmt.Errorf("the demo identity provider (DEMO_IDP_ADDR): %w", err)
	}
	db, err := postgres.Open(ctx, dbURL)
	if err != nil {
		p.Close()
		return nil, err
	}
	defer db.Close()
	// Upserted at every start: the issuer's port may have changed.
	if _, err := db.UpsertIdP(ctx, demoMunicipality, casework.IdP{Slug: demoIdPSlug, DisplayName: demoIdPName,
		Protocol: casework.MethodOIDC, Enabled: true, OIDCIssuer: p.Issuer, OIDCClientID: p.ClientID,
		OIDCScopes: []string{"openid", "email", "profile"}, OIDCSecretEnv: demoIdPSecretEnv, OIDCRoleClaim: "roles",
		Domains: []string{demoDomain}, Roles: roles}); err != nil {
		p.Close()
		return nil, fmt.Errorf("connect Demo Kommune to the demo identity provider: %w", err)
	}
	return p, nil
}

// The young people's demo MitID: a second demo OpenID Provider (one OP has
// one client) on DEMO_MITID_ADDR, connected to Demo Kommune as its citizen
// provider, slug "demo-mitid", whose ID tokens carry the CPR number in the
// "cpr" claim. Its people are Demo Kommune's young people with a CPR
// number, by first name, and one young person kui does not know, who meets
// the calm refusal. The CPR numbers are read from the database: the demo's
// move with the day it was loaded, and a professional may have changed one.

// demoCitizen is a young person of the demo MitID.
type demoCitizen struct {
	FirstName string
	CPR       casework.CPR
}

// demoCitizens reads Demo Kommune's young people with a CPR number, oldest
// case first, and makes up a CPR number that matches none of its cases.
func demoCitizens(ctx context.Context, db *postgres.DB, today time.Time) ([]demoCitizen, casework.CPR, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT split_part(y.name, ' ', 1), y.cpr FROM youth y JOIN municipalities m ON m.id = y.municipality_id
		 WHERE m.name = $1 AND y.cpr IS NOT NULL ORDER BY y.id`, demoMunicipality)
	if err != nil {
		return nil, "", err
	}
	people, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (demoCitizen, error) {
		var c demoCitizen
		err := r.Scan(&c.FirstName, &c.CPR)
		return c, err
	})
	if err != nil {
		return nil, "", err
	}
	// 17 years old today, with a serial no demo case has.
	birth := today.AddDate(-17, 0, -3)
	for serial := 4990; serial < 5000; serial++ {
		unknown := demoCPR(birth, strconv.Itoa(serial))
		if !slices.ContainsFunc(people, func(c demoCitizen) bool { return c.CPR == unknown }) {
			return people, unknown, nil
		}
	}
	return nil, "", errors.New("no free demo CPR number for the unknown young person")
}

// startDemoMitID starts the young people's demo MitID and connects Demo
// Kommune to it. The CPR numbers stay in this process's memory and the
// provider's ID tokens; kui matches them at sign-in and stores none.
func startDemoMitID(ctx context.Context, getenv func(string) string, dbURL, addr string) (*demoidp.OIDC, error) {
	db, err := postgres.Open(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	people, unknown, err := demoCitizens(ctx, db, db.Now())
	if err != nil {
		return nil, fmt.Errorf("the demo young people: %w", err)
	}
	var users []demoidp.User
	for _, c := range people {
		name := c.FirstName + " (demo)"
		users = append(users, demoidp.User{Username: strings.ToLower(c.FirstName), Name: name, CPR: string(c.CPR)})
	}
	users = append(users, demoidp.User{Username: "ukendt", Name: demoUnknownYouth, CPR: string(unknown)})
	var redirects []string
	for _, o := range kuiOrigins(getenv, addr) {
		redirects = append(redirects, o+"/login/idp/"+demoMitIDSlug+"/callback")
	}
	p, err := demoidp.StartOIDC(demoidp.OIDCOptions{Addr: cmp.Or(getenv("DEMO_MITID_ADDR"), demoMitIDAddr), ClientID: "kui-mitid",
		RedirectURIs: redirects, Title: demoMitIDName, Users: demoidp.NewUsers(users...)})
	if err != nil {
		return nil, fmt.Errorf("the demo MitID for young people (DEMO_MITID_ADDR): %w", err)
	}
	// Upserted at every start: the issuer's port may have changed.
	if _, err := db.UpsertIdP(ctx, demoMunicipality, casework.IdP{Slug: demoMitIDSlug, DisplayName: demoMitIDName,
		Protocol: casework.MethodOIDC, Enabled: true, Audience: casework.AudienceCitizen, OIDCIssuer: p.Issuer,
		OIDCClientID: p.ClientID, OIDCScopes: []string{"openid", "profile"}, OIDCSecretEnv: demoMitIDSecretEnv,
		OIDCCPRClaim: demoidp.CPRClaim}); err != nil {
		p.Close()
		return nil, fmt.Errorf("connect Demo Kommune to the demo MitID: %w", err)
	}
	return p, nil
}
