package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"kui/internal/casework"
)

// A municipality's identity providers (signing in with the municipality's
// own login): their configuration, e-mail domains and role mappings. An
// administrator reaches only their own municipality's; operators (kui idp)
// and the sign-in flows reach any by slug.

const (
	constraintIdPSlug     = "identity_providers_slug_key"
	constraintIdPDomain   = "identity_provider_domains_pkey"
	constraintIdPRoleOnce = "identity_provider_roles_once"
)

const idpColumns = `p.id, p.municipality_id, m.name, p.slug, p.display_name, p.protocol, p.enabled,
	coalesce(p.oidc_issuer, ''), coalesce(p.oidc_client_id, ''), p.oidc_scopes, coalesce(p.oidc_secret_env, ''), p.oidc_role_claim,
	coalesce(p.saml_metadata, ''), p.saml_oiosaml, coalesce(p.saml_cvr, ''), p.saml_min_loa, coalesce(p.saml_role_attr, ''), p.updated_at,
	p.audience, coalesce(p.oidc_cpr_claim, '')`

const idpFrom = ` FROM identity_providers p JOIN municipalities m ON m.id = p.municipality_id`

func scanIdP(row pgx.Row) (casework.IdP, error) {
	var p casework.IdP
	err := row.Scan(&p.ID, &p.MunicipalityID, &p.MunicipalityName, &p.Slug, &p.DisplayName, &p.Protocol, &p.Enabled,
		&p.OIDCIssuer, &p.OIDCClientID, &p.OIDCScopes, &p.OIDCSecretEnv, &p.OIDCRoleClaim,
		&p.SAMLMetadata, &p.SAMLOIOSAML, &p.SAMLCVR, &p.SAMLMinLoA, &p.SAMLRoleAttr, &p.UpdatedAt,
		&p.Audience, &p.OIDCCPRClaim)
	return p, err
}

// queryer is a pool or a transaction.
type queryer interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func (db *DB) idps(ctx context.Context, q queryer, where string, args ...any) ([]casework.IdP, error) {
	rows, err := q.Query(ctx, `SELECT `+idpColumns+idpFrom+` WHERE `+where+` ORDER BY m.name, p.display_name, p.id`, args...)
	if err != nil {
		return nil, err
	}
	ps, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.IdP, error) { return scanIdP(r) })
	if err != nil || len(ps) == 0 {
		return ps, err
	}
	ids := make([]int64, len(ps))
	at := map[int64]int{}
	for i, p := range ps {
		ids[i] = p.ID
		at[p.ID] = i
	}
	rows, err = q.Query(ctx, `SELECT idp_id, domain FROM identity_provider_domains WHERE idp_id = ANY($1) ORDER BY domain`, ids)
	if err != nil {
		return nil, err
	}
	var idpID int64
	var domain string
	if _, err := pgx.ForEachRow(rows, []any{&idpID, &domain}, func() error {
		ps[at[idpID]].Domains = append(ps[at[idpID]].Domains, domain)
		return nil
	}); err != nil {
		return nil, err
	}
	rows, err = q.Query(ctx, `
		SELECT r.idp_id, r.id, r.value, r.role, coalesce(r.unit_id, 0), coalesce(u.name, ''), r.position
		  FROM identity_provider_roles r LEFT JOIN units u ON u.id = r.unit_id
		 WHERE r.idp_id = ANY($1) ORDER BY r.position, r.id`, ids)
	if err != nil {
		return nil, err
	}
	var m casework.RoleMapping
	if _, err := pgx.ForEachRow(rows, []any{&idpID, &m.ID, &m.Value, &m.Role, &m.UnitID, &m.UnitName, &m.Position}, func() error {
		ps[at[idpID]].Roles = append(ps[at[idpID]].Roles, m)
		return nil
	}); err != nil {
		return nil, err
	}
	return ps, nil
}

