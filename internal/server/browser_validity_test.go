package server_test

// Valid HTML: the W3C Nu checker (vnu-jar from npm, run with Java) over the
// pages kui serves. Two sources of pages:
//
//   - every page a browser test checks with axe (checkAccessibility) is
//     saved as the server sent it, and all of them are checked once, after
//     the package's tests ran (validatingM, run by TestMain);
//   - TestPagesAreValidHTML opens every GET route of the route table as
//     each role on the matrix's fixture, and a few forms answered with 422,
//     and checks them at once.
//
// The big screen's live fragment (GET /meetings/{mid}/screen/live) is a
// piece of a page, not a document, and is left out.

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// vnuMessage is one problem the Nu checker reports.
type vnuMessage struct {
	Type      string `json:"type"`
	URL       string `json:"url"`
	LastLine  int    `json:"lastLine"`
	Message   string `json:"message"`
	Extract   string `json:"extract"`
	SubType   string `json:"subType"`
	FirstLine int    `json:"firstLine"`
}

// vnuJar is the checker's jar, from npm (make assets).
func vnuJar() (string, error) {
	root, err := repoRoot()
	if err != nil {
		return "", err
	}
	jar := filepath.Join(root, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	if _, err := os.Stat(jar); err != nil {
		return "", fmt.Errorf("the Nu HTML checker is missing (%v): run `make assets`", err)
	}
	if _, err := exec.LookPath("java"); err != nil {
		return "", fmt.Errorf("the Nu HTML checker needs Java (%v). Install it with:\n    apt-get install -y default-jre-headless", err)
	}
	return jar, nil
}

// vnuCheck runs the checker once over files and returns its errors.
func vnuCheck(files []string) ([]vnuMessage, error) {
	if len(files) == 0 {
		return nil, nil
	}
	jar, err := vnuJar()
	if err != nil {
		return nil, err
	}
	args := append([]string{"-jar", jar, "--errors-only", "--format", "json"}, files...)
	cmd := exec.Command("java", args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	// The checker writes its report to standard error and exits with 1
	// when it found errors.
	var report struct {
		Messages []vnuMessage `json:"messages"`
	}
	if err := json.Unmarshal(stderr.Bytes(), &report); err != nil {
		return nil, fmt.Errorf("the Nu checker's answer is not its JSON report (%v, exit: %v):\n%s%s", err, runErr, stdout.String(), stderr.String())
	}
	var out []vnuMessage
	for _, m := range report.Messages {
		if m.Type == "error" || m.Type == "non-document-error" || m.SubType == "fatal" {
			out = append(out, m)
		}
	}
	if runErr != nil && len(out) == 0 {
		return nil, fmt.Errorf("the Nu checker failed: %v\n%s", runErr, stderr.String())
	}
	return out, nil
}

// pageSet is a folder of saved pages, each named after what it is.
type pageSet struct {
	mu    sync.Mutex
	dir   string
	names map[string]string // file → the page it holds
	seen  map[[32]byte]bool // the same HTML is checked once
}

func (s *pageSet) save(name, html string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sum := sha256.Sum256([]byte(html))
	if s.seen[sum] {
		return nil
	}
	if s.dir == "" {
		dir, err := os.MkdirTemp("", "kui-pages-")
		if err != nil {
			return err
		}
		s.dir, s.names, s.seen = dir, map[string]string{}, map[[32]byte]bool{}
	}
	s.seen[sum] = true
	file := filepath.Join(s.dir, fmt.Sprintf("%04d-%s.html", len(s.names)+1, fileSafe.ReplaceAllString(name, "_")))
	s.names[file] = name
	return os.WriteFile(file, []byte(html), 0o644)
}

var fileSafe = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// check runs the checker over the saved pages and describes every error,
// one per line: the page, the line, the message and the code around it.
func (s *pageSet) check() ([]string, int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var files []string
	for f := range s.names {
		files = append(files, f)
	}
	sort.Strings(files)
	msgs, err := vnuCheck(files)
	if err != nil {
		return nil, len(files), err
	}
	var out []string
	for _, m := range msgs {
		file := strings.TrimPrefix(m.URL, "file:")
		out = append(out, fmt.Sprintf("%s (%s:%d): %s\n        %s", s.names[file], filepath.Base(file), m.LastLine, m.Message, strings.TrimSpace(m.Extract)))
	}
	return out, len(files), nil
}

func (s *pageSet) remove() {
	if s.dir != "" {
		os.RemoveAll(s.dir)
	}
}

// visitedPages are the pages the browser tests checked with axe; fromDOM
// counts those read from the DOM, not the network.
var (
	visitedPages pageSet
	fromDOM      atomic.Int64
)

// savePage keeps the current page, as the server sent it, for the checker.
// The body comes from the browser's network log; a page that is not there
// (none so far) is read from the DOM instead.
func (b *browser) savePage(page string) {
	b.t.Helper()
	b.mu.Lock()
	id, docURL := b.lastDocument, b.lastDocumentURL
	b.mu.Unlock()
	html := ""
	if id != "" && strings.TrimSuffix(strings.SplitN(b.location(), "#", 2)[0], "/") == strings.TrimSuffix(strings.TrimPrefix(docURL, b.base), "/") {
		res, err := chromedp.Call(b.ctx, network.GetResponseBody, network.GetResponseBodyParams{RequestID: id})
		if err == nil {
			html = string(res.Body)
		}
	}
	if html == "" {
		fromDOM.Add(1)
		html = get(b, "read the page's HTML", chromedp.Evaluate[string](
			`"<!DOCTYPE html>\n" + document.documentElement.outerHTML`))
	}
	if err := visitedPages.save(b.t.Name()+"-"+page, html); err != nil {
		b.t.Fatal(err)
	}
}

// validatingM runs the package's tests, then the checker over the pages
// the browser tests visited: an error fails the run.
type validatingM struct{ m *testing.M }

func (v validatingM) Run() int {
	code := v.m.Run()
	defer visitedPages.remove()
	if code != 0 || visitedPages.dir == "" {
		return code
	}
	problems, n, err := visitedPages.check()
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: the HTML of the pages the browser tests visited: %v\n", err)
		return 1
	}
	if len(problems) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: the W3C Nu checker finds %d errors in the %d pages the browser tests visited:\n    %s\n",
			len(problems), n, strings.Join(problems, "\n    "))
		return 1
	}
	fmt.Printf("the %d pages the browser tests visited are valid HTML (%d read from the DOM)\n", n, fromDOM.Load())
	return code
}

