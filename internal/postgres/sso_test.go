package postgres_test

import (
	"testing"
	"time"

	"kui/internal/casework"
	"kui/internal/postgres"
)

// oidcIdP upserts an OIDC provider of municipality with one mapping per role.
func (s *storeFixture) oidcIdP(slug, municipality string, domains ...string) casework.IdP {
	s.t.Helper()
	p, err := s.db.UpsertIdP(s.ctx, municipality, casework.IdP{
		Slug: slug, DisplayName: municipality + "s login", Protocol: casework.MethodOIDC, Enabled: true,
		OIDCIssuer: "https://idp.example/" + slug, OIDCClientID: "kui", Domains: domains,
		Roles: []casework.RoleMapping{
			{Value: "kui-koordinator", Role: casework.RoleCoordinator},
			{Value: "kui-sagsbehandler", Role: casework.RoleCaseworker, UnitName: "Jobcenter"},
		},
	})
	s.ok(err)
	return p
}

func TestSignInWithIdentityCreatesLinksAndUpdates(t *testing.T) {
	s := newStore(t)
	p := s.oidcIdP("aarhus", "Aarhus Kommune", "aarhus.example")
	if len(p.Roles) != 2 || p.Roles[1].UnitName != "Jobcenter" || p.Domains[0] != "aarhus.example" {
		t.Fatalf("provider as stored: %+v", p)
	}
	id := casework.Identity{Method: casework.MethodOIDC, Subject: "sub-1", Email: "Ida@Aarhus.example", Name: "Ida Holm",
		Values: []string{"kui-sagsbehandler"}}
	m, _ := p.MapRole(id.Values)
	u, refused, err := s.db.SignInWithIdentity(s.ctx, p, id, m)
	s.ok(err)
	if refused != "" || u.Role != casework.RoleCaseworker || u.UnitName != "Jobcenter" || u.MunicipalityID != p.MunicipalityID || u.Name != "Ida Holm" {
		t.Fatalf("first sign-in: %+v %q", u, refused)
	}
	// A role change at the provider applies at the next sign-in; the same user.
	id.Values = []string{"kui-sagsbehandler", "kui-koordinator"}
	m, _ = p.MapRole(id.Values)
	u2, _, err := s.db.SignInWithIdentity(s.ctx, p, id, m)
	s.ok(err)
	if u2.ID != u.ID || u2.Role != casework.RoleCoordinator {
		t.Fatalf("second sign-in: %+v, want user %d as coordinator", u2, u.ID)
	}
	if n := s.count(`SELECT count(*) FROM security_log WHERE user_id = $1 AND event = 'sign_in' AND method = 'oidc' AND at = $2`, u.ID, clockNow); n != 2 {
		t.Errorf("%d sign-in lines in the security log, want 2", n)
	}
	var method string
	var at time.Time
	s.ok(s.db.Pool.QueryRow(s.ctx, `SELECT last_sign_in_method, last_sign_in_at FROM users WHERE id = $1`, u.ID).Scan(&method, &at))
	if method != "oidc" || !at.Equal(clockNow) {
		t.Errorf("last sign-in %s at %v", method, at)
	}
	// An existing user of the municipality is found by e-mail and linked.
	existing := s.user("Per Lund", casework.RoleFacilitator, "Aarhus Kommune", "")
	pid := casework.Identity{Method: casework.MethodOIDC, Subject: "sub-per", Email: existing.Email, Values: []string{"kui-koordinator"}}
	m, _ = p.MapRole(pid.Values)
	u3, _, err := s.db.SignInWithIdentity(s.ctx, p, pid, m)
	s.ok(err)
	if u3.ID != existing.ID || u3.Name != "Per Lund" || u3.Role != casework.RoleCoordinator {
		t.Errorf("linked by e-mail: %+v, want %d keeping its name", u3, existing.ID)
	}
}

