package mailtest_test

import (
	"testing"

	"kui/internal/mailtest"
)

func TestMailpitStartsAndClears(t *testing.T) {
	mp := mailtest.Start(t)
	if got := mp.Messages(t); len(got) != 0 {
		t.Fatalf("a fresh Mailpit holds %d messages", len(got))
	}
	mp.Chaos(t, 451, 100)
	mp.Chaos(t, 0, 0)
	mp.Restart(t)
	mp.Clear(t)
}
