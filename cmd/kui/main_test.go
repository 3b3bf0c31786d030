package main

import (
	"testing"

	"kui/internal/pgtest"
)

// Each test binary has its own PostgreSQL cluster, which the fault tests
// stop and restart.
func TestMain(m *testing.M) { pgtest.Main(m) }