// TestPagesAreValidHTML opens every page of the route table as every kind
// of user on a fixture with one of everything, and the forms that answer
// 422, and runs the Nu checker over them all at once.
func TestPagesAreValidHTML(t *testing.T) {
	w := newMxWorld(t)
	routes := w.routes(t)
	own := w.targets[0]
	var pages pageSet
	defer pages.remove()
	save := func(name string, resp response) {
		t.Helper()
		if !strings.HasPrefix(resp.header.Get("Content-Type"), "text/html") || resp.status/100 == 3 {
			return
		}
		if err := pages.save(name, resp.body); err != nil {
			t.Fatal(err)
		}
		for _, p := range dateHintProblems(resp.body) {
			t.Errorf("%s: %s", name, p)
		}
	}
	// One user of each role, and a refused one (the error pages).
	actors := []string{"uu@a.example", "tovholder@a.example", "koordinator@a.example", "admin@a.example", "koordinator@b.example"}
	skip := map[string]bool{
		"GET /meetings/{mid}/screen/live": true, // a fragment, not a document
		"GET /meetings/{mid}/events":      true, // an event stream
	}
	gets := 0
	for _, r := range routes {
		key := r.method + " " + r.pattern
		if r.method != http.MethodGet || mxPublic[key] || skip[key] {
			continue
		}
		path := fillPath(r.pattern, own.params)
		for _, email := range actors {
			resp := mxDo(t, w.clients[email], http.MethodGet, path, nil)
			gets++
			save(fmt.Sprintf("%s-%s-%d", r.pattern, email, resp.status), resp)
		}
	}
	save("login", w.app.anonymous().get("/login"))
	// The young person's own pages, as the young person of the case (issue
	// 14), and their sign-in page.
	ung := w.clients[mxCitizenActors[0].email]
	for _, r := range routes {
		key := r.method + " " + r.pattern
		if r.method != http.MethodGet || !mxUng(r.pattern) || mxPublic[key] {
			continue
		}
		resp := mxDo(t, ung, http.MethodGet, fillPath(r.pattern, own.params), nil)
		gets++
		if resp.status != http.StatusOK {
			t.Errorf("the young person's GET %s: %d", r.pattern, resp.status)
		}
		save(fmt.Sprintf("%s-ung-%d", r.pattern, resp.status), resp)
	}
	save("ung-login", w.app.anonymous().get("/ung/login"))

	// Forms answered with their problems: 422 with the values put back,
	// including values no browser field can hold.
	uu := w.clients["uu@a.example"]
	yp := youthPath(w.youthOf[own.name])
	mp := "/meetings/" + own.params["mid"]
	for _, f := range []struct {
		path string
		form url.Values
	}{
		{yp + "/notes", url.Values{"occurred_on": {"12.13.2008"}, "occurred_time": {"25:99"}, "spoken_with": {"Den unge"}}},
		{yp + "/notes", url.Values{}},
		{"/youth", url.Values{"birth_date": {"ikke en dato"}}},
		{yp + "/efforts", url.Values{"starts_on": {"igår"}, "ends_on": {"2008-02-30"}}},
		{yp + "/consents", url.Values{"given_on": {"x"}, "expires_on": {"y"}}},
		{yp + "/progression", url.Values{"measured_on": {"z"}}},
		{yp + "/meetings", url.Values{"starts_at": {"i morgen kl. 10"}}},
		{mp + "/plan", url.Values{"due": {"snart"}, "owner": {""}}},
	} {
		resp := uu.post(f.path, f.form)
		if resp.status != http.StatusUnprocessableEntity {
			t.Errorf("POST %s %v: status %d, want 422", f.path, f.form, resp.status)
			continue
		}
		save("422 POST "+f.path, resp)
	}
	admin := w.clients["admin@a.example"]
	if resp := admin.post("/admin/rooms/days", url.Values{"room_id": {own.params["room"]}, "weekday": {"2"}, "starts": {"9"}, "ends": {"25:00"}}); resp.status == http.StatusUnprocessableEntity {
		save("422 POST /admin/rooms/days", resp)
	} else {
		t.Errorf("POST /admin/rooms/days with a wrong time: status %d, want 422", resp.status)
	}

	for _, f := range []url.Values{
		{"protocol": {"oidc"}, "slug": {"Ikke Gyldig"}, "oidc_issuer": {"http://x"}, "oidc_secret_env": {"hemmelig"}, "domains": {"x"}},
		{"protocol": {"saml"}, "slug": {"mx-saml"}, "saml_metadata": {"<ikke/>"}, "saml_oiosaml": {"1"}, "saml_cvr": {"1"}},
	} {
		if resp := admin.post("/admin/sign-in", f); resp.status == http.StatusUnprocessableEntity {
			save("422 POST /admin/sign-in "+f.Get("protocol"), resp)
		} else {
			t.Errorf("POST /admin/sign-in %v: status %d, want 422", f, resp.status)
		}
	}
	if resp := admin.post("/admin/sign-in/"+own.params["idp"]+"/roles", url.Values{"value": {""}, "role": {"chef"}}); resp.status == http.StatusUnprocessableEntity {
		save("422 POST /admin/sign-in/{idp}/roles", resp)
	} else {
		t.Errorf("POST /admin/sign-in/{idp}/roles without a value: status %d, want 422", resp.status)
	}

	// E-mail choices with an unknown value; the unsubscribe link's
	// question, its confirmation and a forged link (public pages).
	if resp := uu.post("/settings/notifications", url.Values{"kind_handover": {"hver-time"}}); resp.status == http.StatusUnprocessableEntity {
		save("422 POST /settings/notifications", resp)
	} else {
		t.Errorf("POST /settings/notifications with an unknown choice: status %d, want 422", resp.status)
	}
	unsub := "/unsubscribe/" + w.unsubscribeToken(t, "uu@a.example", "handover")
	nobody := w.app.anonymous()
	save("GET /unsubscribe/{token}", nobody.get(unsub))
	save("POST /unsubscribe/{token}", nobody.post(unsub, url.Values{}))
	save("GET /unsubscribe/{token} forged", nobody.get("/unsubscribe/ikke-en-nøgle"))

	problems, n, err := pages.check()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d requests, %d different pages checked", gets, n)
	if n < 40 {
		t.Errorf("only %d pages checked", n)
	}
	for _, p := range problems {
		t.Errorf("invalid HTML: %s", p)
	}
}