func (db *DB) oneIdP(ctx context.Context, where string, args ...any) (casework.IdP, error) {
	ps, err := db.idps(ctx, db.Pool, where, args...)
	if err != nil {
		return casework.IdP{}, err
	}
	if len(ps) == 0 {
		return casework.IdP{}, casework.NotFound()
	}
	return ps[0], nil
}

// IdPBySlug finds a provider for the sign-in flows, enabled or not (the
// caller refuses a disabled one).
func (db *DB) IdPBySlug(ctx context.Context, slug string) (casework.IdP, error) {
	return db.oneIdP(ctx, `p.slug = $1`, slug)
}

// IdPByDomain finds the enabled provider of an e-mail domain.
func (db *DB) IdPByDomain(ctx context.Context, domain string) (casework.IdP, error) {
	return db.oneIdP(ctx, `p.enabled AND p.audience = 'staff' AND p.id = (SELECT idp_id FROM identity_provider_domains WHERE domain = lower($1))`, domain)
}

// IdPsForLogin lists the enabled providers for professionals, for the login page.
func (db *DB) IdPsForLogin(ctx context.Context) ([]casework.IdP, error) {
	return db.idps(ctx, db.Pool, `p.enabled AND p.audience = 'staff'`)
}

// CitizenIdPsForLogin lists the enabled providers for young people, for
// the young person's login page (/ung/login).
func (db *DB) CitizenIdPsForLogin(ctx context.Context) ([]casework.IdP, error) {
	return db.idps(ctx, db.Pool, `p.enabled AND p.audience = 'citizen'`)
}

// ListIdPs lists every provider of every municipality, for operators.
func (db *DB) ListIdPs(ctx context.Context) ([]casework.IdP, error) {
	return db.idps(ctx, db.Pool, `true`)
}

// administeredBy is the municipality the user $1 administers (none for
// anyone but an active administrator), as rooms.go's adminOf decides it.
const administeredBy = `(SELECT municipality_id FROM users WHERE id = $1 AND role = 'admin' AND active)`

// IdPsOf lists the providers of the administrator's municipality.
func (db *DB) IdPsOf(ctx context.Context, actor casework.User) ([]casework.IdP, error) {
	return db.idps(ctx, db.Pool, `p.municipality_id = `+administeredBy, actor.ID)
}

// IdPOf finds one provider of the administrator's municipality; another
// municipality's is not found.
func (db *DB) IdPOf(ctx context.Context, actor casework.User, id int64) (casework.IdP, error) {
	return db.oneIdP(ctx, `p.municipality_id = `+administeredBy+` AND p.id = $2`, actor.ID, id)
}

// CreateIdP adds a provider to the administrator's municipality.
func (db *DB) CreateIdP(ctx context.Context, actor casework.User, p casework.IdP) (int64, error) {
	var id int64
	err := db.inAdminTx(ctx, actor, func(tx actionTx, municipalityID int64) error {
		var err error
		id, err = insertIdP(ctx, tx, municipalityID, p)
		return err
	})
	return id, translateIdP(err)
}

