package main

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

func testMix() *mix {
	return &mix{
		bases: []string{"http://a", "http://b"},
		users: []mixUser{
			{email: "p1", cookie: "c=1", youth: []int64{11, 12, 13}, meetings: []int64{101, 102}, search: "jensen"},
			{email: "p2", cookie: "c=2", youth: []int64{21}, meetings: []int64{201}, search: "nielsen"},
			{email: "p3", cookie: "c=3", youth: []int64{31, 32}, meetings: []int64{301, 302, 303}, search: "hansen"},
		},
		coordinators: []mixUser{{email: "k1", cookie: "c=k1"}, {email: "k2", cookie: "c=k2"}},
		run:          "t",
	}
}

// The mix holds its proportions over whole rounds of the schedule.
func TestMixProportions(t *testing.T) {
	m := testMix()
	const n = 20 * 3 * 2 * 10 // whole rounds for every user and coordinator
	count := map[errand]int{}
	for i := range uint64(n) {
		count[m.request(i).errand]++
	}
	want := map[errand]int{youthPage: 55, youthSearch: 15, meetingPage: 10, planPost: 5, frontPage: 10, coordinatorView: 5}
	for e, pct := range want {
		if got := count[e] * 100 / n; got != pct || count[e]*100%n != 0 {
			t.Errorf("%s: %d of %d requests, want %d %%", e, count[e], n, pct)
		}
	}
}

// Every request goes as one user to one instance, and points at what that
// user may see; the load spreads over users, instances and both views.
func TestMixRequests(t *testing.T) {
	m := testMix()
	perUser := map[string]int{}
	perBase := map[string]int{}
	perPath := map[string]int{}
	tokens := map[string]bool{}
	byCookie := map[string]*mixUser{}
	for i := range m.users {
		byCookie[m.users[i].cookie] = &m.users[i]
	}
	tr := m.targeter()
	for range 20 * 3 * 2 * 10 {
		var tg vegeta.Target
		if err := tr(&tg); err != nil {
			t.Fatal(err)
		}
		u, err := url.Parse(tg.URL)
		if err != nil {
			t.Fatal(err)
		}
		cookie := tg.Header.Get("Cookie")
		perUser[cookie]++
		perBase[u.Host]++
		switch {
		case strings.HasPrefix(u.Path, "/overview"):
			if !strings.HasPrefix(cookie, "c=k") {
				t.Fatalf("%s as %s, not a coordinator", tg.URL, cookie)
			}
			perPath[u.Path]++
		case tg.Method == http.MethodPost:
			form, _ := url.ParseQuery(string(tg.Body))
			if tokens[form.Get("token")] || form.Get("token") == "" {
				t.Fatalf("token %q used twice or missing", form.Get("token"))
			}
			tokens[form.Get("token")] = true
			if tg.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
				t.Fatalf("POST without a form content type: %v", tg.Header)
			}
			fallthrough
		default:
			owner := byCookie[cookie]
			if owner == nil {
				t.Fatalf("%s as unknown %s", tg.URL, cookie)
			}
			id := ""
			switch {
			case strings.HasPrefix(u.Path, "/youth/"):
				id = strings.TrimPrefix(u.Path, "/youth/")
				if !containsID(owner.youth, id) {
					t.Fatalf("%s: young person not on %s's team", tg.URL, owner.email)
				}
			case strings.HasPrefix(u.Path, "/meetings/"):
				id = strings.TrimSuffix(strings.TrimPrefix(u.Path, "/meetings/"), "/plan")
				if !containsID(owner.meetings, id) {
					t.Fatalf("%s: not %s's meeting", tg.URL, owner.email)
				}
			case u.Path == "/youth":
				if u.Query().Get("q") != owner.search {
					t.Fatalf("%s: not %s's search", tg.URL, owner.email)
				}
			case u.Path != "/":
				t.Fatalf("unexpected %s", tg.URL)
			}
		}
	}
	if len(perUser) != 5 || perUser["c=1"] != perUser["c=3"] || perUser["c=k1"] != perUser["c=k2"] {
		t.Errorf("requests per session: %v", perUser)
	}
	if perBase["a"] != perBase["b"] {
		t.Errorf("requests per instance: %v", perBase)
	}
	if perPath["/overview"] == 0 || perPath["/overview"] != perPath["/overview/between-chairs"] {
		t.Errorf("coordinator views: %v", perPath)
	}
}

func containsID(ids []int64, s string) bool {
	for _, id := range ids {
		if s == strconv.FormatInt(id, 10) {
			return true
		}
	}
	return false
}

// The coordinators' views go to both instances, as every session in turn.
func TestFixedTargeter(t *testing.T) {
	desks := []mixUser{{cookie: "c=1"}, {cookie: "c=2"}, {cookie: "c=3"}, {cookie: "c=4"}}
	tr := fixedTargeter([]string{"http://a", "http://b"}, desks, "/overview")
	seen := map[string]int{}
	for range 80 {
		var tg vegeta.Target
		if err := tr(&tg); err != nil {
			t.Fatal(err)
		}
		if tg.Method != http.MethodGet || !strings.HasSuffix(tg.URL, "/overview") {
			t.Fatalf("%s %s", tg.Method, tg.URL)
		}
		seen[tg.URL+" "+tg.Header.Get("Cookie")]++
	}
	for _, k := range []string{"http://a/overview c=1", "http://b/overview c=2", "http://a/overview c=3", "http://b/overview c=4"} {
		if seen[k] != 20 {
			t.Errorf("%s: %d of 80 (all: %v)", k, seen[k], seen)
		}
	}
}
