package web

import "kui/internal/casework"

// UngRightsTexts are the texts of the young person's progression,
// consents, access log and data (/ung/udvikling, /ung/samtykker,
// /ung/indsigt, /ung/data): short sentences, in their language.
type UngRightsTexts struct {
	// Min udvikling
	ProgressionTitle, ProgressionIntro, RateHeading, RateQuarter, RateAlready, StepLegend, WordsLabel, WordsHint string
	RateSave, RateSaved, OwnHeading, OwnNone, ChartTitle, ChartDesc, ChartYou, ColQuarter, ColStep, ColWords     string
	MeasuredHeading, MeasuredIntro, ColDate, ColYou, ColProfessional, QuarterName, QuarterShort, StepValue       string

	// Mine samtykker
	ConsentsTitle, ConsentsIntro, ConsentsNone, ConsentHeading, GivenByLabel, GivenByYou, GivenByGuardian string
	PeriodLabel, PeriodValue, WithWhomLabel, AllUnits, NoUnits, WhatLabel, OnlyOrdinary                   string
	WithdrawnLabel, WithdrawnInKui, WithdrawnByYou, WithdrawnByGuardian                                   string
	Withdraw, WithdrawOf, WithdrawTitle, WithdrawQuestion, WithdrawExplain, WithdrawConfirm               string
	WithdrawCancel, WithdrawDone, ConflictTitle, AlreadyWithdrawn, AlreadyEnded                           string
	// ProWithdrawnInKui marks, on the professionals' consents page, a
	// withdrawal the young person made themself in kui.
	ProWithdrawnInKui                   string
	KindHealth, KindReligion, KindOther string
	States                              map[casework.ConsentState]string

	// Hvem har set min sag
	AccessTitle, AccessIntro, AccessNoNames, AccessWithNames, AccessNone, ColWhen, ColUnit, ColPurpose, ColName string
	UnitNow, UnitUnknown, PurposeOther                                                                          string
	Purposes                                                                                                    map[casework.AuditAction]string

	// The administrator's settings of the young people's pages.
	AdminTitle, AdminLink, AdminIntro, AdminNamesLabel, AdminNamesHint, AdminSaved string

	// Hent mine data
	DataTitle, DataIntro, DataJSON, DataLeftOut, AboutYou, Name, BirthDate, CaseStatus, Education, EducationPlan string
	Guardians, Team, ContactPerson, Meetings, Agenda, Plan, PlanMe, Due, Consents, Progression, Efforts          string
	AccessLog, None, MeetingWhen, Place, EffortUnit, EffortPeriod, EffortOpen                                    string
}

// Purpose is the plain-Danish reason behind an action in the audit log, as
// the young person reads it.
func (t UngRightsTexts) Purpose(a casework.AuditAction) string {
	if s, ok := t.Purposes[a]; ok {
		return s
	}
	return t.PurposeOther
}