func TestSignInWithIdentityNeverCrossesMunicipalities(t *testing.T) {
	s := newStore(t)
	s.oidcIdP("aarhus", "Aarhus Kommune")
	b := s.oidcIdP("odense", "Odense Kommune")
	other := s.user("Anna Berg", casework.RoleCaseworker, "Aarhus Kommune", "")
	users := s.count(`SELECT count(*) FROM users`)
	id := casework.Identity{Method: casework.MethodOIDC, Subject: "x", Email: other.Email, Values: []string{"kui-koordinator"}}
	m, _ := b.MapRole(id.Values)
	_, refused, err := s.db.SignInWithIdentity(s.ctx, b, id, m)
	s.ok(err)
	if refused != casework.RefusedOtherMunicipality {
		t.Fatalf("refused = %q, want other_municipality", refused)
	}
	if n := s.count(`SELECT count(*) FROM users`); n != users {
		t.Errorf("users %d → %d", users, n)
	}
	if n := s.count(`SELECT count(*) FROM user_identities`); n != 0 {
		t.Errorf("%d identities linked", n)
	}
	var role string
	s.ok(s.db.Pool.QueryRow(s.ctx, `SELECT role FROM users WHERE id = $1`, other.ID).Scan(&role))
	if role != "caseworker" {
		t.Errorf("the other municipality's user became %s", role)
	}
	if n := s.count(`SELECT count(*) FROM security_log WHERE event = 'refused' AND reason = 'other_municipality' AND idp_id = $1 AND user_id IS NULL AND subject_digest <> ''`, b.ID); n != 1 {
		t.Errorf("%d refusal lines", n)
	}
	// A mapping cannot name another municipality's unit.
	var aUnit int64
	s.ok(s.db.Pool.QueryRow(s.ctx, `INSERT INTO units (municipality_id, name) SELECT municipality_id, 'UU' FROM users WHERE id = $1 RETURNING id`, other.ID).Scan(&aUnit))
	admin := s.user("Odense Admin", casework.RoleAdmin, "Odense Kommune", "")
	err = s.db.AddRoleMapping(s.ctx, admin, b.ID, casework.RoleMapping{Value: "v", Role: casework.RoleCaseworker, UnitID: aUnit})
	if casework.FieldProblems(err)["unit_id"] != casework.ProblemUnknownChoice {
		t.Errorf("mapping to another municipality's unit: %v", err)
	}
	// Nor reach another municipality's provider.
	aarhus, _ := s.db.IdPBySlug(s.ctx, "aarhus")
	if _, err := s.db.IdPOf(s.ctx, admin, aarhus.ID); casework.Code(err) != casework.ENotFound {
		t.Errorf("Odense's admin reads Aarhus' provider: %v", err)
	}
	if err := s.db.DeleteIdP(s.ctx, admin, aarhus.ID); casework.Code(err) != casework.ENotFound {
		t.Errorf("Odense's admin deletes Aarhus' provider: %v", err)
	}
	// A domain belongs to one provider.
	_, err = s.db.UpsertIdP(s.ctx, "Odense Kommune", casework.IdP{Slug: "odense", DisplayName: "x", Protocol: "oidc",
		OIDCIssuer: "https://i.example", OIDCClientID: "c", Enabled: true, Domains: []string{"aarhus.example"}})
	s.ok(err)
	_, err = s.db.UpsertIdP(s.ctx, "Aarhus Kommune", casework.IdP{Slug: "aarhus", DisplayName: "x", Protocol: "oidc",
		OIDCIssuer: "https://i.example", OIDCClientID: "c", Enabled: true, Domains: []string{"aarhus.example"}})
	if casework.FieldProblems(err)["domains"] != casework.ProblemDomainTaken {
		t.Errorf("a domain taken twice: %v", err)
	}
	// A slug of another municipality is not taken over by upsert.
	_, err = s.db.UpsertIdP(s.ctx, "Aarhus Kommune", casework.IdP{Slug: "odense", DisplayName: "x", Protocol: "oidc",
		OIDCIssuer: "https://i.example", OIDCClientID: "c", Enabled: true})
	if casework.FieldProblems(err)["slug"] != casework.ProblemSlugTaken {
		t.Errorf("another municipality's slug: %v", err)
	}
}

