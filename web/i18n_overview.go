package web

// OverviewTexts are the texts of progression and the coordinator's views.
type OverviewTexts struct {
	ProgressionTitle, ProgressionIntro, ProgressionNone, ProgressionChartTitle, ProgressionChartDesc string
	ProgressionProfessional, ProgressionYouth, ProgressionDate, ProgressionStep, ProgressionWords    string
	ProgressionComment, ProgressionBy, ProgressionNew, ProgressionSave, ProgressionSaved             string
	ProgressionMeasuredOn, ProgressionProfessionalStep, ProgressionYouthStep, ProgressionWordsHint   string
	ProgressionDueNote, ProgressionLatest, ProgressionQuarter, ProgressionTable                      string

	SnapshotTitle, SnapshotIntro, SnapshotByLevel, SnapshotByUnit, SnapshotTotal, SnapshotPrevious string
	SnapshotMeasured, SnapshotUnmeasured, SnapshotUp, SnapshotSame, SnapshotDown, SnapshotMoved    string
	SnapshotAnchoredQuarter, SnapshotAnchoredNow, SnapshotExport, SnapshotNoUnit, SnapshotLevel    string
	SnapshotUnit, SnapshotSum, SnapshotEmpty                                                       string

	ScaleTitle, ScaleIntro, ScaleStep, ScaleSaved string

	Load LoadTexts
}

var danishOverview = OverviewTexts{
	ProgressionTitle: "Progression",
	ProgressionIntro: "Hvert kvartal måles den unges progression mod uddannelse eller job på den fælles skala: " +
		"af kontaktpersonen og af den unge selv, med den unges egne ord.",
	ProgressionNone:         "Der er ikke målt progression endnu.",
	ProgressionChartTitle:   "Progression over tid",
	ProgressionChartDesc:    "Trin 1 til 5 på skalaen ved hver måling. Fuld linje: fagpersonens vurdering. Stiplet linje: den unges egen vurdering.",
	ProgressionProfessional: "Fagpersonens vurdering", ProgressionYouth: "Den unges vurdering",
	ProgressionDate: "Dato", ProgressionStep: "Trin", ProgressionWords: "Med den unges ord",
	ProgressionComment: "Kommentar", ProgressionBy: "Registreret af",
	ProgressionNew: "Ny måling", ProgressionSave: "Gem måling", ProgressionSaved: "Målingen er gemt.",
	ProgressionMeasuredOn: "Målt den", ProgressionProfessionalStep: "Fagpersonens vurdering (trin)",
	ProgressionYouthStep: "Den unges egen vurdering (trin)",
	ProgressionWordsHint: "Skriv det, den unge selv siger om, hvor de er, og hvad der har flyttet sig.",
	ProgressionDueNote:   "Der er ikke målt progression i dette kvartal.",
	ProgressionLatest:    "Seneste måling", ProgressionQuarter: "%d. kvartal %d", ProgressionTable: "Målingerne",

	SnapshotTitle: "Progression i kommunen",
	SnapshotIntro: "Hvor mange unge står på hvert trin i dette kvartal (seneste måling pr. ung, fagpersonens vurdering), " +
		"og hvordan det har flyttet sig siden sidste kvartal. Ingen navne eller CPR-numre.",
	SnapshotByLevel: "Efter niveau i forebyggelsestrekanten", SnapshotByUnit: "Efter kontaktpersonens enhed",
	SnapshotTotal: "I alt, dette kvartal", SnapshotPrevious: "I alt, sidste kvartal",
	SnapshotMeasured: "Aktive unge målt i kvartalet", SnapshotUnmeasured: "Aktive unge ikke målt i kvartalet",
	SnapshotUp: "Rykket op", SnapshotSame: "Samme trin", SnapshotDown: "Rykket ned",
	SnapshotMoved:           "Unge målt i begge kvartaler",
	SnapshotAnchoredQuarter: "Forankret i uddannelse eller job i kvartalet", SnapshotAnchoredNow: "Forankret i alt nu",
	SnapshotExport: "Hent som CSV", SnapshotNoUnit: "Ingen kontaktperson", SnapshotLevel: "Niveau",
	SnapshotUnit: "Enhed", SnapshotSum: "I alt", SnapshotEmpty: "Ingen målinger i kvartalet endnu.",

	ScaleTitle: "Progressionsskalaen",
	ScaleIntro: "Skalaen har fem trin fra langt fra til klar til uddannelse eller job. Formulér trinnene, som I taler om dem i kommunen.",
	ScaleStep:  "Trin %d", ScaleSaved: "Skalaen er gemt.",

	Load: danishLoad,
}

