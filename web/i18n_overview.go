package web

// OverviewTexts are the texts of progression and the coordinator's views.
type OverviewTexts struct {
	ProgressionTitle, ProgressionIntro, ProgressionNone, ProgressionChartTitle, ProgressionChartDesc string
	ProgressionProfessional, ProgressionYouth, ProgressionDate, ProgressionStep, ProgressionWords    string
	ProgressionComment, ProgressionBy, ProgressionNew, ProgressionSave, ProgressionSaved            string
	ProgressionMeasuredOn, ProgressionProfessionalStep, ProgressionYouthStep, ProgressionWordsHint  string
	ProgressionDueNote, ProgressionLatest, ProgressionQuarter, ProgressionTable                     string

	SnapshotTitle, SnapshotIntro, SnapshotByLevel, SnapshotByUnit, SnapshotTotal, SnapshotPrevious string
	SnapshotMeasured, SnapshotUnmeasured, SnapshotUp, SnapshotSame, SnapshotDown, SnapshotMoved    string
	SnapshotAnchoredQuarter, SnapshotAnchoredNow, SnapshotExport, SnapshotNoUnit, SnapshotLevel    string
	SnapshotUnit, SnapshotSum, SnapshotEmpty                                                       string

	ScaleTitle, ScaleIntro, ScaleStep, ScaleSaved string
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
}
