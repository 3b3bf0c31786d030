package web

import (
	"fmt"

	"kui/internal/casework"
)

// SSOTexts are the texts of signing in with the municipality's own login.
type SSOTexts struct {
	RefusedTitle, RefusedCode, BackToLogin string
	// Refusals are the reasons a sign-in was refused, in words for the
	// person signing in; RefusedOther is for any other.
	Refusals     map[casework.SignInRefusal]string
	RefusedOther string

	// The login page's section and the page that finds the provider.
	LoginHeading, LoginVia, PasswordHeading                   string
	FindHeading, FindHint, WorkEmail, FindButton, ChooseTitle string
	Found, NotFound, OrPassword                               string
	// After signing out.
	LoggedOutTitle, LoggedOutProvider, LoggedOutProviderLink, LoginAgain string
}

// Via is the text of a provider's sign-in link.
func (t SSOTexts) Via(name string) string { return fmt.Sprintf(t.LoginVia, name) }

// Refusal is the sentence for a refused sign-in.
func (t SSOTexts) Refusal(r casework.SignInRefusal) string {
	if s, ok := t.Refusals[r]; ok {
		return s
	}
	return t.RefusedOther
}

var danishSSO = SSOTexts{
	RefusedTitle: "Du blev ikke logget ind",
	RefusedCode:  "Hvis du spørger om hjælp, så oplys denne kode:",
	BackToLogin:  "Tilbage til log ind",
	Refusals: map[casework.SignInRefusal]string{
		casework.RefusedNoRole:            "Du er logget ind hos din kommune, men du har ikke adgang til kui. Spørg din kommunes kui-administrator, hvis du skal bruge kui i dit arbejde.",
		casework.RefusedOtherMunicipality: "Din bruger i kui hører til en anden kommune end den, du loggede ind hos. Spørg din kommunes kui-administrator.",
		casework.RefusedInactive:          "Din bruger i kui er lukket. Spørg din kommunes kui-administrator, hvis du skal bruge kui igen.",
		casework.RefusedLoA:               "Dit login er ikke sikkert nok til kui. Log ind med MitID eller et andet login på mindst betydeligt sikringsniveau.",
		casework.RefusedUnknownProvider:   "kui kender ikke den login-udbyder. Vælg din kommune på log ind-siden igen.",
		casework.RefusedState:             "Log ind-forsøget var udløbet, allerede brugt eller startet i en anden browser. Start forfra fra kui's log ind-side.",
		casework.RefusedExpired:           "Svaret fra din kommunes login var udløbet. Start forfra fra kui's log ind-side.",
		casework.RefusedReplayed:          "Svaret fra din kommunes login er allerede brugt. Start forfra fra kui's log ind-side.",
		casework.RefusedProviderError:     "Din kommunes login afbrød log ind. Start forfra, eller kontakt din kommunes it-support, hvis det sker igen.",
		casework.RefusedProviderDown:      "Din kommunes login svarer ikke lige nu. Prøv igen om lidt.",
		casework.RefusedPasswordOff:       "Din kommune bruger sit eget login til kui. Vælg »Log ind med din kommunes login«.",
		casework.RefusedBadSignature:      "Svaret fra din kommunes login var ikke underskrevet rigtigt, så du er ikke logget ind. Start forfra fra kui's log ind-side.",
		casework.RefusedNonce:             "Svaret fra din kommunes login passede ikke til dette log ind-forsøg. Start forfra fra kui's log ind-side.",
		casework.RefusedIssuer:            "Svaret kom ikke fra det login, kui er sat op til. Kontakt din kommunes kui-administrator.",
		casework.RefusedAudience:          "Svaret fra din kommunes login var ikke til kui. Kontakt din kommunes kui-administrator.",
		casework.RefusedBadResponse:       "Svaret fra din kommunes login kunne ikke læses, så du er ikke logget ind. Start forfra fra kui's log ind-side.",
		casework.RefusedTOTP:              "Koden var forkert eller allerede brugt. Prøv igen med en ny kode.",
		// A young person signing in with MitID (the citizen provider): short
		// sentences, no jargon.
		casework.RefusedNoCase:        "Vi kan ikke finde dig i kui. Spørg din kontaktperson.",
		casework.RefusedNoCPR:         "Vi fik ikke dit CPR-nummer fra MitID, så vi kan ikke finde dig i kui. Prøv igen. Sker det igen, så spørg din kontaktperson.",
		casework.RefusedProfessional:  "Du har logget ind med MitID Erhverv. Log ind med dit private MitID.",
		casework.RefusedWrongAudience: "Det login passer ikke til den side, du prøvede at komme ind på. Start forfra fra log ind-siden.",
	},
	LoginHeading:          "Log ind med din kommunes login",
	LoginVia:              "Log ind via %s",
	PasswordHeading:       "Log ind med adgangskode",
	FindHeading:           "Find din kommunes login",
	FindHint:              "Skriv din arbejdsmail. Så finder vi din kommunes login.",
	WorkEmail:             "Din arbejdsmail",
	FindButton:            "Find login",
	ChooseTitle:           "Find din kommunes login",
	Found:                 "Din kommune bruger dette login:",
	NotFound:              "Vi fandt ikke noget login til den mailadresse. Tjek adressen, eller log ind med adgangskode.",
	OrPassword:            "Log ind med adgangskode i stedet",
	LoggedOutTitle:        "Du er logget ud af kui",
	LoggedOutProvider:     "Vi sender dig videre til din kommunes login, så du også bliver logget ud der.",
	LoggedOutProviderLink: "Log også ud hos din kommune",
	LoginAgain:            "Log ind igen",
	RefusedOther:          "Svaret fra din kommunes login kunne ikke godkendes, så du er ikke logget ind. Start forfra fra kui's log ind-side. Kontakt din kommunes it-support, hvis det sker igen.",
}
