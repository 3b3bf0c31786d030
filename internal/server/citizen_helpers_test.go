package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"testing"
	"time"

	"kui/internal/casework"
	"kui/internal/demoidp"
	"kui/internal/server"
)

// A citizen provider (MitID through a broker, in production) for the young
// person's own kui: the real demo OpenID Provider, connected to A Kommune as
// audience 'citizen', whose ID tokens carry the CPR in the "cpr" claim.

const (
	citizenSlug      = "a-mitid"
	citizenSecretEnv = "KUI_IDP_A_MITID_SECRET"
	citizenSecret    = "citizen-client-secret"
)

// citizenIdP is A Kommune's citizen provider and its people.
type citizenIdP struct {
	p     *demoidp.OIDC
	idp   casework.IdP
	users *demoidp.Users
}

// citizenProvider starts A Kommune's citizen provider with these people
// (Username and CPR are what matter), and moves the test app to a new
// instance that knows the provider's client secret: every client made after
// this call talks to that instance.
func (a *testApp) citizenProvider(t *testing.T, people ...demoidp.User) *citizenIdP {
	t.Helper()
	a.URL = a.startInstanceWith(a.DB, server.Config{Secret: func(name string) string {
		return map[string]string{citizenSecretEnv: citizenSecret}[name]
	}})
	for i := range people {
		if people[i].Email == "" {
			people[i].Email = people[i].Username
		}
	}
	users := demoidp.NewUsers(people...)
	p, err := demoidp.StartOIDC(demoidp.OIDCOptions{ClientID: "kui-mitid", ClientSecret: citizenSecret,
		RedirectURIs: []string{a.URL + "/login/idp/" + citizenSlug + "/callback"},
		Title:        "MitID (test)", Users: users})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	idp, err := a.DB.UpsertIdP(context.Background(), "A Kommune", casework.IdP{Slug: citizenSlug, DisplayName: "MitID",
		Protocol: casework.MethodOIDC, Enabled: true, Audience: casework.AudienceCitizen, OIDCIssuer: p.Issuer,
		OIDCClientID: "kui-mitid", OIDCSecretEnv: citizenSecretEnv, OIDCScopes: []string{"openid", "profile"},
		OIDCCPRClaim: demoidp.CPRClaim})
	if err != nil {
		t.Fatal(err)
	}
	return &citizenIdP{p: p, idp: idp, users: users}
}

// signInCitizen signs username in through the citizen provider, the real
// flow from /login/idp/{slug}, and returns a client with that session
// (which, like every client, does not follow redirects) and kui's last
// answer to the sign-in.
func (a *testApp) signInCitizen(t *testing.T, p *citizenIdP, username string) (*client, response) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	follow := &http.Client{Jar: jar}
	resp, err := p.p.SignIn(context.Background(), follow, a.URL+"/login/idp/"+citizenSlug, username)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body []byte
	body = make([]byte, 0, 4096)
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		body = append(body, buf[:n]...)
		if err != nil {
			break
		}
	}
	c := &client{t: t, base: a.URL, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	return c, response{status: resp.StatusCode, header: resp.Header, body: string(body)}
}

// citizen signs username in and fails the test unless it landed on a
// young person's page.
func (a *testApp) citizen(t *testing.T, p *citizenIdP, username string) *client {
	t.Helper()
	c, last := a.signInCitizen(t, p, username)
	if last.status >= 400 {
		t.Fatalf("citizen sign-in of %s: status %d", username, last.status)
	}
	return c
}

// createYouthWithCPR makes a young person with a CPR number that fits their
// birth date (16 years and 3 months before the test's today), as the given
// professional; serial is the CPR's last three digits.
func (a *testApp) createYouthWithCPR(email, name string, serial int) (int64, string) {
	a.t.Helper()
	birth := day(0).AddDate(-16, -3, 0)
	cpr := birth.Format("020106") + fmt.Sprintf("4%03d", serial)
	d, err := casework.YouthForm{Name: name, BirthDate: birth.Format(time.DateOnly), CPR: cpr, Level: "bump",
		NeedCategory: "koordineret", JoinTeam: true}.Validate(fixedNow, true)
	if err != nil {
		a.t.Fatal(err)
	}
	id, err := a.DB.CreateYouth(context.Background(), a.Users[email], d)
	if err != nil {
		a.t.Fatal(err)
	}
	return id, cpr
}
