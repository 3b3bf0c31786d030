package web

import (
	"fmt"

	"kui/internal/casework"
)

// NotificationTexts are the texts of "Venter på dig", the e-mail choices,
// the unsubscribe link's page and the administrator's outgoing e-mail.
type NotificationTexts struct {
	// The header's link and its screen-reader text after the number.
	NavInbox, CountHidden string

	// "Venter på dig".
	InboxTitle, InboxIntro, InboxEmpty, InboxSettingsLink string
	MarkRead, ReadBadge, MarkedRead                       string
	// KindTexts say, per kind, what waits (Title), the date's label
	// (DateLabel: the occasion's, or for an event the day it happened), the link's text (Act) and
	// the settings page's one-line description (Describe).
	KindTexts map[casework.Kind]KindText

	// The settings page.
	SettingsTitle, SettingsIntro, SettingsNoPersonal, SettingsSaved string
	SettingsNone, SettingsBackToInbox                               string
	Deliveries                                                      map[casework.Delivery]string
	DeliveryInvalid                                                 string

	// The unsubscribe link's page.
	UnsubTitle, UnsubQuestion, UnsubNote, UnsubButton string
	UnsubDoneTitle, UnsubDone, UnsubSettingsLink      string
	UnsubBadTitle, UnsubBadText                       string

	// The administrator's outgoing e-mail.
	OutboxTitle, OutboxIntro, OutboxEmpty                         string
	OutboxWhen, OutboxTo, OutboxKind, OutboxState, OutboxAttempts string
	OutboxError, OutboxAction, OutboxRetry, OutboxRetried         string
	OutboxDigest                                                  string
	OutboxStates                                                  map[string]string
}

// KindText is what one kind of notification says.
type KindText struct {
	Title, DateLabel, Act, Describe string
}

// Kind is the texts of a kind; an unknown kind gets its own name.
func (t NotificationTexts) Kind(k casework.Kind) KindText {
	if kt, ok := t.KindTexts[k]; ok {
		return kt
	}
	return KindText{Title: string(k), Act: t.InboxTitle, Describe: string(k)}
}

// OutboxKindName is the kind of an outgoing e-mail in words.
func (t NotificationTexts) OutboxKindName(kind string) string {
	if kind == "digest" {
		return t.OutboxDigest
	}
	return t.Kind(casework.Kind(kind)).Title
}

// OutboxStateName is an outgoing e-mail's state in words.
func (t NotificationTexts) OutboxStateName(state string) string {
	if s, ok := t.OutboxStates[state]; ok {
		return s
	}
	return state
}

// Unsubscribe is the question of the unsubscribe page for a kind.
func (t NotificationTexts) Unsubscribe(k casework.Kind) string {
	return fmt.Sprintf(t.UnsubQuestion, t.Kind(k).Title)
}

// Unsubscribed confirms that a kind's e-mail is off.
func (t NotificationTexts) Unsubscribed(k casework.Kind) string {
	return fmt.Sprintf(t.UnsubDone, t.Kind(k).Title)
}

