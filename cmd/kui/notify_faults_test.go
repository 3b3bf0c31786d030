package main

// Fault tests of e-mail: the real `kui serve` with its job queue against a
// real SMTP server (Mailpit) that goes away and comes back, a SIGTERM while
// a message is being sent, and two instances working one queue. Every
// e-mail must arrive, and only once (its Message-ID is the outbox row's).

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"kui/internal/casework"
	"kui/internal/mailtest"
	"kui/internal/postgres"
)

// notifyEnv is serve's e-mail configuration for smtpURL.
func notifyEnv(smtpURL string) []string {
	return []string{"SMTP_URL", smtpURL, "MAIL_FROM", "kui <kui@f.example>", "MAIL_RETRY_BASE", "50ms",
		"BASE_URL", "https://kui.f.example"}
}

// queueMails records n decided referrals waiting for the caseworker (a kind
// that waits until read, so no record behind it is needed), each with its
// e-mail at once (an outbox row and a job), as the store's notify does:
// these tests are about sending; the store's tests cover what causes them.
func queueMails(t *testing.T, f faultFixture, n int) []int64 {
	t.Helper()
	ctx := context.Background()
	db, err := postgres.Open(ctx, f.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u := f.users["uu@f.example"]
	var ids []int64
	for i := range n {
		var nid int64
		err := db.Pool.QueryRow(ctx, `
			INSERT INTO notifications (municipality_id, user_id, kind, youth_id, subject_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			u.MunicipalityID, u.ID, casework.KindReferralDecided, f.youthID, int64(1000+i), db.Now()).Scan(&nid)
		if err != nil {
			t.Fatal(err)
		}
		oid, err := db.QueueEmail(ctx, u.ID, string(casework.KindReferralDecided), fmt.Sprintf("n:%d", nid))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Pool.Exec(ctx, `UPDATE notifications SET outbox_id = $1 WHERE id = $2`, oid, nid); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, oid)
	}
	return ids
}

// waitOutbox polls the outbox until done says so (60 s at most).
func waitOutbox(t *testing.T, dbURL, what string, done func(states map[string]int, minAttempts int) bool) {
	t.Helper()
	ctx := context.Background()
	db, err := postgres.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		states := map[string]int{}
		minAttempts := -1
		rows, err := db.Pool.Query(ctx, `SELECT state, attempts FROM email_outbox`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			var a int
			if err := rows.Scan(&s, &a); err != nil {
				t.Fatal(err)
			}
			states[s]++
			if minAttempts < 0 || a < minAttempts {
				minAttempts = a
			}
		}
		if rows.Err() != nil {
			t.Fatal(rows.Err())
		}
		if done(states, minAttempts) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 60 s (outbox %v, fewest attempts %d)", what, states, minAttempts)
		}
	}
}

func allSent(n int) func(map[string]int, int) bool {
	return func(states map[string]int, _ int) bool { return states["sent"] == n }
}

// eachOnce checks that Mailpit holds exactly one message per outbox row.
func eachOnce(t *testing.T, mp *mailtest.Mailpit, ids []int64) {
	t.Helper()
	msgs := mp.Messages(t)
	seen := map[string]int{}
	for _, m := range msgs {
		seen[m.MessageID]++
	}
	for _, id := range ids {
		if mid := fmt.Sprintf("kui-%d@kui.f.example", id); seen[mid] != 1 {
			t.Errorf("%s arrived %d times, want once", mid, seen[mid])
		}
	}
	if len(msgs) != len(ids) {
		t.Errorf("Mailpit holds %d messages, want %d", len(msgs), len(ids))
	}
}

// The SMTP server is down for a while: every e-mail fails a few times and
// goes out when it is back, none lost, none twice, none failed.
func TestNotifyFaultSMTPDown(t *testing.T) {
	f := newFaultFixture(t)
	mp := mailtest.Start(t)
	mp.Stop(t)
	startServe(t, f.dbURL, notifyEnv(mp.SMTPURL())...)
	ids := queueMails(t, f, 5)
	// The outage is measured in failed attempts, not in time.
	waitOutbox(t, f.dbURL, "every e-mail tried twice", func(states map[string]int, minAttempts int) bool {
		return minAttempts >= 2
	})
	mp.Restart(t)
	waitOutbox(t, f.dbURL, "every e-mail sent", allSent(len(ids)))
	eachOnce(t, mp, ids)
}

// SIGTERM while a message is being sent: the send in flight finishes and
// is recorded, the rest wait for the next instance; none lost, none twice.
func TestNotifyFaultSigtermWhileSending(t *testing.T) {
	f := newFaultFixture(t)
	mp := mailtest.Start(t)
	relay := startHoldingRelay(t, mp.SMTPAddr())
	ids := queueMails(t, f, 4)
	a := startServe(t, f.dbURL, notifyEnv("smtp://"+relay.addr+"?tls=none")...)
	select {
	case <-relay.inFlight:
	case <-time.After(60 * time.Second):
		t.Fatal("no message reached the end of DATA within 60 s")
	}
	a.sigterm()
	for deadline := time.Now().Add(60 * time.Second); !strings.Contains(a.logs.String(), "shutting down"); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("serve did not begin shutting down within 60 s")
		}
	}
	relay.releaseAll()
	if !a.waitExit(60 * time.Second) {
		t.Fatal("serve did not return within 60 s of SIGTERM")
	}
	if a.err != nil {
		t.Errorf("serve: %v", a.err)
	}
	// The message in flight at the signal finished and was recorded by the
	// stopping instance.
	waitOutbox(t, f.dbURL, "the send in flight recorded", func(states map[string]int, _ int) bool { return states["sent"] >= 1 })
	startServe(t, f.dbURL, notifyEnv("smtp://"+relay.addr+"?tls=none")...)
	waitOutbox(t, f.dbURL, "every e-mail sent", allSent(len(ids)))
	eachOnce(t, mp, ids)
}

// Two instances on one queue: each e-mail once, and the hour's reminders
// job enqueued once however many schedulers run.
func TestNotifyFaultTwoInstances(t *testing.T) {
	f := newFaultFixture(t)
	mp := mailtest.Start(t)
	startServe(t, f.dbURL, notifyEnv(mp.SMTPURL())...)
	startServe(t, f.dbURL, notifyEnv(mp.SMTPURL())...)
	ids := queueMails(t, f, 8)
	waitOutbox(t, f.dbURL, "every e-mail sent", allSent(len(ids)))
	eachOnce(t, mp, ids)
	db, err := postgres.Open(context.Background(), f.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The elected leader enqueues the periodic jobs: wait for it.
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var n int
		if err := db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM river.river_job WHERE kind = 'reminders'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no reminders job was enqueued within 60 s")
		}
	}
	rows, err := db.Pool.Query(context.Background(),
		`SELECT args->>'hour', count(*) FROM river.river_job WHERE kind = 'reminders' GROUP BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var hour string
		var n int
		if err := rows.Scan(&hour, &n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("the reminders job of %s was enqueued %d times", hour, n)
		}
	}
}

// holdingRelay passes SMTP through to a server, but holds the server's
// answer to the end of a message's DATA until released, so a test can act
// while a send is in flight.
type holdingRelay struct {
	addr     string
	inFlight chan struct{} // receives once a message's DATA has ended
	release  chan struct{} // closed: nothing is held any more
	once     sync.Once
}

func startHoldingRelay(t *testing.T, target string) *holdingRelay {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &holdingRelay{addr: ln.Addr().String(), inFlight: make(chan struct{}, 1), release: make(chan struct{})}
	t.Cleanup(func() { ln.Close(); r.releaseAll() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go r.serve(c, target)
		}
	}()
	return r
}

func (r *holdingRelay) releaseAll() { r.once.Do(func() { close(r.release) }) }

func (r *holdingRelay) serve(client net.Conn, target string) {
	defer client.Close()
	server, err := net.Dial("tcp", target)
	if err != nil {
		return
	}
	defer server.Close()
	var mu sync.Mutex
	held := false
	go func() { // the server's answers, held after the end of DATA
		buf := make([]byte, 4096)
		for {
			n, err := server.Read(buf)
			if n > 0 {
				mu.Lock()
				h := held
				mu.Unlock()
				if h {
					<-r.release
				}
				if _, werr := client.Write(buf[:n]); werr != nil {
					return
				}
			}
			if err != nil {
				client.Close()
				return
			}
		}
	}()
	buf := make([]byte, 4096)
	var tail []byte
	for {
		n, err := client.Read(buf)
		if n > 0 {
			window := append(append([]byte{}, tail...), buf[:n]...)
			if bytes.Contains(window, []byte("\r\n.\r\n")) {
				mu.Lock()
				held = true
				mu.Unlock()
				select {
				case r.inFlight <- struct{}{}:
				default:
				}
			}
			tail = window[max(0, len(window)-4):]
			if _, werr := server.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			if err != io.EOF {
				return
			}
			return
		}
	}
}