// UpdateIdP changes a provider of the administrator's municipality; its
// role mappings stay.
func (db *DB) UpdateIdP(ctx context.Context, actor casework.User, id int64, p casework.IdP) error {
	err := db.inAdminTx(ctx, actor, func(tx actionTx, municipalityID int64) error {
		if p.Citizen() {
			var mapped bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM identity_provider_roles WHERE idp_id = $1)`, id).Scan(&mapped); err != nil {
				return err
			}
			if mapped {
				return casework.Invalid(map[string]casework.Problem{"audience": casework.ProblemCitizenNoRoles})
			}
		}
		return updateIdP(ctx, tx, municipalityID, id, p)
	})
	return translateIdP(err)
}

// DeleteIdP removes a provider of the administrator's municipality, with its
// domains, mappings and the links of its users (who stay, and keep any
// password they have).
func (db *DB) DeleteIdP(ctx context.Context, actor casework.User, id int64) error {
	return db.inAdminTx(ctx, actor, func(tx actionTx, municipalityID int64) error {
		tag, err := tx.Exec(ctx, `DELETE FROM identity_providers WHERE id = $1 AND municipality_id = $2`, id, municipalityID)
		if err == nil && tag.RowsAffected() == 0 {
			return casework.NotFound()
		}
		return err
	})
}

// AddRoleMapping maps a value to a role (and unit) of the administrator's
// municipality, after the provider's existing mappings. A citizen
// provider's young people have no role: it takes none.
func (db *DB) AddRoleMapping(ctx context.Context, actor casework.User, idpID int64, m casework.RoleMapping) error {
	err := db.inAdminTx(ctx, actor, func(tx actionTx, municipalityID int64) error {
		var aud casework.Audience
		err := tx.QueryRow(ctx, `SELECT audience FROM identity_providers WHERE id = $1 AND municipality_id = $2 FOR UPDATE`,
			idpID, municipalityID).Scan(&aud)
		if err != nil {
			return err
		}
		if aud == casework.AudienceCitizen {
			return casework.Invalid(map[string]casework.Problem{"value": casework.ProblemCitizenNoRoles})
		}
		tag, err := tx.Exec(ctx, `
			INSERT INTO identity_provider_roles (municipality_id, idp_id, value, role, unit_id, position)
			SELECT p.municipality_id, p.id, $3, $4, $5,
			       coalesce((SELECT max(position) + 1 FROM identity_provider_roles WHERE idp_id = p.id), 1)
			  FROM identity_providers p WHERE p.id = $1 AND p.municipality_id = $2`,
			idpID, municipalityID, m.Value, m.Role, nullID(m.UnitID))
		if err == nil && tag.RowsAffected() == 0 {
			return casework.NotFound()
		}
		if err == nil {
			_, err = tx.Exec(ctx, `UPDATE identity_providers SET updated_at = $2 WHERE id = $1`, idpID, tx.now)
		}
		return err
	})
	return translateIdP(err)
}

// DeleteRoleMapping removes a mapping of the administrator's municipality.
func (db *DB) DeleteRoleMapping(ctx context.Context, actor casework.User, idpID, mappingID int64) error {
	return db.inAdminTx(ctx, actor, func(tx actionTx, municipalityID int64) error {
		tag, err := tx.Exec(ctx, `DELETE FROM identity_provider_roles WHERE id = $1 AND idp_id = $2 AND municipality_id = $3`,
			mappingID, idpID, municipalityID)
		if err == nil && tag.RowsAffected() == 0 {
			return casework.NotFound()
		}
		if err == nil {
			_, err = tx.Exec(ctx, `UPDATE identity_providers SET updated_at = $2 WHERE id = $1`, idpID, tx.now)
		}
		return err
	})
}

// UpsertIdP creates or replaces, by slug, a provider of the named
// municipality (created when new) with its domains and role mappings (the
// mappings' units named by UnitName, created when new). It is the operator's
// way in (kui idp add) and kui dev's demo provider.
func (db *DB) UpsertIdP(ctx context.Context, municipality string, p casework.IdP) (casework.IdP, error) {
	if p.Citizen() && len(p.Roles) > 0 {
		return casework.IdP{}, casework.Invalid(map[string]casework.Problem{"roles": casework.ProblemCitizenNoRoles})
	}
	err := db.inTx(ctx, func(tx actionTx) error {
		mid, err := ensureMunicipality(ctx, tx, municipality)
		if err != nil {
			return err
		}
		var id, owner int64
		err = tx.QueryRow(ctx, `SELECT id, municipality_id FROM identity_providers WHERE slug = $1`, p.Slug).Scan(&id, &owner)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			if id, err = insertIdP(ctx, tx, mid, p); err != nil {
				return err
			}
		case err != nil:
			return err
		case owner != mid:
			return casework.Invalid(map[string]casework.Problem{"slug": casework.ProblemSlugTaken})
		default:
			if err := updateIdP(ctx, tx, mid, id, p); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM identity_provider_roles WHERE idp_id = $1`, id); err != nil {
			return err
		}
		for i, m := range p.Roles {
			var unitID *int64
			if m.UnitName != "" {
				u, err := ensureUnit(ctx, tx, mid, m.UnitName)
				if err != nil {
					return err
				}
				unitID = &u
			}
			if _, err := tx.Exec(ctx, `
				INSERT INTO identity_provider_roles (municipality_id, idp_id, value, role, unit_id, position)
				VALUES ($1, $2, $3, $4, $5, $6)`, mid, id, m.Value, m.Role, unitID, i+1); err != nil {
				return err
			}
		}
		p.ID = id
		return nil
	})
	if err != nil {
		return casework.IdP{}, translateIdP(err)
	}
	return db.IdPBySlug(ctx, p.Slug)
}