var (
	inputTagRE     = regexp.MustCompile(`<input\b[^>]*>`)
	dateTypeRE     = regexp.MustCompile(`\btype="(date|time|datetime-local)"`)
	describedByRE  = regexp.MustCompile(`\baria-describedby="([^"]*)"`)
	inputIDRE      = regexp.MustCompile(`\bid="([^"]*)"`)
	digitsFormatRE = regexp.MustCompile(`[0-9]|ÅÅÅÅ|åååå|\b(DD|MM|TT|dd|mm|tt)\b`)
)

// dateHintProblems checks the date and time inputs of a page: the browser
// shows them in its own language's format (12.03.2008 in Danish,
// 03/12/2008 in English, 9:30 AM), so a hint beside one that shows a
// format, an example or a digit is false in some browser.
func dateHintProblems(page string) []string {
	var out []string
	for _, tag := range inputTagRE.FindAllString(page, -1) {
		typ := dateTypeRE.FindStringSubmatch(tag)
		if typ == nil {
			continue
		}
		id := ""
		if m := inputIDRE.FindStringSubmatch(tag); m != nil {
			id = m[1]
		}
		m := describedByRE.FindStringSubmatch(tag)
		if m == nil {
			continue
		}
		for _, ref := range strings.Fields(m[1]) {
			if !strings.HasSuffix(ref, "-hint") {
				continue
			}
			hint := regexp.MustCompile(`<span class="form-hint" id="` + regexp.QuoteMeta(ref) + `">([^<]*)</span>`).FindStringSubmatch(page)
			if hint == nil {
				out = append(out, fmt.Sprintf("the %s input #%s refers to the hint #%s, which is not on the page", typ[1], id, ref))
				continue
			}
			if digitsFormatRE.MatchString(hint[1]) {
				out = append(out, fmt.Sprintf("the hint of the %s input #%s shows a format the browser may not use: %q", typ[1], id, hint[1]))
			}
		}
	}
	return out
}

