package casework

import (
	"encoding/base64"
	"encoding/xml"
	"errors"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Signing in with the municipality's own login: a municipality's identity
// provider (IdP), how what it asserts maps to a kui role, and the identity a
// verified sign-in yields. The protocols themselves (OpenID Connect, SAML)
// are the server's; this is what kui decides from their answers.

// Sign-in methods, as the session and the security log name them.
const (
	MethodPassword = "password"
	MethodTOTP     = "totp"
	MethodOIDC     = "oidc"
	MethodSAML     = "saml"
)

// NSIS assurance levels, lowest first.
var loaOrder = []string{"Low", "Substantial", "High"}

// LoAAtLeast reports whether the asserted NSIS level got is min or higher;
// an unknown level is never enough.
func LoAAtLeast(got, min string) bool {
	g, m := slices.Index(loaOrder, got), slices.Index(loaOrder, min)
	return g >= 0 && m >= 0 && g >= m
}

// IdP is a municipality's identity provider as kui is configured for it.
type IdP struct {
	ID               int64
	MunicipalityID   int64
	MunicipalityName string
	Slug             string // in URLs: /login/idp/{slug}, /saml/{slug}/metadata
	DisplayName      string // "Demo Kommunes login"
	Protocol         string // MethodOIDC or MethodSAML
	Enabled          bool
	Audience         Audience // AudienceStaff (professionals) or AudienceCitizen (young people)

	OIDCIssuer    string
	OIDCClientID  string
	OIDCScopes    []string
	OIDCSecretEnv string // the NAME of the environment variable holding the client secret
	OIDCRoleClaim string
	OIDCCPRClaim  string // a citizen provider's claim that carries the CPR number (Signicat "nin", Criipto "cprNumberIdentifier")

	SAMLMetadata string // the IdP's metadata XML
	SAMLOIOSAML  bool   // OIOSAML 3: BPP privileges scoped to SAMLCVR, NSIS level checked
	SAMLCVR      string
	SAMLMinLoA   string
	SAMLRoleAttr string // when not OIOSAML: the attribute whose values are the roles

	Domains   []string // e-mail domains that find this provider from /login
	Roles     []RoleMapping
	UpdatedAt time.Time
}

// RoleMapping gives the holder of Value (a claim value or an OIO-BPP
// privilege) a kui role, and optionally a unit.
type RoleMapping struct {
	ID       int64
	Value    string
	Role     Role
	UnitID   int64 // 0: no unit
	UnitName string
	Position int
}

// MapRole finds the mapping for the values a person holds: of those held,
// the one first by position wins. ok is false when none is held.
func (p IdP) MapRole(values []string) (m RoleMapping, ok bool) {
	for _, r := range p.Roles { // ordered by position
		if slices.Contains(values, r.Value) {
			return r, true
		}
	}
	return RoleMapping{}, false
}

// Identity is who a provider says signed in, after kui verified its answer.
// It holds personal data: never log it.
type Identity struct {
	Method  string   `json:"method"`
	Subject string   `json:"subject"` // OIDC sub / SAML NameID
	Email   string   `json:"email"`
	Name    string   `json:"name"`
	Values  []string `json:"values"` // role claim values or OIO-BPP privileges

	// A citizen provider's answer: the CPR number (never stored, never
	// serialised), or once the SAML ACS matched it, the case it opens; and
	// whether the identity was a professional one (MitID Erhverv).
	CPR          CPR   `json:"-"`
	YouthID      int64 `json:"youth_id,omitempty"`
	Professional bool  `json:"professional,omitempty"`
}

// Validate checks that a provider's identity has what kui needs to find or
// create the user.
func (id Identity) Validate() error {
	if id.Subject == "" || len(id.Subject) > 500 || !Storable(id.Subject) {
		return errors.New("identity: missing or unusable subject")
	}
	if !LooksLikeEmail(id.Email) || len(id.Email) > 320 || !Storable(id.Email) {
		return errors.New("identity: missing or unusable e-mail")
	}
	if !Storable(id.Name) {
		return errors.New("identity: unusable name")
	}
	return nil
}

// DisplayName is the name to give a new user: the asserted name, or the
// e-mail's local part when the provider sends none.
func (id Identity) DisplayName() string {
	if n := strings.TrimSpace(id.Name); n != "" {
		return truncateRunes(n, maxNameLen)
	}
	return id.Email[:strings.LastIndexByte(id.Email, '@')]
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

// Privileges reads OIOSAML 3's privilegesIntermediate attribute: base64 of
// an OIO-BPP PrivilegeList. It returns the privileges granted in the scope
// of the municipality's CVR number; privileges for other organisations are
// not the municipality's to give.
func ParsePrivileges(b64, cvr string) ([]string, error) {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
	if err != nil {
		return nil, errors.New("privileges: not base64")
	}
	if len(raw) > 64<<10 {
		return nil, errors.New("privileges: too large")
	}
	var list struct {
		Groups []struct {
			Scope      string   `xml:"Scope,attr"`
			Privileges []string `xml:"Privilege"`
		} `xml:"PrivilegeGroup"`
	}
	if err := xml.Unmarshal(raw, &list); err != nil {
		return nil, errors.New("privileges: not OIO-BPP XML")
	}
	var out []string
	for _, g := range list.Groups {
		if strings.TrimSpace(g.Scope) != "urn:dk:gov:saml:cvrNumberIdentifier:"+cvr {
			continue
		}
		for _, p := range g.Privileges {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out, nil
}

// SecurityEvent is one line of the security log: a sign-in, a refusal, a
// sign-out. Reason is a code (SignInRefusal) — never a token, e-mail or name.
type SecurityEvent struct {
	MunicipalityID int64 // 0: unknown
	UserID         int64 // 0: no user is known
	YouthID        int64 // a citizen's sign-in: the young person's case; 0 otherwise
	IdPID          int64 // 0: none
	Event          string
	Method         string
	Reason         SignInRefusal
	SubjectDigest  string // sha256 of provider and subject, when no user is known
}

// Security log events.
const (
	EventSignIn       = "sign_in"
	EventRefused      = "refused"
	EventSignOut      = "sign_out"
	EventTOTPEnrolled = "totp_enrolled"
)

// SignInRefusal says why a sign-in was refused, as the security log and the
// technical log name it.
type SignInRefusal string

const (
	RefusedBadSignature      SignInRefusal = "bad_signature"
	RefusedExpired           SignInRefusal = "expired"
	RefusedReplayed          SignInRefusal = "replayed"
	RefusedState             SignInRefusal = "state"
	RefusedNonce             SignInRefusal = "nonce"
	RefusedIssuer            SignInRefusal = "issuer"
	RefusedAudience          SignInRefusal = "audience"
	RefusedBadResponse       SignInRefusal = "bad_response"
	RefusedUnknownProvider   SignInRefusal = "unknown_provider"
	RefusedNoRole            SignInRefusal = "no_role"
	RefusedOtherMunicipality SignInRefusal = "other_municipality"
	RefusedLoA               SignInRefusal = "loa"
	RefusedPasswordOff       SignInRefusal = "password_off"
	RefusedInactive          SignInRefusal = "inactive"
	RefusedProviderError     SignInRefusal = "provider_error"
	RefusedProviderDown      SignInRefusal = "provider_down"
	RefusedTOTP              SignInRefusal = "totp"
)

// SignInUser is a user as the administrator's user list shows it: with when
// and how they last signed in.
type SignInUser struct {
	User
	Active            bool
	LastSignInAt      time.Time // zero: never
	LastSignInMethod  string
	LastSignInIdPName string
	HasPassword       bool
	HasTOTP           bool
}

// IdPForm is a provider as an administrator or operator types it.
type IdPForm struct {
	Slug, DisplayName, Protocol string
	Enabled                     bool

	OIDCIssuer, OIDCClientID, OIDCScopes, OIDCSecretEnv, OIDCRoleClaim string

	SAMLMetadata                      string
	SAMLOIOSAML                       bool
	SAMLCVR, SAMLMinLoA, SAMLRoleAttr string
	Domains                           string // separated by spaces, commas or new lines

	// Audience: "staff" (professionals; "" too) or "citizen" (young people,
	// with MitID). A citizen OIDC provider names the claim with the CPR.
	Audience, OIDCCPRClaim string
}

// Problems of a citizen provider's configuration: it signs young people in,
// who have no role to map and are found by CPR, not by an e-mail domain.
const (
	ProblemCitizenNoDomains Problem = "citizen_no_domains"
	ProblemCitizenNoRoles   Problem = "citizen_no_roles"
)

// Citizen tells whether the provider signs young people in.
func (p IdP) Citizen() bool { return p.Audience == AudienceCitizen }

var (
	slugPattern      = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,40}$`)
	secretEnvPattern = regexp.MustCompile(`^KUI_IDP_[A-Z0-9_]{1,60}$`)
	cvrPattern       = regexp.MustCompile(`^[0-9]{8}$`)
	domainPattern    = regexp.MustCompile(`^[a-z0-9.-]+\.[a-z]{2,}$`)
)

// Validate checks a provider's configuration. The SAML metadata is only
// checked for presence here; the server parses it (it knows SAML).
func (f IdPForm) Validate() (IdP, error) {
	problems := map[string]Problem{}
	p := IdP{
		Slug:          strings.TrimSpace(f.Slug),
		DisplayName:   strings.TrimSpace(f.DisplayName),
		Protocol:      strings.TrimSpace(f.Protocol),
		Enabled:       f.Enabled,
		OIDCIssuer:    strings.TrimSuffix(strings.TrimSpace(f.OIDCIssuer), "/"),
		OIDCClientID:  strings.TrimSpace(f.OIDCClientID),
		OIDCScopes:    strings.Fields(strings.ReplaceAll(f.OIDCScopes, ",", " ")),
		OIDCSecretEnv: strings.TrimSpace(f.OIDCSecretEnv),
		OIDCRoleClaim: strings.TrimSpace(f.OIDCRoleClaim),
		SAMLMetadata:  strings.TrimSpace(f.SAMLMetadata),
		SAMLOIOSAML:   f.SAMLOIOSAML,
		SAMLCVR:       strings.TrimSpace(f.SAMLCVR),
		SAMLMinLoA:    strings.TrimSpace(f.SAMLMinLoA),
		SAMLRoleAttr:  strings.TrimSpace(f.SAMLRoleAttr),
		Audience:      Audience(strings.TrimSpace(f.Audience)),
		OIDCCPRClaim:  strings.TrimSpace(f.OIDCCPRClaim),
	}
	switch p.Audience {
	case "":
		p.Audience = AudienceStaff
	case AudienceStaff, AudienceCitizen:
	default:
		problems["audience"] = ProblemUnknownChoice
	}
	citizen := p.Audience == AudienceCitizen
	switch {
	case p.Slug == "":
		problems["slug"] = ProblemRequired
	case !slugPattern.MatchString(p.Slug):
		problems["slug"] = ProblemSlugFormat
	}
	checkText(problems, "display_name", p.DisplayName, 100, true)
	switch p.Protocol {
	case MethodOIDC:
		switch {
		case p.OIDCIssuer == "":
			problems["oidc_issuer"] = ProblemRequired
		case !issuerURL(p.OIDCIssuer):
			problems["oidc_issuer"] = ProblemIssuerURL
		}
		checkText(problems, "oidc_client_id", p.OIDCClientID, 300, true)
		if len(p.OIDCScopes) == 0 {
			p.OIDCScopes = []string{"openid", "email", "profile"}
		}
		if !slices.Contains(p.OIDCScopes, "openid") {
			p.OIDCScopes = append([]string{"openid"}, p.OIDCScopes...)
		}
		for _, sc := range p.OIDCScopes {
			if len(sc) > 100 || !Storable(sc) {
				problems["oidc_scopes"] = ProblemTooLong
			}
		}
		if p.OIDCSecretEnv != "" && !secretEnvPattern.MatchString(p.OIDCSecretEnv) {
			problems["oidc_secret_env"] = ProblemSecretEnvName
		}
		if p.OIDCRoleClaim == "" {
			p.OIDCRoleClaim = "roles"
		}
		checkText(problems, "oidc_role_claim", p.OIDCRoleClaim, 100, true)
		if citizen {
			// Brokers name the claim differently (Signicat "nin", Criipto
			// "cprNumberIdentifier"): no default, the administrator says.
			checkText(problems, "oidc_cpr_claim", p.OIDCCPRClaim, 100, true)
		} else {
			p.OIDCCPRClaim = ""
		}
		p.SAMLMetadata, p.SAMLCVR, p.SAMLRoleAttr, p.SAMLOIOSAML = "", "", "", true
	case MethodSAML:
		if p.SAMLMetadata == "" {
			problems["saml_metadata"] = ProblemRequired
		} else if len(p.SAMLMetadata) > 1000000 || !Storable(p.SAMLMetadata) {
			problems["saml_metadata"] = ProblemSAMLMetadata
		}
		if p.SAMLMinLoA == "" {
			p.SAMLMinLoA = "Substantial"
		}
		if p.SAMLMinLoA != "Substantial" && p.SAMLMinLoA != "High" {
			problems["saml_min_loa"] = ProblemUnknownChoice
		}
		switch {
		case citizen:
			// NemLog-in speaks OIOSAML 3; a young person has no OIO-BPP
			// privileges to scope to a CVR number, nor a role attribute.
			p.SAMLOIOSAML, p.SAMLCVR, p.SAMLRoleAttr = true, "", ""
		case p.SAMLOIOSAML:
			if !cvrPattern.MatchString(p.SAMLCVR) {
				problems["saml_cvr"] = ProblemCVRFormat
			}
			p.SAMLRoleAttr = ""
		default:
			checkText(problems, "saml_role_attr", p.SAMLRoleAttr, 300, true)
			p.SAMLCVR = ""
		}
		p.OIDCIssuer, p.OIDCClientID, p.OIDCSecretEnv, p.OIDCScopes, p.OIDCRoleClaim = "", "", "", nil, "roles"
		p.OIDCCPRClaim = ""
	default:
		problems["protocol"] = ProblemUnknownChoice
	}
	for _, d := range strings.FieldsFunc(strings.ToLower(f.Domains), func(r rune) bool {
		return r == ' ' || r == ',' || r == '\n' || r == '\r' || r == '\t' || r == ';'
	}) {
		d = strings.TrimPrefix(d, "@")
		if !domainPattern.MatchString(d) || len(d) > 200 {
			problems["domains"] = ProblemDomainFormat
			continue
		}
		if !slices.Contains(p.Domains, d) {
			p.Domains = append(p.Domains, d)
		}
	}
	if citizen && len(p.Domains) > 0 && problems["domains"] == "" {
		problems["domains"] = ProblemCitizenNoDomains
	}
	return p, Invalid(problems)
}

// issuerURL accepts an https URL, or http on the loopback address (the demo
// provider and tests).
func issuerURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || !Storable(s) || len(s) > 500 {
		return false
	}
	switch u.Scheme {
	case "https":
		return true
	case "http":
		h := u.Hostname()
		return h == "127.0.0.1" || h == "localhost" || h == "::1"
	}
	return false
}

// RoleMappingForm is a mapping as an administrator types it.
type RoleMappingForm struct {
	Value, Role, UnitID string
}

// Validate checks a mapping; the unit's municipality is the store's check.
func (f RoleMappingForm) Validate() (RoleMapping, error) {
	problems := map[string]Problem{}
	m := RoleMapping{Value: strings.TrimSpace(f.Value), Role: Role(strings.TrimSpace(f.Role))}
	checkText(problems, "value", m.Value, 300, true)
	if !m.Role.Valid() {
		problems["role"] = ProblemUnknownChoice
	}
	if s := strings.TrimSpace(f.UnitID); s != "" {
		m.UnitID = parseID(problems, "unit_id", s)
	}
	return m, Invalid(problems)
}
