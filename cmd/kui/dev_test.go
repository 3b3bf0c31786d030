package main

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"kui/internal/mailtest"
	"kui/internal/pgtest"
)

// `make run` shows a newcomer the address and the demo logins; the request
// log goes to .data/kui.log, not between them.
func TestDevKeepsTheTerminalForPeople(t *testing.T) {
	dbURL := pgtest.NewDatabase(t)
	t.Chdir(t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	getenv := func(k string) string {
		return map[string]string{"DATABASE_URL": dbURL, "ADDR": "127.0.0.1:0", "DEMO_IDP_ADDR": "127.0.0.1:0",
			"DEMO_MITID_ADDR": "127.0.0.1:0"}[k]
	}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"dev"}, getenv, stdout, stderr) }()
	defer func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("dev: %v", err)
			}
		case <-time.After(60 * time.Second):
			t.Error("dev did not stop within 60 s")
		}
	}()
	running := regexp.MustCompile(`kui is running on (http://\S+)`)
	var base string
	for deadline := time.Now().Add(2 * time.Minute); base == ""; time.Sleep(100 * time.Millisecond) {
		if m := running.FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("dev did not start within 2 minutes:\n%s\n%s", stdout, stderr)
		}
	}
	for _, path := range []string{"/login", "/login", "/healthz"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	// The request log line is written after the answer: wait for it.
	var logged string
	for deadline := time.Now().Add(time.Minute); !strings.Contains(logged, `"msg":"request"`); time.Sleep(100 * time.Millisecond) {
		b, _ := os.ReadFile(devLogFile)
		logged = string(b)
		if time.Now().After(deadline) {
			t.Fatalf("%s has no request lines:\n%s", devLogFile, logged)
		}
	}
	for name, out := range map[string]string{"stdout": stdout.String(), "stderr": stderr.String()} {
		if strings.Contains(out, `"msg"`) || strings.Contains(out, "request") && strings.Contains(out, "route") {
			t.Errorf("the terminal (%s) shows the technical log:\n%s", name, out)
		}
	}
	for _, want := range []string{"admin@", "Password for all demo logins", devLogFile, "Log ind via Demo Kommunes login (demo)",
		"E-mail er slået fra"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("the terminal lacks %q:\n%s", want, stdout)
		}
	}

	// The demo provider: /login offers it, and a demo user signs in through
	// its page (one form per user) and lands on the front page.
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	page := getBody(t, browser, base+"/login")
	if !strings.Contains(page, "Log ind via Demo Kommunes login (demo)") {
		t.Fatalf("/login does not offer the demo provider:\n%s", page)
	}
	resp, err := browser.Get(base + "/login/idp/demo")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	atProvider := resp.Request.URL
	var form url.Values
	for _, f := range regexp.MustCompile(`(?s)<form method="post" action="([^"]+)">(.*?)</form>`).FindAllStringSubmatch(string(body), -1) {
		if !strings.Contains(f[2], `value="uu@demo.example"`) {
			continue
		}
		form = url.Values{}
		for _, in := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`).FindAllStringSubmatch(f[2], -1) {
			form.Set(in[1], html.UnescapeString(in[2]))
		}
	}
	if form == nil {
		t.Fatalf("the demo provider's page (%s) has no form for uu@demo.example:\n%s", atProvider, body)
	}
	if strings.Contains(string(body), "anden.example") {
		t.Error("the demo provider offers another municipality's users")
	}
	resp, err = browser.PostForm(atProvider.Scheme+"://"+atProvider.Host+"/login/username", form)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/" || !strings.Contains(string(body), "Ulla Ungevejleder") {
		t.Errorf("sign-in through the demo provider: %d at %s", resp.StatusCode, resp.Request.URL)
	}

	// The young people's demo MitID: the terminal names the young person's
	// login page, which offers it; Mikkel signs in to his own pages, and the
	// unknown young person meets the calm refusal.
	if !strings.Contains(stdout.String(), base+"/ung/login") {
		t.Errorf("the terminal does not name the young person's login page:\n%s", stdout)
	}
	if page := getBody(t, http.DefaultClient, base+"/ung/login"); !strings.Contains(page, `href="/login/idp/demo-mitid"`) {
		t.Fatalf("/ung/login does not offer the demo MitID:\n%s", page)
	}
	jar, _ = cookiejar.New(nil)
	young := &http.Client{Jar: jar}
	if at, _ := demoProviderSignIn(t, young, base+"/login/idp/demo-mitid", "mikkel"); !strings.HasPrefix(at.Path, "/ung") {
		t.Errorf("Mikkel's sign-in through the demo MitID ended at %s", at)
	}
	if home := getBody(t, young, base+"/ung"); !strings.Contains(home, "Mikkel") {
		t.Errorf("Mikkel's own page:\n%.500s", home)
	}
	jar, _ = cookiejar.New(nil)
	if _, body := demoProviderSignIn(t, &http.Client{Jar: jar}, base+"/login/idp/demo-mitid", "ukendt"); !strings.Contains(body, "no_case") {
		t.Errorf("the unknown young person was not refused with no_case:\n%.500s", body)
	}
}

// demoProviderSignIn starts a sign-in at kui's start address, picks
// username's form on the demo provider's page and posts it; it returns
// where the browser ended and the page there.
func demoProviderSignIn(t *testing.T, browser *http.Client, start, username string) (*url.URL, string) {
	t.Helper()
	resp, err := browser.Get(start)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	atProvider := resp.Request.URL
	var form url.Values
	for _, f := range regexp.MustCompile(`(?s)<form method="post" action="([^"]+)">(.*?)</form>`).FindAllStringSubmatch(string(body), -1) {
		if !strings.Contains(f[2], `value="`+username+`"`) {
			continue
		}
		form = url.Values{}
		for _, in := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`).FindAllStringSubmatch(f[2], -1) {
			form.Set(in[1], html.UnescapeString(in[2]))
		}
	}
	if form == nil {
		t.Fatalf("the demo provider's page (%s) has no form for %s:\n%s", atProvider, username, body)
	}
	resp, err = browser.PostForm(atProvider.Scheme+"://"+atProvider.Host+"/login/username", form)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.Request.URL, string(body)
}

func getBody(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// With .data/bin/mailpit (make deps-run), `make run` starts Mailpit, sends
// kui's e-mail to it and prints where to read them.
func TestDevStartsMailpit(t *testing.T) {
	bin, err := mailtest.Binary()
	if err != nil {
		t.Fatal(err)
	}
	dbURL := pgtest.NewDatabase(t)
	t.Chdir(t.TempDir())
	if err := os.MkdirAll(".data/bin", 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(bin, devMailpitBin); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	getenv := func(k string) string {
		return map[string]string{"DATABASE_URL": dbURL, "ADDR": "127.0.0.1:0", "DEMO_IDP_ADDR": "127.0.0.1:0",
			"DEMO_MITID_ADDR": "127.0.0.1:0"}[k]
	}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"dev"}, getenv, stdout, stderr) }()
	defer func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("dev: %v", err)
			}
		case <-time.After(60 * time.Second):
			t.Error("dev did not stop within 60 s")
		}
	}()
	mails := regexp.MustCompile(`E-mails fra kui: (http://127\.0\.0\.1:\d+)`)
	var web string
	for deadline := time.Now().Add(2 * time.Minute); web == ""; time.Sleep(100 * time.Millisecond) {
		if m := mails.FindStringSubmatch(stdout.String()); m != nil {
			web = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("dev did not print Mailpit's address within 2 minutes:\n%s\n%s", stdout, stderr)
		}
	}
	resp, err := http.Get(web + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("Mailpit at %s: %s", web, resp.Status)
	}
	if strings.Contains(stdout.String(), "E-mail er slået fra") || strings.Contains(stderr.String(), "SMTP_URL is not set") {
		t.Errorf("e-mail is off with Mailpit running:\n%s\n%s", stdout, stderr)
	}
}
