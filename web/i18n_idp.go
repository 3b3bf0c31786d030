package web

import "kui/internal/casework"

// IdPTexts are the texts of the administration of sign-in (the
// municipality's identity providers, password login, the users' last
// sign-in, the security log) and of the second factor (TOTP).
type IdPTexts struct {
	// /admin/sign-in
	ListTitle, ListIntro, NoIdPs, ColIdPName, ColProtocol, ColEnabled, ColDomains, ColGiveProvider string
	Enabled, Disabled, NoDomains, MetadataURL, RedirectURI, EditIdP, AddOIDC, AddSAML, Roles       string
	RolesCount                                                                                     Noun
	PasswordTitle, PasswordLabel, PasswordHint, PasswordSaved, PasswordOn, PasswordOff             string
	ProtocolNames                                                                                  map[string]string

	// The provider's form.
	NewOIDCTitle, NewSAMLTitle, EditTitle, FormIntroOIDC, FormIntroSAML, Created, Saved     string
	FieldSlug, FieldSlugHint, FieldName, FieldNameHint, FieldEnabled, FieldEnabledHint      string
	FieldDomains, FieldDomainsHint, FieldIssuer, FieldIssuerHint, FieldClientID             string
	FieldScopes, FieldScopesHint, FieldSecretEnv, FieldSecretEnvHint, FieldRoleClaim        string
	FieldRoleClaimHint, FieldMetadata, FieldMetadataHint, FieldOIOSAML, FieldOIOSAMLHint    string
	FieldCVR, FieldCVRHint, FieldMinLoA, FieldMinLoAHint, FieldRoleAttr, FieldRoleAttrHint  string
	LoAs                                                                                    map[string]string
	GiveProviderTitle, GiveProviderOIDC, GiveProviderSAML, BackToList, CreateButton, Delete string
	SecretMissing, SecretMissingShort                                                       string

	// Who a provider signs in: professionals, or young people with MitID
	// (the citizen provider of "Min side", /ung).
	ColAudience, FieldAudience, FieldAudienceHint, FieldCPRClaim, FieldCPRClaimHint string
	AddCitizenOIDC, AddCitizenSAML, CitizenIntro, CitizenNoRoles, CitizenLogin      string
	Audiences, AudienceHints                                                        map[casework.Audience]string

	// Role mappings.
	MappingsTitle, MappingsIntroOIDC, MappingsIntroSAML, NoMappings, ColValue, ColRole, ColUnit string
	NoUnit, RemoveMapping, AddMappingTitle, FieldValue, FieldValueHint, FieldRole, FieldUnit    string
	FieldUnitHint, AddMapping, MappingAdded, MappingRemoved                                     string

	// Deleting a provider.
	DeleteTitle, DeleteText, DeleteConfirm, Deleted string

	// /admin/users
	UsersTitle, UsersIntro, NoUsers, ColUser, ColRole2, ColUnit2, ColActive, ColLastSignIn string
	ColPassword, ColTOTP, Yes, No, Never, Inactive, Active, SignInVia                      string
	Methods                                                                                map[string]string

	// /admin/security-log
	LogTitle, LogIntro, NoLog, ColAt, ColWho, ColProvider, ColEvent, ColMethod, ColReason, Unknown string
	CitizenWho                                                                                     string
	Events                                                                                         map[string]string
	Reasons                                                                                        map[casework.SignInRefusal]string

	// The second factor.
	TOTPTitle, TOTPIntro, TOTPCode, TOTPCodeHint, TOTPButton, TOTPSetupTitle, TOTPSetupIntro string
	TOTPSetupSteps                                                                           []string
	TOTPQRAlt, TOTPSecretLabel, TOTPSetupButton, TOTPEnrolled                                string
}

// Reason is a security log's refusal code in words; an unknown one is
// shown as its code.
func (t IdPTexts) Reason(r casework.SignInRefusal) string {
	if r == "" {
		return ""
	}
	if s, ok := t.Reasons[r]; ok {
		return s
	}
	return string(r)
}

