package web

import (
	"strconv"
	"time"

	"kui/internal/casework"
)

// UngMeetingTexts are the texts of the young person's plan, next meeting
// and team (/ung/plan, /ung/moede, /ung/team), the marker of their own
// topics on the professionals' agenda and big screen, and a professional's
// work phone page (/settings/contact).
type UngMeetingTexts struct {
	// Min plan.
	PlanTitle, PlanIntro, PlanNone, PlanFrom, PlanWho, PlanMe, PlanDue, PlanDueNone string
	PlanFollowedUp, PlanNotFollowedUp                                               string
	PlanPrint                                                                       string
	Outcomes                                                                        map[casework.Outcome]string

	// Mit næste møde.
	MeetingTitle, MeetingNone, MeetingWhen, MeetingWhere, MeetingWhereNone        string
	MeetingWho, MeetingFacilitator, MeetingYou, MeetingAgenda, MeetingAgendaEmpty string
	MeetingMine, MeetingOpenUntil, MeetingClosed                                  string
	TopicLabel, TopicHint, TopicAdd, TopicRemove, TopicAdded, TopicRemoved        string
	// The kinds of meeting the young person takes part in (never a
	// coordination meeting, which is professionals' only).
	KindPreMeeting, KindCooperation, KindInterdisciplinary string

	// Mit team og min kontaktperson.
	TeamTitle, TeamIntro, TeamNone, TeamContactIs, TeamContactNone, TeamOthers string
	TeamCall, TeamMail, TeamPhone, TeamEmail, TeamNoWayToReach, TeamContact    string

	// The marker of the young person's own topic, for professionals.
	WrittenBySelf string

	// The professional's work phone (/settings/contact).
	ContactSettingsTitle, ContactSettingsIntro, FieldWorkPhone, FieldWorkPhoneHint, ContactSave, ContactSaved string

	Weekdays [7]string
}

// Person is a professional as the young person sees them: "Name (role,
// unit)", or fewer parts when some are missing.
func (t UngMeetingTexts) Person(name, role, unit string) string {
	if extra := t.Role(role, unit); extra != "" {
		return name + " (" + extra + ")"
	}
	return name
}

// Role is a professional's role on the team and their unit: "role, unit",
// or the one that is there.
func (t UngMeetingTexts) Role(role, unit string) string {
	switch {
	case role != "" && unit != "":
		return role + ", " + unit
	case role != "":
		return role
	}
	return unit
}

// Kind names a kind of meeting the young person takes part in; "" for a
// coordination meeting, which they never see.
func (t UngMeetingTexts) Kind(k casework.MeetingKind) string {
	switch k {
	case casework.KindPreMeeting:
		return t.KindPreMeeting
	case casework.KindCooperation:
		return t.KindCooperation
	case casework.KindInterdisciplinary:
		return t.KindInterdisciplinary
	}
	return ""
}

// When is the day and time of a meeting: "tirsdag 9. december kl. 14.00".
func (t UngMeetingTexts) When(at time.Time, months [12]string) string {
	at = at.In(Copenhagen)
	return t.Weekdays[at.Weekday()] + " " + strconv.Itoa(at.Day()) + ". " + months[at.Month()-1] + " kl. " + at.Format("15.04")
}

// WeekDay is a calendar date with its weekday: "fredag 5. december".
func (t UngMeetingTexts) WeekDay(d time.Time, months [12]string) string {
	return t.Weekdays[d.Weekday()] + " " + strconv.Itoa(d.Day()) + ". " + months[d.Month()-1]
}

var danishUngMeeting = UngMeetingTexts{
	PlanTitle:         "Min plan",
	PlanIntro:         "Det her har vi aftalt. Det er skrevet med dine ord.",
	PlanNone:          "Du har ingen plan endnu. Den bliver skrevet på dit næste møde.",
	PlanFrom:          "Aftalt på mødet %s.",
	PlanWho:           "Hvem gør det?",
	PlanMe:            "Mig",
	PlanDue:           "Senest",
	PlanDueNone:       "Ingen dato",
	PlanFollowedUp:    "Sidst fulgte I op på:",
	PlanNotFollowedUp: "Ikke fulgt op endnu",
	PlanPrint:         "Udskriv min plan",
	Outcomes: map[casework.Outcome]string{
		casework.OutcomeDone:    "Klaret",
		casework.OutcomePartly:  "Delvist klaret",
		casework.OutcomeNotDone: "Ikke klaret",
	},

	MeetingTitle:          "Mit næste møde",
	MeetingNone:           "Du har ikke noget møde lige nu. Din kontaktperson siger til, når der er et.",
	MeetingWhen:           "Dit næste møde er %s.",
	MeetingWhere:          "Hvor?",
	MeetingWhereNone:      "Din kontaktperson fortæller dig, hvor mødet er.",
	MeetingWho:            "Hvem kommer?",
	MeetingFacilitator:    "leder mødet",
	MeetingYou:            "Dig",
	MeetingAgenda:         "Hvad skal vi tale om?",
	MeetingAgendaEmpty:    "Der er ingen emner endnu.",
	MeetingMine:           "Dit emne",
	MeetingOpenUntil:      "Du kan tilføje emner indtil %s. Derefter er dagsordenen lukket.",
	MeetingClosed:         "Dagsordenen er lukket. Vil du tage noget op, så skriv til din kontaktperson.",
	TopicLabel:            "Hvad vil du tale om? Skriv det her.",
	TopicHint:             "Højst 500 tegn. Dit team kan se, at du selv har skrevet det.",
	TopicAdd:              "Tilføj emne",
	TopicRemove:           "Fjern",
	TopicAdded:            "Dit emne er sat på dagsordenen.",
	TopicRemoved:          "Dit emne er fjernet.",
	KindPreMeeting:        "Formøde",
	KindCooperation:       "Møde med dit team",
	KindInterdisciplinary: "Møde med flere fagfolk",

	TeamTitle:        "Mit team",
	TeamIntro:        "Det er dem, der hjælper dig.",
	TeamNone:         "Du har ikke noget team endnu.",
	TeamContactIs:    "Din kontaktperson er %s.",
	TeamContactNone:  "Du har ikke fået en kontaktperson endnu.",
	TeamOthers:       "Resten af dit team",
	TeamCall:         "Ring",
	TeamMail:         "Skriv en mail",
	TeamPhone:        "Telefon",
	TeamEmail:        "Mail",
	TeamNoWayToReach: "Spørg din kontaktperson, hvordan du får fat i dem.",
	TeamContact:      "Din kontaktperson",

	WrittenBySelf: "skrevet af %s selv",

	ContactSettingsTitle: "Mit arbejdstelefonnummer",
	ContactSettingsIntro: "De unge, hvis team du er med i, kan se dit nummer og din e-mail på deres egen side i kui.",
	FieldWorkPhone:       "Mit arbejdstelefonnummer",
	FieldWorkPhoneHint:   "Kun tal, mellemrum og +, fx +45 12 34 56 78. Lad feltet være tomt for at fjerne nummeret.",
	ContactSave:          "Gem",
	ContactSaved:         "Dit arbejdstelefonnummer er gemt.",

	Weekdays: weekdays,
}