// DeleteIdPBySlug removes a provider, for operators (kui idp remove).
func (db *DB) DeleteIdPBySlug(ctx context.Context, slug string) error {
	tag, err := db.write(ctx, `DELETE FROM identity_providers WHERE slug = $1`, slug)
	if err == nil && tag.RowsAffected() == 0 {
		return casework.NotFound()
	}
	return err
}

func insertIdP(ctx context.Context, tx actionTx, municipalityID int64, p casework.IdP) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
		INSERT INTO identity_providers (municipality_id, slug, display_name, protocol, enabled,
		       oidc_issuer, oidc_client_id, oidc_scopes, oidc_secret_env, oidc_role_claim,
		       saml_metadata, saml_oiosaml, saml_cvr, saml_min_loa, saml_role_attr, created_at, updated_at,
		       audience, oidc_cpr_claim)
		VALUES ($1, $2, $3, $4, $5, nullif($6, ''), nullif($7, ''), coalesce($8, '{openid,email,profile}'::text[]), nullif($9, ''), $10,
		        nullif($11, ''), $12, nullif($13, ''), $14, nullif($15, ''), $16, $16, $17, nullif($18, ''))
		RETURNING id`,
		municipalityID, p.Slug, p.DisplayName, p.Protocol, p.Enabled,
		p.OIDCIssuer, p.OIDCClientID, scopes(p.OIDCScopes), p.OIDCSecretEnv, roleClaim(p.OIDCRoleClaim),
		p.SAMLMetadata, p.SAMLOIOSAML, p.SAMLCVR, minLoA(p.SAMLMinLoA), p.SAMLRoleAttr, tx.now,
		audience(p.Audience), p.OIDCCPRClaim).Scan(&id)
	if err != nil {
		return 0, err
	}
	return id, setDomains(ctx, tx, municipalityID, id, p.Domains)
}

func updateIdP(ctx context.Context, tx actionTx, municipalityID, id int64, p casework.IdP) error {
	tag, err := tx.Exec(ctx, `
		UPDATE identity_providers SET slug = $3, display_name = $4, protocol = $5, enabled = $6,
		       oidc_issuer = nullif($7, ''), oidc_client_id = nullif($8, ''), oidc_scopes = coalesce($9, '{openid,email,profile}'::text[]),
		       oidc_secret_env = nullif($10, ''), oidc_role_claim = $11, saml_metadata = nullif($12, ''), saml_oiosaml = $13,
		       saml_cvr = nullif($14, ''), saml_min_loa = $15, saml_role_attr = nullif($16, ''), updated_at = $17,
		       audience = $18, oidc_cpr_claim = nullif($19, '')
		 WHERE id = $1 AND municipality_id = $2`,
		id, municipalityID, p.Slug, p.DisplayName, p.Protocol, p.Enabled,
		p.OIDCIssuer, p.OIDCClientID, scopes(p.OIDCScopes), p.OIDCSecretEnv, roleClaim(p.OIDCRoleClaim),
		p.SAMLMetadata, p.SAMLOIOSAML, p.SAMLCVR, minLoA(p.SAMLMinLoA), p.SAMLRoleAttr, tx.now,
		audience(p.Audience), p.OIDCCPRClaim)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return casework.NotFound()
	}
	return setDomains(ctx, tx, municipalityID, id, p.Domains)
}

// setDomains replaces a provider's e-mail domains. A citizen provider has
// none: a young person is found by CPR, never from an e-mail address.
func setDomains(ctx context.Context, tx actionTx, municipalityID, id int64, domains []string) error {
	if _, err := tx.Exec(ctx, `DELETE FROM identity_provider_domains WHERE idp_id = $1`, id); err != nil {
		return err
	}
	if len(domains) == 0 {
		return nil
	}
	var aud casework.Audience
	if err := tx.QueryRow(ctx, `SELECT audience FROM identity_providers WHERE id = $1`, id).Scan(&aud); err != nil {
		return err
	}
	if aud == casework.AudienceCitizen {
		return casework.Invalid(map[string]casework.Problem{"domains": casework.ProblemCitizenNoDomains})
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO identity_provider_domains (domain, municipality_id, idp_id)
		SELECT d, $2, $3 FROM unnest($1::text[]) d`, domains, municipalityID, id)
	return err
}

