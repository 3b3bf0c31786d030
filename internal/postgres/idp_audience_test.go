package postgres_test

import (
	"testing"

	"kui/internal/casework"
)

// A citizen provider has no role mappings and no e-mail domains, held by
// the database itself (00013): what the store's checks before a write
// would miss under concurrency — a mapping added while the provider is made
// a citizen provider — cannot be written.
func TestCitizenProviderHasNoMappingsInTheDatabase(t *testing.T) {
	s := newStore(t)
	staff, err := s.db.UpsertIdP(s.ctx, "A Kommune", casework.IdP{Slug: "a-login", DisplayName: "A Kommunes login",
		Protocol: casework.MethodOIDC, Enabled: true, OIDCIssuer: "https://idp.a.example", OIDCClientID: "kui",
		Domains: []string{"a.example"}, Roles: []casework.RoleMapping{{Value: "kui:caseworker", Role: casework.RoleCaseworker}}})
	s.ok(err)
	citizen, err := s.db.UpsertIdP(s.ctx, "A Kommune", casework.IdP{Slug: "a-mitid", DisplayName: "MitID",
		Protocol: casework.MethodOIDC, Enabled: true, Audience: casework.AudienceCitizen, OIDCIssuer: "https://mitid.a.example",
		OIDCClientID: "kui", OIDCCPRClaim: "cpr"})
	s.ok(err)
	// Straight to the tables, past the store's checks.
	for what, sql := range map[string]string{
		"a mapping on the citizen provider": `INSERT INTO identity_provider_roles (municipality_id, idp_id, value, role, position)
			VALUES ($1, $2, 'kui:caseworker', 'caseworker', 1)`,
		"a domain on the citizen provider": `INSERT INTO identity_provider_domains (domain, municipality_id, idp_id) VALUES ('b.example', $1, $2)`,
	} {
		if _, err := s.db.Pool.Exec(s.ctx, sql, citizen.MunicipalityID, citizen.ID); err == nil {
			t.Errorf("%s was written", what)
		}
	}
	if _, err := s.db.Pool.Exec(s.ctx, `UPDATE identity_providers SET audience = 'citizen', oidc_cpr_claim = 'cpr' WHERE id = $1`, staff.ID); err == nil {
		t.Error("a provider with mappings and domains was made a citizen provider")
	}
	// The staff provider keeps its mapping and domain; deleting it takes them along.
	var roles, domains int
	s.ok(s.db.Pool.QueryRow(s.ctx, `SELECT (SELECT count(*) FROM identity_provider_roles WHERE idp_id = $1),
		(SELECT count(*) FROM identity_provider_domains WHERE idp_id = $1)`, staff.ID).Scan(&roles, &domains))
	if roles != 1 || domains != 1 {
		t.Errorf("the staff provider has %d mappings and %d domains, want 1 and 1", roles, domains)
	}
	s.ok(s.db.DeleteIdPBySlug(s.ctx, "a-login"))
}