var danishUngRights = UngRightsTexts{
	ProgressionTitle: "Min udvikling",
	ProgressionIntro: "Hvordan går det for dig? Hver tredje måned kan du selv sige, hvor du er på vej mod uddannelse eller job. Du kan ændre det, indtil de tre måneder er gået.",
	RateHeading:      "Hvordan går det lige nu?",
	RateQuarter:      "Det gælder %s.",
	RateAlready:      "Du har allerede svaret i denne periode. Du kan ændre dit svar her.",
	StepLegend:       "Vælg det, der passer bedst.",
	WordsLabel:       "Fortæl med dine egne ord",
	WordsHint:        "Hvad går godt? Hvad er svært?",
	RateSave:         "Gem mit svar",
	RateSaved:        "Tak. Dit svar er gemt.",
	OwnHeading:       "Det har du svaret",
	OwnNone:          "Du har ikke svaret endnu.",
	ChartTitle:       "Sådan har du set dig selv",
	ChartDesc:        "Trin 1 til 5 over tid. Det samme står i tabellen under.",
	ChartYou:         "Dit svar",
	ColQuarter:       "Periode",
	ColStep:          "Trin",
	ColWords:         "Dine ord",
	MeasuredHeading:  "Det har I skrevet ned sammen",
	MeasuredIntro:    "Til jeres møder har du og en fagperson hver sagt, hvor du er. Her kan du se begge dele.",
	ColDate:          "Dato",
	ColYou:           "Dig",
	ColProfessional:  "Fagpersonen",
	QuarterName:      "%d. kvartal %d",
	QuarterShort:     "%d. kvt. %d",
	StepValue:        "%d – %s",

	ConsentsTitle:       "Mine samtykker",
	ConsentsIntro:       "Et samtykke er din lov til, at fagfolk må dele oplysninger om dig med hinanden. Du kan altid trække et samtykke tilbage.",
	ConsentsNone:        "Der er ingen samtykker.",
	ConsentHeading:      "Samtykke fra %s",
	GivenByLabel:        "Hvem gav lov?",
	GivenByYou:          "Dig",
	GivenByGuardian:     "%s (forælder eller værge)",
	PeriodLabel:         "Hvornår?",
	PeriodValue:         "Fra %s til og med %s",
	WithWhomLabel:       "Hvem må dele?",
	AllUnits:            "Alle fagfolk i kommunen, der arbejder med dig",
	NoUnits:             "Ingen",
	WhatLabel:           "Hvad må de dele?",
	OnlyOrdinary:        "Almindelige oplysninger, ikke følsomme",
	WithdrawnLabel:      "Trukket tilbage",
	WithdrawnInKui:      "%s. Du trak det selv tilbage her.",
	WithdrawnByYou:      "%s af dig.",
	WithdrawnByGuardian: "%s af %s.",
	Withdraw:            "Træk tilbage",
	WithdrawOf:          "samtykket fra %s",
	WithdrawTitle:       "Træk samtykke tilbage",
	WithdrawQuestion:    "Vil du trække dit samtykke tilbage? Det gælder med det samme.",
	WithdrawExplain:     "Så må fagfolkene ikke længere dele det, samtykket handler om. Du kan altid give et nyt samtykke. Tal med din kontaktperson.",
	WithdrawConfirm:     "Ja, træk det tilbage",
	WithdrawCancel:      "Nej, gå tilbage",
	WithdrawDone:        "Dit samtykke er trukket tilbage. Det gælder fra nu.",
	ConflictTitle:       "Det kan ikke lade sig gøre",
	ProWithdrawnInKui:   "%s. Trukket tilbage af den unge selv i kui, %s.",
	AlreadyWithdrawn:    "Samtykket er allerede trukket tilbage. Du behøver ikke gøre mere.",
	AlreadyEnded:        "Samtykket gælder ikke længere. Du behøver ikke gøre noget.",
	KindHealth:          "Om dit helbred",
	KindReligion:        "Om din tro",
	KindOther:           "Andre følsomme ting",
	States: map[casework.ConsentState]string{
		casework.ConsentValid:     "Gælder",
		casework.ConsentExpiring:  "Gælder snart ikke mere",
		casework.ConsentExpired:   "Gælder ikke mere",
		casework.ConsentWithdrawn: "Trukket tilbage",
		casework.ConsentPending:   "Gælder fra senere",
	},

	AccessTitle:     "Hvem har set min sag",
	AccessIntro:     "Her kan du se, hvornår nogen fra kommunen har kigget i din sag, og hvorfor.",
	AccessNoNames:   "Du kan se, hvilken afdeling de kommer fra. Din kommune viser ikke navnene.",
	AccessWithNames: "Du kan se, hvilken afdeling de kommer fra, og hvad de hedder.",
	AccessNone:      "Ingen har kigget i din sag endnu.",
	ColWhen:         "Hvornår",
	ColUnit:         "Afdeling",
	ColPurpose:      "Hvad de gjorde",
	ColName:         "Hvem",
	UnitNow:         "%s (hvor personen er nu)",
	UnitUnknown:     "Ingen afdeling",
	PurposeOther:    "Arbejdede med din sag",
	Purposes: map[casework.AuditAction]string{
		casework.AuditYouthList:         "Så dig på en liste",
		casework.AuditYouthView:         "Så dine oplysninger",
		casework.AuditYouthCreate:       "Oprettede din sag",
		casework.AuditYouthUpdate:       "Rettede dine oplysninger",
		casework.AuditYouthStatus:       "Ændrede status på din sag",
		casework.AuditCPRReveal:         "Så dit CPR-nummer",
		casework.AuditYouthEditing:      "Åbnede dine oplysninger for at rette dem",
		casework.AuditTeamAdd:           "Satte en person på dit team",
		casework.AuditTeamView:          "Så dit team",
		casework.AuditTeamRemove:        "Tog en person af dit team",
		casework.AuditTeamChosen:        "Skrev ned, at du har valgt dit team",
		casework.AuditContactView:       "Så, hvem der er din kontaktperson",
		casework.AuditContactAssign:     "Valgte din kontaktperson",
		casework.AuditContactEnd:        "Stoppede som din kontaktperson",
		casework.AuditHandoverRequest:   "Bad om en ny kontaktperson til dig",
		casework.AuditHandoverAccept:    "Sagde ja til at blive din kontaktperson",
		casework.AuditHandoverDecline:   "Sagde nej til at blive din kontaktperson",
		casework.AuditHandoverCancel:    "Stoppede et skift af kontaktperson",
		casework.AuditHandoverList:      "Så skift af kontaktperson",
		casework.AuditReferralCreate:    "Sendte din sag videre til en anden afdeling",
		casework.AuditReferralView:      "Så, at din sag blev sendt videre",
		casework.AuditReferralList:      "Så, at din sag blev sendt videre",
		casework.AuditReferralDecide:    "Svarede på, at din sag blev sendt videre",
		casework.AuditReferralWithdraw:  "Trak en henvisning af din sag tilbage",
		casework.AuditInboxList:         "Så en besked om din sag",
		casework.AuditEffortList:        "Så det, du får hjælp til",
		casework.AuditEffortEditing:     "Åbnede en indsats for at rette den",
		casework.AuditEffortCreate:      "Skrev en ny indsats ned",
		casework.AuditEffortUpdate:      "Rettede en indsats",
		casework.AuditNoteList:          "Læste journalen",
		casework.AuditNoteCreate:        "Skrev i journalen",
		casework.AuditNoteCorrecting:    "Åbnede en journalnote for at rette den",
		casework.AuditNoteCorrect:       "Rettede i journalen",
		casework.AuditConsentList:       "Så dine samtykker",
		casework.AuditConsentView:       "Så et af dine samtykker",
		casework.AuditConsentCreate:     "Skrev et nyt samtykke ned",
		casework.AuditConsentWithdraw:   "Skrev ned, at et samtykke er trukket tilbage",
		casework.AuditChecklistView:     "Så kontaktpersonens huskeliste",
		casework.AuditChecklistUpdate:   "Krydsede af på kontaktpersonens huskeliste",
		casework.AuditMeetingCreate:     "Lavede et møde med dig",
		casework.AuditMeetingView:       "Så et af dine møder",
		casework.AuditMeetingScreen:     "Viste dit møde på skærmen",
		casework.AuditMeetingPrint:      "Printede dit møde",
		casework.AuditMeetingList:       "Så dine møder",
		casework.AuditMeetingUpdate:     "Ændrede et af dine møder",
		casework.AuditMeetingEnd:        "Afsluttede et af dine møder",
		casework.AuditMeetingCancel:     "Aflyste et af dine møder",
		casework.AuditMeetingCalendar:   "Hentede dit møde til sin kalender",
		casework.AuditAgendaAdd:         "Skrev et emne på dagsordenen",
		casework.AuditAgendaMove:        "Flyttede et emne på dagsordenen",
		casework.AuditAgendaDelete:      "Slettede et emne på dagsordenen",
		casework.AuditAgendaSend:        "Sendte dagsordenen ud",
		casework.AuditPlanAdd:           "Skrev noget i din plan",
		casework.AuditPlanEditing:       "Åbnede din plan for at rette den",
		casework.AuditPlanUpdate:        "Rettede din plan",
		casework.AuditPlanDelete:        "Slettede noget i din plan",
		casework.AuditPlanMove:          "Flyttede noget i din plan",
		casework.AuditPlanFollowup:      "Skrev ned, hvordan det gik med din plan",
		casework.AuditCalendarFeed:      "Hentede dine møder til sin kalender",
		casework.AuditProgressionView:   "Så din udvikling",
		casework.AuditProgressionRecord: "Skrev ned, hvordan det går for dig",
		casework.AuditSnapshotExport:    "Hentede tal for hele kommunen",
		casework.AuditBetweenChairs:     "Tjekkede, at ingen unge bliver glemt",
		casework.AuditLoadDrilldown:     "Så, hvem der arbejder med hvilke unge",
		// The young person's own actions: never listed to them (only
		// professionals' lines are), but named all the same.
		casework.AuditUngHome:            "Du så din forside",
		casework.AuditUngPlan:            "Du så din plan",
		casework.AuditUngMeeting:         "Du så dit møde",
		casework.AuditUngAgendaAdd:       "Du skrev et emne på dagsordenen",
		casework.AuditUngAgendaDelete:    "Du slettede et emne fra dagsordenen",
		casework.AuditUngTeam:            "Du så dit team",
		casework.AuditUngProgression:     "Du så din udvikling",
		casework.AuditUngRate:            "Du svarede på, hvordan det går",
		casework.AuditUngConsents:        "Du så dine samtykker",
		casework.AuditUngConsentWithdraw: "Du trak et samtykke tilbage",
		casework.AuditUngAccessLog:       "Du så, hvem der har set din sag",
		casework.AuditUngData:            "Du hentede dine data",
	},

	AdminTitle:      "Unges egen side (Min side)",
	AdminLink:       "Indstillinger for de unges egen side",
	AdminIntro:      "De unge kan selv se, hvem der har set deres sag: hvornår, fra hvilken enhed og hvorfor. Kommunen vælger, om fagpersonernes navne også vises.",
	AdminNamesLabel: "Vis fagpersonernes navne i 'Hvem har set min sag'",
	AdminNamesHint:  "Uden flueben ser den unge kun enheden og formålet.",
	AdminSaved:      "Indstillingen er gemt.",

	DataTitle:     "Mine data",
	DataIntro:     "Her er alt det, kui ved om dig. Du kan printe siden eller hente det som en fil.",
	DataJSON:      "Hent som fil (JSON)",
	DataLeftOut:   "Dit CPR-nummer står ikke her. Fagfolkenes journalnotater og deres egne møder om dig er heller ikke med. Vil du se dem, kan du bede kommunen om aktindsigt.",
	AboutYou:      "Om dig",
	Name:          "Navn",
	BirthDate:     "Fødselsdag",
	CaseStatus:    "Din sag",
	Education:     "Uddannelse",
	EducationPlan: "Uddannelsesplan",
	Guardians:     "Forældre og værger",
	Team:          "Dit team",
	ContactPerson: "Din kontaktperson",
	Meetings:      "Dine møder",
	Agenda:        "Dagsorden",
	Plan:          "Plan",
	PlanMe:        "Dig",
	Due:           "Senest %s",
	Consents:      "Dine samtykker",
	Progression:   "Din udvikling",
	Efforts:       "Det, du får hjælp til",
	AccessLog:     "Hvem har set din sag",
	None:          "Ingen.",
	MeetingWhen:   "%s, %s",
	Place:         "Sted",
	EffortUnit:    "Hvem hjælper",
	EffortPeriod:  "Fra %s til %s",
	EffortOpen:    "Fra %s",
}