func scopes(s []string) any {
	if len(s) == 0 {
		return nil
	}
	return s
}

func roleClaim(s string) string {
	if s == "" {
		return "roles"
	}
	return s
}

func audience(a casework.Audience) string {
	if a == "" {
		return string(casework.AudienceStaff)
	}
	return string(a)
}

func minLoA(s string) string {
	if s == "" {
		return "Substantial"
	}
	return s
}

func translateIdP(err error) error {
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok {
		switch pgErr.ConstraintName {
		case constraintIdPSlug:
			return casework.Invalid(map[string]casework.Problem{"slug": casework.ProblemSlugTaken})
		case constraintIdPDomain:
			return casework.Invalid(map[string]casework.Problem{"domains": casework.ProblemDomainTaken})
		case constraintIdPRoleOnce:
			return casework.Invalid(map[string]casework.Problem{"value": casework.ProblemMappingTaken})
		// A mapping or domain on a citizen provider, or a provider with
		// them made a citizen provider (00013; the store's checks before
		// the write name the field, these hold under concurrency).
		case "identity_provider_roles_staff":
			return casework.Invalid(map[string]casework.Problem{"audience": casework.ProblemCitizenNoRoles})
		case "identity_provider_domains_staff":
			return casework.Invalid(map[string]casework.Problem{"audience": casework.ProblemCitizenNoDomains})
		case "identity_providers_citizen_oidc":
			return casework.Invalid(map[string]casework.Problem{"oidc_cpr_claim": casework.ProblemRequired})
		case "identity_provider_roles_municipality_id_unit_id_fkey":
			return casework.Invalid(map[string]casework.Problem{"unit_id": casework.ProblemUnknownChoice})
		}
	}
	return translate(err)
}

// PasswordLoginAllowed tells whether the municipality's professionals may
// sign in with a kui password (administrators always may).
func (db *DB) PasswordLoginAllowed(ctx context.Context, municipalityID int64) (bool, error) {
	var ok bool
	err := db.Pool.QueryRow(ctx, `SELECT password_login FROM municipalities WHERE id = $1`, municipalityID).Scan(&ok)
	return ok, translate(err)
}

// SetPasswordLogin allows or stops password sign-in for the administrator's
// municipality's professionals.
func (db *DB) SetPasswordLogin(ctx context.Context, actor casework.User, allowed bool) error {
	return db.inAdminTx(ctx, actor, func(tx actionTx, municipalityID int64) error {
		_, err := tx.Exec(ctx, `UPDATE municipalities SET password_login = $2 WHERE id = $1`, municipalityID, allowed)
		return err
	})
}