// LoadTexts are the texts of the coordinator's load overview and the
// between-chairs list.
type LoadTexts struct {
	Title, Intro, UnitSummary, Filter, AllUnits, Unit, SortBy, Descending, Apply, Professional, Role string
	Teams, ContactCases, Meetings, OpenItems, OverdueItems, Professionals, Overloaded, OverThreshold string
	NoProfessionals, Thresholds, ThresholdsIntro, ThresholdsSaved, MeetingInterval, NoUnit           string
	SortAsc, SortDesc, BackToOverview, ChairsLink, SnapshotLink, DrilldownTitle, DrilldownIntro      string
	ReferralsLink                                                                                    string
	DrillNone, MeetingAt, DueOn, Overdue                                                             string

	ChairsTitle, ChairsIntro, ChairsNone, ChairsWaited, ChairsBirthday, ChairsShowing, ChairsTotal string
	ChairNames                                                                                     map[string]string
	ChairHints                                                                                     map[string]string
}

var danishLoad = LoadTexts{
	Title: "Overblik over belastning",
	Intro: "Hvor meget hver fagperson bærer: teams, forløb som kontaktperson, møder de næste 14 dage og handleplanspunkter, " +
		"de har påtaget sig. Tal over kommunens grænser er markeret. Klik på et tal for at se de unge bag det.",
	UnitSummary: "Pr. enhed", Filter: "Filtrér og sortér", AllUnits: "Alle enheder", Unit: "Enhed", SortBy: "Sortér efter",
	Descending: "Størst først", Apply: "Vis", Professional: "Fagperson", Role: "Rolle",
	Teams: "Teams", ContactCases: "Kontaktperson for", Meetings: "Møder 14 dage", OpenItems: "Åbne punkter",
	OverdueItems: "Overskredne", Professionals: "Fagpersoner", Overloaded: "Over en grænse",
	OverThreshold: "over grænsen", NoProfessionals: "Ingen fagpersoner i denne enhed.",
	Thresholds: "Grænser for belastning", ThresholdsIntro: "Fagpersoner over en grænse markeres i overblikket. Unge uden møde i længere tid end mødefrekvensen vises under ‘Unge mellem to stole’.",
	ThresholdsSaved: "Grænserne er gemt.", MeetingInterval: "Aftalt mødefrekvens (dage mellem møder)", NoUnit: "Uden enhed",
	SortAsc: "stigende", SortDesc: "faldende", BackToOverview: "Tilbage til overblikket",
	ChairsLink: "Unge mellem to stole", SnapshotLink: "Progression i kommunen", ReferralsLink: "Visitationsudvalget",
	DrilldownTitle: "Belastning: %s", DrilldownIntro: "De unge bag tallene i overblikket.", DrillNone: "Ingen.",
	MeetingAt: "Mødetidspunkt", DueOn: "Frist", Overdue: "Overskredet",

	ChairsTitle:    "Unge mellem to stole",
	ChairsIntro:    "Unge, der er ved at falde mellem to stole, og hvor længe de har ventet. Den, der har ventet længst, står øverst.",
	ChairsNone:     "Ingen lige nu.",
	ChairsWaited:   "Ventet %s", // Count(n, Days)
	ChairsBirthday: "Fylder 18 den %s",
	ChairsShowing:  "Viser de %d, der har ventet længst, af %d.",
	ChairsTotal:    "%d i alt",
	ChairNames: map[string]string{
		"no_contact":     "Uden kontaktperson",
		"handover":       "Overdragelser, der venter på at blive accepteret",
		"referral":       "Indstillinger, der venter hos visitationsudvalget",
		"small_team":     "Teams med færre end 3 fagpersoner",
		"agenda":         "Dagsordener, der er for sent ude eller ikke sendt",
		"no_meeting":     "Intet møde inden for den aftalte mødefrekvens",
		"no_progression": "Ingen progressionsmåling i det seneste kvartal",
		"turning_18":     "Fylder 18 inden for 90 dage",
	},
	ChairHints: map[string]string{
		"no_contact": "Find en kontaktperson, eller indstil til visitationsudvalget.",
		"handover":   "Modtageren skal acceptere; indtil da har den tidligere kontaktperson ansvaret.",
		"turning_18": "Forbered overgangen mellem love og enheder; forældrene træder ud af forløbet.",
	},
}
