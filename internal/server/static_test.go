package server_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"kui/web"
)

// rawGet sends a GET with the cookies of c and the headers given, leaving
// the answer as sent: not decompressed (unlike Go's default transport).
func rawGet(t *testing.T, c *client, path string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	hc := &http.Client{Jar: c.http.Jar, Transport: &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return resp, body
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("broken gzip: %v", err)
	}
	return out
}

var assetLinkRE = regexp.MustCompile(`(?:href|src)="(/static/[^"#]+)`)

// TestStaticFilesByContentHash: a page links its CSS, script, icon and
// sprite by names holding a hash of their content, served with a cache
// of a year marked immutable; the plain names still work with a short
// cache; a made-up hash is not found.
func TestStaticFilesByContentHash(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.anonymous()
	// The login page, and its answer to a wrong password (with an alert's icon).
	page := c.get("/login").body + c.post("/login", url.Values{"email": {"uu@a.example"}, "password": {"forkert"}}).body
	links := map[string]bool{}
	for _, m := range assetLinkRE.FindAllStringSubmatch(page, -1) {
		links[m[1]] = true
	}
	static := web.StaticFiles()
	for _, name := range []string{"vendor/dkfds/css/dkfds.min.css", "app.css", "app.js", "favicon.svg", "vendor/dkfds/img/all-svg-icons.svg"} {
		content, err := fs.ReadFile(static, name)
		if err != nil {
			t.Fatalf("%s: %v (run make assets)", name, err)
		}
		sum := sha256.Sum256(content)
		dot := strings.LastIndex(name, ".")
		want := "/static/" + name[:dot] + "." + hex.EncodeToString(sum[:6]) + name[dot:]
		if !links[want] {
			t.Errorf("the login page does not link %s as %s; it links %v", name, want, links)
			continue
		}
		resp := c.get(want)
		if resp.status != http.StatusOK || resp.body != string(content) {
			t.Errorf("GET %s: status %d, %d bytes, want the %d bytes of %s", want, resp.status, len(resp.body), len(content), name)
		}
		if cc := resp.header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("GET %s: Cache-Control %q, want a year, immutable", want, cc)
		}
		plain := c.get("/static/" + name)
		if plain.status != http.StatusOK || plain.body != string(content) {
			t.Errorf("GET /static/%s: status %d", name, plain.status)
		}
		if cc := plain.header.Get("Cache-Control"); strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=3600") {
			t.Errorf("GET /static/%s: Cache-Control %q, want an hour, not immutable", name, cc)
		}
	}
	for _, p := range []string{"/static/app.000000000000.css", "/static/vendor/", "/static/nothing.css"} {
		if resp := c.get(p); resp.status != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", p, resp.status)
		}
	}
}

// TestCompression: pages and static text are gzipped for a client that
// accepts it (and only then); the live event stream is not, and its first
// event arrives as soon as it is written.
func TestCompression(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	uu := app.as("uu@a.example")
	gz := map[string]string{"Accept-Encoding": "gzip"}

	resp, body := rawGet(t, uu, "/youth", gz)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("GET /youth with Accept-Encoding gzip: status %d, Content-Encoding %q", resp.StatusCode, resp.Header.Get("Content-Encoding"))
	}
	if vary := strings.Join(resp.Header.Values("Vary"), ", "); !strings.Contains(vary, "Accept-Encoding") {
		t.Errorf("GET /youth: Vary %q lacks Accept-Encoding", vary)
	}
	if html := gunzip(t, body); !bytes.HasPrefix(html, []byte("<!doctype html>")) && !bytes.HasPrefix(html, []byte("<!DOCTYPE html>")) {
		t.Errorf("GET /youth: the gunzipped page starts %q", html[:min(len(html), 40)])
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("GET /youth: Cache-Control %q, want no-store", cc)
	}
	if resp, body := rawGet(t, uu, "/youth", nil); resp.Header.Get("Content-Encoding") != "" || !bytes.Contains(body, []byte("<html")) {
		t.Errorf("GET /youth without Accept-Encoding: Content-Encoding %q", resp.Header.Get("Content-Encoding"))
	}

	css := web.Asset("vendor/dkfds/css/dkfds.min.css")
	content, err := fs.ReadFile(web.StaticFiles(), "vendor/dkfds/css/dkfds.min.css")
	if err != nil {
		t.Fatal(err)
	}
	resp, body = rawGet(t, uu, css, gz)
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("GET %s: Content-Encoding %q, want gzip", css, resp.Header.Get("Content-Encoding"))
	}
	if !bytes.Equal(gunzip(t, body), content) {
		t.Errorf("GET %s: the gunzipped CSS is not the file", css)
	}
	if len(body)*3 > len(content) {
		t.Errorf("GET %s: %d bytes gzipped of %d: not compressed", css, len(body), len(content))
	}
	t.Logf("dkfds CSS: %d bytes, %d gzipped", len(content), len(body))

	// The event stream: not compressed, and its first event (the resync
	// every stream starts with) readable at once.
	youth := app.createYouth("uu@a.example", "Strøm Testesen")
	mid := mtCreateMeeting(t, uu, youth, mtMeetingOf("samarbejdsmoede", isoAt(9, "10:00")))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, uu.base+mtPath(mid, "/events"), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", "gzip")
	req.Header.Set("Accept", "text/event-stream")
	hc := &http.Client{Jar: uu.http.Jar, Transport: &http.Transport{DisableCompression: true}}
	stream, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()
	if stream.StatusCode != http.StatusOK || !strings.HasPrefix(stream.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("GET events: %d %s", stream.StatusCode, stream.Header.Get("Content-Type"))
	}
	if enc := stream.Header.Get("Content-Encoding"); enc != "" {
		t.Errorf("the event stream is sent with Content-Encoding %q", enc)
	}
	line, err := bufio.NewReader(stream.Body).ReadString('\n')
	if err != nil || line != "retry: 1000\n" {
		t.Errorf("the event stream's first line: %q, %v (not flushed?)", line, err)
	}
}