func TestPendingLoginIsOnceBrowserBoundAndExpires(t *testing.T) {
	s := newStore(t)
	p := s.oidcIdP("aarhus", "Aarhus Kommune")
	browser := []byte("0123456789abcdef0123456789abcdef")
	pl := postgres.PendingLogin{ID: "state-0123456789abcdef0123456789abcdef", IdPID: p.ID, ReturnURL: "http://kui/cb",
		OIDCNonce: "n", OIDCVerifier: "v", Next: "/youth"}
	s.ok(s.db.CreatePendingLogin(s.ctx, pl, browser))
	if _, err := s.db.TakePendingLogin(s.ctx, pl.ID, []byte("another browser")); casework.Code(err) != casework.ENotFound {
		t.Errorf("another browser took it: %v", err)
	}
	got, err := s.db.TakePendingLogin(s.ctx, pl.ID, browser)
	s.ok(err)
	if got.OIDCNonce != "n" || got.OIDCVerifier != "v" || got.Next != "/youth" || got.ReturnURL != pl.ReturnURL {
		t.Errorf("took %+v", got)
	}
	if _, err := s.db.TakePendingLogin(s.ctx, pl.ID, browser); casework.Code(err) != casework.ENotFound {
		t.Errorf("taken twice: %v", err)
	}
	// Expired by kui's clock.
	pl.ID = "state-expired-0123456789abcdef0123456789"
	s.ok(s.db.CreatePendingLogin(s.ctx, pl, browser))
	s.clock.mu.Lock()
	s.clock.now = clockNow.Add(postgres.PendingLoginLifetime + time.Second)
	s.clock.mu.Unlock()
	if _, err := s.db.TakePendingLogin(s.ctx, pl.ID, browser); casework.Code(err) != casework.ENotFound {
		t.Errorf("an expired sign-in was taken: %v", err)
	}
	s.ok(s.db.DeleteExpiredSignIns(s.ctx))
	if n := s.count(`SELECT count(*) FROM pending_logins`); n != 0 {
		t.Errorf("%d pending sign-ins left after cleanup", n)
	}
	s.clock.mu.Lock()
	s.clock.now = clockNow
	s.clock.mu.Unlock()

	// SAML: asserted once, finished once by the browser.
	saml := postgres.PendingLogin{ID: "relay-0123456789abcdef0123456789abcdef", IdPID: p.ID, ReturnURL: "http://kui/acs", SAMLRequestID: "id-1"}
	s.ok(s.db.CreatePendingLogin(s.ctx, saml, browser))
	if _, err := s.db.TakeAssertedLogin(s.ctx, saml.ID, browser); casework.Code(err) != casework.ENotFound {
		t.Errorf("finished before the response: %v", err)
	}
	byID, err := s.db.PendingLoginByID(s.ctx, saml.ID)
	s.ok(err)
	if byID.SAMLRequestID != "id-1" || byID.Asserted != nil {
		t.Errorf("pending SAML sign-in %+v", byID)
	}
	who := casework.Identity{Method: "saml", Subject: "s", Email: "a@b.example", Values: []string{"x"}}
	if ok, err := s.db.SetAsserted(s.ctx, saml.ID, who); err != nil || !ok {
		t.Fatalf("asserted: %v %v", ok, err)
	}
	if ok, _ := s.db.SetAsserted(s.ctx, saml.ID, who); ok {
		t.Error("asserted twice")
	}
	done, err := s.db.TakeAssertedLogin(s.ctx, saml.ID, browser)
	s.ok(err)
	if done.Asserted == nil || done.Asserted.Email != "a@b.example" || done.Asserted.Values[0] != "x" {
		t.Errorf("finished with %+v", done.Asserted)
	}

	// The replay store answers once per key.
	until := time.Now().Add(time.Minute)
	if fresh, err := s.db.ConsumeSAMLKey(s.ctx, p.ID, "assertion-1", until); err != nil || !fresh {
		t.Errorf("first use: %v %v", fresh, err)
	}
	if fresh, err := s.db.ConsumeSAMLKey(s.ctx, p.ID, "assertion-1", until); err != nil || fresh {
		t.Errorf("second use: %v %v", fresh, err)
	}
}