var danishIdP = IdPTexts{
	ListTitle: "Log ind",
	ListIntro: "Her forbinder du kui med kommunens eget login (OpenID Connect eller SAML), så fagpersonerne logger ind med deres arbejdslogin. " +
		"Hemmeligheder står aldrig her: de ligger i serverens miljø.",
	NoIdPs:      "Kommunen har endnu ikke forbundet et login. Fagpersonerne logger ind med adgangskode.",
	ColIdPName:  "Login",
	ColProtocol: "Protokol", ColEnabled: "I brug", ColDomains: "E-maildomæner", ColGiveProvider: "Gives til udbyderen",
	Enabled: "Ja", Disabled: "Slået fra", NoDomains: "Ingen",
	MetadataURL: "SP-metadata:", RedirectURI: "Redirect URI:",
	EditIdP: "Ret", AddOIDC: "Tilføj OpenID Connect-login", AddSAML: "Tilføj SAML-login", Roles: "Roller",
	RolesCount:    Noun{One: "rolle", Many: "roller"},
	PasswordTitle: "Log ind med adgangskode",
	PasswordLabel: "Tillad log ind med adgangskode for fagpersoner",
	PasswordHint: "Uden kryds kan fagpersonerne kun logge ind med kommunens eget login. " +
		"Administratorer kan altid logge ind med adgangskode, så kommunen ikke kan låse sig selv ude.",
	PasswordSaved: "Indstillingen for log ind med adgangskode er gemt.",
	PasswordOn:    "Fagpersoner kan logge ind med adgangskode.",
	PasswordOff:   "Fagpersoner kan kun logge ind med kommunens eget login.",
	ProtocolNames: map[string]string{casework.MethodOIDC: "OpenID Connect", casework.MethodSAML: "SAML 2.0"},

	NewOIDCTitle: "Tilføj OpenID Connect-login", NewSAMLTitle: "Tilføj SAML-login", EditTitle: "Ret %s",
	FormIntroOIDC: "Til fx kommunens Entra ID. Opret først kui som app (klient) hos udbyderen med redirect URI'en nedenfor.",
	FormIntroSAML: "Til fx KOMBITs Context Handler (OIOSAML 3) eller kommunens AD FS. Giv udbyderen kui's SP-metadata fra adressen nedenfor.",
	Created:       "Login-udbyderen er oprettet. Tilføj nu, hvilke roller udbyderens brugere får i kui.",
	Saved:         "Ændringerne er gemt.",
	FieldSlug:     "Kortform", FieldSlugHint: "Indgår i adresserne, fx »aarhus«. Små bogstaver, tal og bindestreger. Skifter du den, skal udbyderen have de nye adresser.",
	FieldName: "Navn på knappen", FieldNameHint: "Vises på log ind-siden, fx »Aarhus Kommunes login«.",
	FieldEnabled: "I brug", FieldEnabledHint: "Uden kryds vises login ikke på log ind-siden, og ingen kan logge ind med det.",
	FieldDomains: "E-maildomæner (valgfrit)", FieldDomainsHint: "Domæner, der finder dette login ud fra e-mailen, fx aarhus.dk. Adskil med mellemrum eller komma.",
	FieldIssuer: "Issuer", FieldIssuerHint: "Udbyderens issuer-adresse. Entra ID: https://login.microsoftonline.com/<tenant-id>/v2.0 — aldrig »common«.",
	FieldClientID: "Client ID",
	FieldScopes:   "Scopes", FieldScopesHint: "Adskilt med mellemrum. »openid« kommer altid med.",
	FieldSecretEnv: "Navn på miljøvariabel med client secret (valgfrit)",
	FieldSecretEnvHint: "Skriv NAVNET på den miljøvariabel på serveren, der holder hemmeligheden, fx KUI_IDP_AARHUS_SECRET — aldrig selve hemmeligheden. " +
		"Driften sætter variablen. Tomt: udbyderen kræver ingen client secret.",
	FieldRoleClaim: "Claim med roller", FieldRoleClaimHint: "Det claim i ID-tokenet, hvis værdier knyttes til roller nedenfor, fx »roles« (Entra ID's app-roller) eller »groups«.",
	FieldMetadata: "Udbyderens metadata (XML)", FieldMetadataHint: "Indsæt hele XML-filen med identitetsudbyderens metadata.",
	FieldOIOSAML: "OIOSAML 3 (KOMBITs Context Handler)", FieldOIOSAMLHint: "Rettigheder læses som OIO-BPP-privilegier for kommunens CVR-nummer, og sikringsniveauet kontrolleres. Uden kryds (fx AD FS) læses rollerne af en attribut.",
	FieldCVR: "Kommunens CVR-nummer", FieldCVRHint: "8 cifre. Kun privilegier givet for dette CVR-nummer tæller. Kræves ved OIOSAML 3.",
	FieldMinLoA: "Mindste sikringsniveau (NSIS)", FieldMinLoAHint: "Gælder ved OIOSAML 3.",
	FieldRoleAttr: "Attribut med roller", FieldRoleAttrHint: "Kræves uden OIOSAML 3, fx http://schemas.microsoft.com/ws/2008/06/identity/claims/role.",
	LoAs:              map[string]string{"Substantial": "Betydelig", "High": "Høj"},
	GiveProviderTitle: "Det skal udbyderen have",
	GiveProviderOIDC:  "Redirect URI (svaradresse) til kui's app hos udbyderen:",
	GiveProviderSAML:  "kui's SP-metadata (service provider) ligger på denne adresse:",
	BackToList:        "Tilbage til log ind-indstillingerne", CreateButton: "Opret login", Delete: "Slet login",
	SecretMissing:      "Miljøvariablen %s er ikke sat på serveren, så ingen kan logge ind med dette login endnu. Bed driften sætte den til client secret fra udbyderen.",
	SecretMissingShort: "client secret mangler på serveren",

	ColAudience:   "For",
	FieldAudience: "Hvem logger ind med det?",
	FieldAudienceHint: "Et login for unge bruges kun til den unges egen side i kui (Min side). " +
		"Den unge findes ud fra CPR-nummeret i svaret, så login for unge har hverken roller eller e-maildomæner.",
	Audiences: map[casework.Audience]string{
		casework.AudienceStaff:   "For fagpersoner",
		casework.AudienceCitizen: "For unge (borgere)",
	},
	AudienceHints: map[casework.Audience]string{
		casework.AudienceStaff:   "Kommunens medarbejdere med deres arbejdslogin. Roller knyttes til værdier fra udbyderen.",
		casework.AudienceCitizen: "De unge med deres private MitID, fx gennem NemLog-in (SAML) eller en MitID-broker (OpenID Connect).",
	},
	FieldCPRClaim: "Claim med CPR-nummer",
	FieldCPRClaimHint: "Kræves for unge: det claim i ID-tokenet, der holder den unges CPR-nummer. " +
		"Signicat: »nin« (husk scopet »nin«). Criipto/Idura: »cprNumberIdentifier«. kui bruger det kun til at finde den unges sag ved log ind og gemmer det ikke.",
	AddCitizenOIDC: "Tilføj MitID-login for unge (OpenID Connect)",
	AddCitizenSAML: "Tilføj MitID-login for unge (NemLog-in, SAML)",
	CitizenIntro: "Dette login er for de unge. kui læser CPR-nummeret i svaret og finder den unges sag i kommunen. " +
		"Har sagen intet CPR-nummer, eller passer det ikke, kommer den unge ikke ind. NemLog-in giver kun CPR-nummeret til it-systemer, der er godkendt til det.",
	CitizenNoRoles: "Unge får ingen rolle i kui: de ser kun deres egen side. Derfor har dette login ingen roller.",
	CitizenLogin:   "Log ind-siden for unge:",

	MappingsTitle:     "Roller",
	MappingsIntroOIDC: "Hvilken værdi i udbyderens claim giver hvilken rolle i kui. Har en bruger flere, gælder den øverste. Brugere uden en af værdierne kommer ikke ind.",
	MappingsIntroSAML: "Hvilket privilegium (eller attributværdi) giver hvilken rolle i kui. Har en bruger flere, gælder det øverste. Brugere uden et af dem kommer ikke ind.",
	NoMappings:        "Ingen roller endnu: ingen kan logge ind med dette login, før der er mindst én.",
	ColValue:          "Værdi", ColRole: "Rolle i kui", ColUnit: "Enhed",
	NoUnit: "—", RemoveMapping: "Fjern", AddMappingTitle: "Tilføj en rolle",
	FieldValue: "Værdi fra udbyderen", FieldValueHint: "Fx app-rollen »kui.sagsbehandler« eller privilegiet »http://kui.dk/roles/sagsbehandler«.",
	FieldRole: "Rolle i kui", FieldUnit: "Enhed (valgfri)", FieldUnitHint: "Nye brugere med rollen placeres i enheden.",
	AddMapping: "Tilføj rolle", MappingAdded: "Rollen er tilføjet.", MappingRemoved: "Rollen er fjernet.",

	DeleteTitle: "Slet %s?",
	DeleteText: "Ingen kan længere logge ind med dette login. Brugerne, der er oprettet gennem det, bliver i kui og beholder deres oplysninger, " +
		"men kan kun logge ind igen, hvis kommunen forbinder et login igen eller de har en adgangskode.",
	DeleteConfirm: "Ja, slet login", Deleted: "Login-udbyderen er slettet.",

	UsersTitle: "Brugere og log ind", UsersIntro: "Kommunens brugere, og hvornår og hvordan de sidst loggede ind.",
	NoUsers: "Kommunen har ingen brugere.",
	ColUser: "Bruger", ColRole2: "Rolle", ColUnit2: "Enhed", ColActive: "Status", ColLastSignIn: "Sidst logget ind",
	ColPassword: "Adgangskode", ColTOTP: "Totrinskode", Yes: "Ja", No: "Nej", Never: "Aldrig",
	Inactive: "Lukket", Active: "Aktiv", SignInVia: "via %s",
	Methods: map[string]string{
		casework.MethodPassword: "adgangskode", casework.MethodTOTP: "adgangskode og totrinskode",
		casework.MethodOIDC: "kommunens login (OpenID Connect)", casework.MethodSAML: "kommunens login (SAML)",
	},

	LogTitle: "Sikkerhedslog", LogIntro: "De seneste 200 log ind, afvisninger og log ud i kommunen, nyeste først.",
	NoLog: "Ingen hændelser endnu.",
	ColAt: "Tidspunkt", ColWho: "Bruger", ColProvider: "Login", ColEvent: "Hændelse", ColMethod: "Måde", ColReason: "Årsag",
	Unknown: "Ukendt", CitizenWho: "En ung (Min side)",
	Events: map[string]string{
		casework.EventSignIn: "Logget ind", casework.EventRefused: "Afvist", casework.EventSignOut: "Logget ud",
		casework.EventTOTPEnrolled: "Totrinskode sat op",
	},
	Reasons: map[casework.SignInRefusal]string{
		casework.RefusedBadSignature:      "Svaret var ikke korrekt signeret",
		casework.RefusedExpired:           "Svaret var udløbet",
		casework.RefusedReplayed:          "Svaret var brugt før",
		casework.RefusedState:             "Log ind-forsøget var ukendt, udløbet eller fra en anden browser",
		casework.RefusedNonce:             "Forkert nonce i ID-token",
		casework.RefusedIssuer:            "Forkert udsteder",
		casework.RefusedAudience:          "Svaret var til en anden modtager",
		casework.RefusedBadResponse:       "Svaret kunne ikke læses",
		casework.RefusedUnknownProvider:   "Ukendt eller slået fra",
		casework.RefusedNoRole:            "Ingen rolle i kui",
		casework.RefusedOtherMunicipality: "Brugeren hører til en anden kommune",
		casework.RefusedLoA:               "For lavt sikringsniveau",
		casework.RefusedPasswordOff:       "Adgangskode er slået fra for fagpersoner",
		casework.RefusedInactive:          "Brugeren er lukket",
		casework.RefusedProviderError:     "Udbyderen afbrød",
		casework.RefusedProviderDown:      "Udbyderen svarede ikke",
		casework.RefusedTOTP:              "Forkert totrinskode",
		casework.RefusedNoCase:            "Ingen sag med det CPR-nummer i kommunen",
		casework.RefusedNoCPR:             "Intet CPR-nummer i svaret",
		casework.RefusedProfessional:      "MitID Erhverv i stedet for privat MitID",
		casework.RefusedWrongAudience:     "Login til fagpersoner brugt til unge eller omvendt",
	},

	TOTPTitle: "Totrinskode", TOTPIntro: "Skriv koden fra din godkendelses-app for at logge ind.",
	TOTPCode: "Kode", TOTPCodeHint: "6 cifre. Koden skifter hvert 30. sekund.", TOTPButton: "Log ind",
	TOTPSetupTitle: "Sæt totrinskode op",
	TOTPSetupIntro: "kui kræver en kode fra en godkendelses-app ud over adgangskoden. Det gøres én gang:",
	TOTPSetupSteps: []string{
		"Åbn en godkendelses-app på din telefon, fx Microsoft Authenticator eller Google Authenticator.",
		"Scan QR-koden, eller skriv nøglen ind i appen.",
		"Skriv de 6 cifre, appen viser, og bekræft.",
	},
	TOTPQRAlt: "QR-kode til godkendelses-appen", TOTPSecretLabel: "Nøgle til at skrive ind i appen:",
	TOTPSetupButton: "Bekræft og log ind", TOTPEnrolled: "Totrinskoden er sat op.",
}
