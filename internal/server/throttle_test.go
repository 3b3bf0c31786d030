package server

import (
	"testing"
	"time"
)

func TestLoginThrottleDoesNotLockOutTheRealUser(t *testing.T) {
	th := newLoginThrottle()
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	for range throttleFreeAttempts + 1 {
		th.failed("10.0.0.66", "uu@a.example", now)
	}
	if th.wait("10.0.0.66", "uu@a.example", now) == 0 {
		t.Fatal("the attacker's address is not slowed down")
	}
	if w := th.wait("10.0.0.7", "uu@a.example", now); w != 0 {
		t.Errorf("the real user from another address waits %v", w)
	}
	if w := th.wait("10.0.0.66", "uu@a.example", now.Add(throttleMaxWait+time.Second)); w != 0 {
		t.Errorf("the wait never ends: %v", w)
	}
	// Waits grow with every further failure, up to the ceiling.
	for i := range 30 {
		th.failed("10.0.0.66", "uu@a.example", now.Add(time.Duration(i)*time.Second))
	}
	if w := th.wait("10.0.0.66", "uu@a.example", now.Add(30*time.Second)); w <= 0 || w > throttleMaxWait {
		t.Errorf("wait %v out of bounds", w)
	}
	// One address trying many accounts is slowed down too.
	for i := range throttleAddressLimit + 1 {
		th.failed("10.0.0.99", string(rune('a'+i%26))+"@x.example", now)
	}
	if th.wait("10.0.0.99", "fresh@x.example", now) == 0 {
		t.Error("spraying many accounts from one address is not slowed down")
	}
}