// TestDateFieldsWhateverTheBrowsersLanguage: the note form's answer with
// problems (422) keeps a malformed date or time out of its date and time
// inputs (the browser would show them empty, and the page is not valid
// HTML) and says what is wrong without a format the field may not show;
// the young person's form gives the birth date a hint without a format.
func TestDateFieldsWhateverTheBrowsersLanguage(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.as("uu@a.example")
	id := app.createYouth("uu@a.example", "Dato Testesen")
	resp := c.post(youthPath(id)+"/notes", url.Values{"spoken_with": {"Den unge"}, "occurred_on": {"12.13.2008"},
		"occurred_time": {"25:99"}, "topic": {"Emne"}, "agreed": {"Aftale"}})
	if resp.status != http.StatusUnprocessableEntity {
		t.Fatalf("POST a note with a malformed date and time: status %d, want 422", resp.status)
	}
	for _, bad := range []string{`value="12.13.2008"`, `value="25:99"`} {
		if strings.Contains(resp.body, bad) {
			t.Errorf("the note form's 422 puts the malformed %s back into its input", bad)
		}
	}
	for _, want := range []string{`id="f-occurred_on" name="occurred_on" type="date" value=""`, `id="f-occurred_time" name="occurred_time" type="time" value=""`,
		"Skriv en gyldig dato med dag, måned og år.", "Skriv et gyldigt klokkeslæt med timer og minutter."} {
		if !strings.Contains(resp.body, want) {
			t.Errorf("the note form's 422 lacks %s", want)
		}
	}
	// A well-formed value is kept.
	resp = c.post(youthPath(id)+"/notes", url.Values{"spoken_with": {""}, "occurred_on": {iso(-1)}, "occurred_time": {"09:30"}})
	for _, want := range []string{`type="date" value="` + iso(-1) + `"`, `type="time" value="09:30"`} {
		if resp.status != http.StatusUnprocessableEntity || !strings.Contains(resp.body, want) {
			t.Errorf("the note form's 422 (status %d) does not keep %s:\n%s", resp.status, want, inputTagRE.FindAllString(resp.body, -1))
		}
	}
	for _, page := range []response{resp, c.get("/youth/new")} {
		if !strings.Contains(page.body, `type="date"`) {
			t.Fatalf("no date input on the page:\n%s", page.body)
		}
		for _, p := range dateHintProblems(page.body) {
			t.Error(p)
		}
	}
}