var danishNotifications = NotificationTexts{
	NavInbox: "Venter på dig", CountHidden: "ting venter",

	InboxTitle:        "Venter på dig",
	InboxIntro:        "Det, der venter på, at du gør noget. En linje forsvinder af sig selv, når sagen er klaret.",
	InboxEmpty:        "Intet venter på dig lige nu.",
	InboxSettingsLink: "Vælg hvilke e-mails du får",
	MarkRead:          "Markér som læst", ReadBadge: "Læst", MarkedRead: "Markeret som læst.",
	KindTexts: map[casework.Kind]KindText{
		casework.KindHandover: {Title: "Du er valgt som ny kontaktperson", DateLabel: "Sendt", Act: "Tag stilling til overdragelsen",
			Describe: "Når en anden vil overdrage rollen som kontaktperson til dig."},
		casework.KindReferralDecided: {Title: "En indstilling er afgjort", DateLabel: "Afgjort", Act: "Se afgørelsen",
			Describe: "Når visitationsudvalget har afgjort en indstilling, du har lavet eller er tildelt."},
		casework.KindTeamAdded: {Title: "Du er sat på teamet", DateLabel: "Tilføjet", Act: "Se den unge",
			Describe: "Når du bliver sat på en ungs team."},
		casework.KindAgendaDue: {Title: "En dagsorden skal sendes", DateLabel: "Send senest", Act: "Gå til mødet",
			Describe: "Når en dagsorden, du er tovholder på, skal sendes inden for 2 arbejdsdage, eller fristen er gået."},
		casework.KindPlanDue: {Title: "Et punkt i planen skal følges op", DateLabel: "Frist", Act: "Gå til møderne",
			Describe: "Når et punkt i en plan, du er ansvarlig for, har frist i dag eller er overskredet."},
		casework.KindConsentExpiring: {Title: "Et samtykke udløber snart", DateLabel: "Udløber", Act: "Gå til samtykker",
			Describe: "Når et samtykke for en af dine unge udløber inden for 14 dage."},
		casework.KindTurning18: {Title: "Fylder snart 18 år", DateLabel: "Fylder 18", Act: "Gå til den unge",
			Describe: "Når en af dine unge fylder 18 inden for 90 dage."},
		casework.KindNoMeeting: {Title: "Intet møde i 3 måneder", DateLabel: "Sidste møde", Act: "Gå til møderne",
			Describe: "Når en af dine unge ikke har haft møde i 3 måneder."},
		casework.KindChairsHandover: {Title: "En overdragelse har ventet mere end 5 arbejdsdage", DateLabel: "Opdaget", Act: "Se kontaktpersonen",
			Describe: "Når en overdragelse af kontaktpersonrollen i kommunen har ventet mere end 5 arbejdsdage."},
		casework.KindChairsReferral: {Title: "En indstilling venter på visitationsudvalget", DateLabel: "Indstillet", Act: "Se indstillingen",
			Describe: "Når en indstilling i kommunen venter på visitationsudvalget."},
		casework.KindChairsAgenda: {Title: "En dagsorden er ikke sendt til tiden", DateLabel: "Skulle være sendt", Act: "Gå til mødet",
			Describe: "Når en dagsorden i kommunen ikke er sendt inden fristen."},
	},

	SettingsTitle:       "E-mails fra kui",
	SettingsIntro:       "Vælg for hver slags, om du vil have en e-mail med det samme, i en daglig oversigt eller slet ikke. Alt står stadig under »Venter på dig«.",
	SettingsNoPersonal:  "E-mails fra kui indeholder aldrig navne, CPR-numre eller andre personoplysninger. De siger kun, hvad slags ting der venter, og giver et link ind i kui.",
	SettingsSaved:       "Dine valg er gemt.",
	SettingsNone:        "Der er ingen e-mails at vælge for din rolle.",
	SettingsBackToInbox: "Tilbage til »Venter på dig«",
	Deliveries: map[casework.Delivery]string{
		casework.DeliverNow:   "Med det samme",
		casework.DeliverDaily: "I en daglig oversigt kl. 7 på arbejdsdage",
		casework.DeliverOff:   "Ikke på e-mail",
	},
	DeliveryInvalid: "Vælg en af mulighederne.",

	UnsubTitle:        "Afmeld e-mail",
	UnsubQuestion:     "Vil du ikke længere have e-mail om »%s«?",
	UnsubNote:         "Du kan stadig se det under »Venter på dig« i kui. Du kan altid slå e-mailen til igen under dine indstillinger.",
	UnsubButton:       "Ja, afmeld e-mailen",
	UnsubDoneTitle:    "E-mailen er afmeldt",
	UnsubDone:         "Du får ikke længere e-mail om »%s«.",
	UnsubSettingsLink: "Se alle dine valg for e-mails",
	UnsubBadTitle:     "Linket virker ikke",
	UnsubBadText:      "Linket til at afmelde e-mail er ikke gyldigt. Log ind i kui og vælg dine e-mails under indstillinger.",

	OutboxTitle:    "Udgående e-mail",
	OutboxIntro:    "E-mails, kui har sendt eller skal sende til kommunens brugere. E-mails indeholder ingen personoplysninger.",
	OutboxEmpty:    "Der er ingen e-mails endnu.",
	OutboxWhen:     "Oprettet",
	OutboxTo:       "Modtager",
	OutboxKind:     "Slags",
	OutboxState:    "Status",
	OutboxAttempts: "Forsøg",
	OutboxError:    "Fejl",
	OutboxAction:   "Handling",
	OutboxRetry:    "Send igen",
	OutboxRetried:  "E-mailen sendes igen.",
	OutboxDigest:   "Daglig oversigt",
	OutboxStates: map[string]string{
		"sent": "Sendt", "waiting": "Venter", "retrying": "Prøver igen", "failed": "Fejlet",
		"off": "Ikke sendt (slået fra)", "skipped": "Sprunget over",
	},
}
