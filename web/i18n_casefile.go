package web

import "kui/internal/casework"

// CaseFileTexts are the texts of this area; the catalogue holds them as one field.
type CaseFileTexts struct {
	// The journal.
	NotesTitle, NoteNewHeading, NoteIntro, NoteSpokenWith, NoteSpokenWithHint, NoteOccurredOn                         string
	NoteOccurredTime, NoteOccurredTimeHint, NoteTopic, NoteTopicHint, NoteAgreed, NoteAgreedHint                      string
	NoteSensitive, NoteSensitiveHint, NoteNotSensitive, NoteSave, NoteCreated, NotesHeading                           string
	NotesEmpty, NotesCountOne, NotesCountMany, NoteConversation, NoteWrittenBy, NoteNothingAgreed, NoteSensitiveBadge string
	NoteHidden, NoteHiddenText, NoteCorrectedBy, NoteSeeCorrection, NoteCorrects, NoteSeeOriginal                     string
	NoteCorrect, NoteCorrectTitle, NoteCorrectIntro, NoteCorrectSave, NoteCorrected, NoteOriginal                     string
	NoteTopicLabel, NoteAgreedLabel, NoteCorrectedBadge                                                               string
	SensitiveKinds                                                                                                    map[casework.SensitiveKind]string
	SensitiveShort                                                                                                    map[casework.SensitiveKind]string

	// Efforts.
	EffortsTitle, EffortsEmpty, EffortNewHeading, EffortUnit, EffortDescription, EffortDescriptionHint string
	EffortResponsible, EffortResponsibleTeam, EffortResponsibleOthers, EffortStartsOn, EffortEndsOn    string
	EffortEndsOnHint, EffortStatus, EffortSave, EffortCreated, EffortSaved, EffortEdit, EffortEditOf   string
	EffortEditTitle, EffortPeriod, EffortFrom, EffortPastEnd, EffortNoUnits, EffortUpdatedBy           string
	EffortWhat, EffortCountOne, EffortCountMany                                                        string
	EffortStatuses                                                                                     map[casework.EffortStatus]string

	// Consents.
	ConsentsTitle, ConsentsIntro, ConsentsEmpty, ConsentNoValid, ConsentNewHeading, ConsentGivenBy     string
	ConsentGivenByName, ConsentGivenByNameHint, ConsentGivenOn, ConsentExpiresOn, ConsentExpiresOnHint string
	ConsentCovers, ConsentCoversHint, ConsentCoversHealth, ConsentCoversReligion, ConsentCoversOther   string
	ConsentUnitScope, ConsentAllUnits, ConsentSomeUnits, ConsentUnitsLegend, ConsentNote               string
	ConsentNoteHint, ConsentSave, ConsentCreated, ConsentGivenByLabel, ConsentPeriod, ConsentSharing   string
	ConsentSensitive, ConsentNone, ConsentRecordedBy, ConsentWithdrawnLabel, ConsentWithdrawnValue     string
	ConsentWithdraw, ConsentWithdrawOf, ConsentWithdrawTitle, ConsentWithdrawWarning                   string
	ConsentWithdrawnOn, ConsentWithdrawnBy, ConsentWithdrawConfirm, ConsentWithdrawn, ConsentHeading   string
	ConsentFromGuardian, ConsentValidFrom, ConsentNoUnits, ConsentNoteLabel                            string
	ConsentGivers                                                                                      map[casework.ConsentGiver]string
	ConsentStates                                                                                      map[casework.ConsentState]string

	// The contact person's checklist.
	ChecklistTitle, ChecklistIntro, ChecklistDone, ChecklistDoneOn, ChecklistDoneOnHint     string
	ChecklistDueOn, ChecklistComment, ChecklistSave, ChecklistSaved, ChecklistNotDone       string
	ChecklistDoneValue, ChecklistDueValue, ChecklistNoDue, ChecklistOverdue, ChecklistStale string
	ChecklistUpdatedBy, ChecklistOverdueOne, ChecklistOverdueMany, ChecklistOpen            string
	ChecklistKinds, ChecklistHints                                                          map[casework.ChecklistKind]string

	// The notices on the young person's overview.
	TurningEighteen, TurningEighteenText string
}

var danishCaseFile = CaseFileTexts{
	NotesTitle:     "Journal",
	NoteNewHeading: "Skriv journalnotat",
	NoteIntro: "Notér hvem du har talt med, hvornår, om hvad, og hvad der blev aftalt. " +
		"Et notat kan ikke ændres bagefter: en fejl rettes med et nyt notat, og det gamle bevares.",
	NoteSpokenWith:       "Hvem har du talt med",
	NoteSpokenWithHint:   "Fx den unge, mor, far, mentor eller lærer. Skriv navn og rolle.",
	NoteOccurredOn:       "Dato for samtalen",
	NoteOccurredTime:     "Klokkeslæt",
	NoteOccurredTimeHint: "Timer og minutter.",
	NoteTopic:            "Om hvad",
	NoteTopicHint:        "Hvad talte I om?",
	NoteAgreed:           "Hvad blev aftalt",
	NoteAgreedHint:       "Hvem gør hvad, og hvornår. Kan stå tomt, hvis intet blev aftalt.",
	NoteSensitive:        "Indeholder notatet følsomme oplysninger?",
	NoteSensitiveHint: "Et følsomt notat kan kun læses af dig, den unges kontaktperson og de fagpersoner på teamet, " +
		"som et gyldigt samtykke dækker. Andre ser kun, at notatet findes.",
	NoteNotSensitive:   "Nej, ingen følsomme oplysninger",
	NoteSave:           "Gem notat",
	NoteCreated:        "Notatet er gemt i journalen.",
	NotesHeading:       "Notater",
	NotesEmpty:         "Der er ingen journalnotater endnu.",
	NotesCountOne:      "1 notat.",
	NotesCountMany:     "%d notater, det seneste først.",
	NoteConversation:   "Samtale med %s",
	NoteWrittenBy:      "Skrevet af %s, %s",
	NoteNothingAgreed:  "Ingen aftaler noteret.",
	NoteSensitiveBadge: "Følsomt: %s",
	NoteHidden:         "Følsom note — kræver samtykke",
	NoteHiddenText: "Notatet indeholder %s. Du kan læse det, når et gyldigt samtykke dækker oplysningerne og din enhed, " +
		"eller hvis du er den unges kontaktperson.",
	NoteCorrectedBy:    "Rettet af %s, %s.",
	NoteSeeCorrection:  "Se rettelsen",
	NoteCorrects:       "Retter et tidligere notat.",
	NoteSeeOriginal:    "Se det oprindelige notat",
	NoteCorrect:        "Ret notat",
	NoteCorrectTitle:   "Ret journalnotat",
	NoteCorrectIntro:   "Rettelsen gemmes som et nyt notat. Det oprindelige notat bliver stående, mærket som rettet, med henvisning til rettelsen.",
	NoteCorrectSave:    "Gem rettelse",
	NoteCorrected:      "Rettelsen er gemt. Det oprindelige notat er bevaret og mærket som rettet.",
	NoteOriginal:       "Det oprindelige notat",
	NoteTopicLabel:     "Om hvad",
	NoteAgreedLabel:    "Aftalt",
	NoteCorrectedBadge: "Rettet",
	SensitiveKinds: map[casework.SensitiveKind]string{
		casework.SensitiveHealth:   "Ja, helbredsoplysninger (fx diagnoser)",
		casework.SensitiveReligion: "Ja, religiøse forhold",
		casework.SensitiveOther:    "Ja, andre følsomme oplysninger",
	},
	SensitiveShort: map[casework.SensitiveKind]string{
		casework.SensitiveHealth:   "helbredsoplysninger",
		casework.SensitiveReligion: "religiøse forhold",
		casework.SensitiveOther:    "andre følsomme oplysninger",
	},

	EffortsTitle:            "Indsatser",
	EffortsEmpty:            "Der er ikke registreret indsatser endnu.",
	EffortNewHeading:        "Tilføj indsats",
	EffortUnit:              "Enhed",
	EffortDescription:       "Hvad er indsatsen",
	EffortDescriptionHint:   "Fx mentorstøtte to timer om ugen, praktik, samtaleforløb.",
	EffortResponsible:       "Ansvarlig fagperson",
	EffortResponsibleTeam:   "Teamet om den unge",
	EffortResponsibleOthers: "Andre fagpersoner",
	EffortStartsOn:          "Startdato",
	EffortEndsOn:            "Slutdato (valgfri)",
	EffortEndsOnHint:        "Skal udfyldes, når indsatsen er afsluttet eller afbrudt.",
	EffortStatus:            "Status",
	EffortSave:              "Tilføj indsats",
	EffortCreated:           "Indsatsen er tilføjet.",
	EffortSaved:             "Indsatsen er gemt.",
	EffortEdit:              "Ret",
	EffortEditOf:            "indsatsen %s",
	EffortEditTitle:         "Ret indsats",
	EffortPeriod:            "Periode",
	EffortFrom:              "fra %s",
	EffortPastEnd:           "Slutdatoen er passeret",
	EffortNoUnits:           "Kommunen har endnu ingen enheder. En administrator skal oprette dem, før der kan registreres indsatser.",
	EffortUpdatedBy:         "Senest ændret af %s, %s",
	EffortWhat:              "Indsats",
	EffortCountOne:          "1 indsats.",
	EffortCountMany:         "%d indsatser, de igangværende først.",
	EffortStatuses: map[casework.EffortStatus]string{
		casework.EffortPlanned:   "Planlagt",
		casework.EffortOngoing:   "I gang",
		casework.EffortCompleted: "Afsluttet",
		casework.EffortStopped:   "Afbrudt",
	},

	ConsentsTitle: "Samtykker",
	ConsentsIntro: "Den unges eller forældrenes samtykke til, at enhederne deler oplysninger — især helbredsoplysninger " +
		"(fx diagnoser) og religiøse forhold. Undersøg, om den unge har givet samtykke, før følsomme oplysninger deles.",
	ConsentsEmpty:          "Der er ikke registreret samtykker.",
	ConsentNoValid:         "Der er intet gyldigt samtykke lige nu. Følsomme notater kan kun læses af forfatteren og kontaktpersonen.",
	ConsentNewHeading:      "Registrér samtykke",
	ConsentGivenBy:         "Hvem har givet samtykket",
	ConsentGivenByName:     "Forælderens eller værgens navn",
	ConsentGivenByNameHint: "Udfyldes, når en forælder eller værge har givet samtykket.",
	ConsentGivenOn:         "Givet den",
	ConsentExpiresOn:       "Gælder til og med",
	ConsentExpiresOnHint:   "Typisk et år. Samtykket skal fornyes, når det udløber.",
	ConsentCovers:          "Hvilke følsomme oplysninger må deles",
	ConsentCoversHint:      "Sæt kun kryds ved det, samtykket udtrykkeligt omfatter.",
	ConsentCoversHealth:    "Helbredsoplysninger, fx diagnoser",
	ConsentCoversReligion:  "Religiøse forhold",
	ConsentCoversOther:     "Andre følsomme oplysninger",
	ConsentUnitScope:       "Hvilke enheder må dele oplysninger",
	ConsentAllUnits:        "Alle kommunens enheder",
	ConsentSomeUnits:       "Kun de enheder, der er valgt herunder",
	ConsentUnitsLegend:     "Enheder, som samtykket omfatter",
	ConsentNote:            "Bemærkning (valgfri)",
	ConsentNoteHint:        "Fx hvor det underskrevne samtykke ligger.",
	ConsentSave:            "Registrér samtykke",
	ConsentCreated:         "Samtykket er registreret.",
	ConsentHeading:         "Samtykke givet %s",
	ConsentGivenByLabel:    "Givet af",
	ConsentFromGuardian:    "%s (forælder/værge)",
	ConsentPeriod:          "Gælder",
	ConsentValidFrom:       "%s til og med %s",
	ConsentSharing:         "Deling mellem",
	ConsentSensitive:       "Følsomme oplysninger",
	ConsentNone:            "Ingen",
	ConsentNoUnits:         "Ingen enheder",
	ConsentNoteLabel:       "Bemærkning",
	ConsentRecordedBy:      "Registreret af %s, %s",
	ConsentWithdrawnLabel:  "Trukket tilbage",
	ConsentWithdrawnValue:  "%s af %s. Registreret af %s, %s.",
	ConsentWithdraw:        "Registrér tilbagetrækning",
	ConsentWithdrawOf:      "af samtykket givet %s",
	ConsentWithdrawTitle:   "Træk samtykke tilbage",
	ConsentWithdrawWarning: "Et samtykke, der er trukket tilbage, gælder ikke længere og kan ikke genoptages — der skal i så fald gives et nyt. " +
		"Samtykket bevares i historikken. Følsomme notater, som teamet kun kunne læse på grund af dette samtykke, kan ikke længere læses.",
	ConsentWithdrawnOn:     "Trukket tilbage den",
	ConsentWithdrawnBy:     "Hvem har trukket samtykket tilbage",
	ConsentWithdrawConfirm: "Træk samtykket tilbage",
	ConsentWithdrawn:       "Tilbagetrækningen er registreret. Samtykket gælder ikke længere.",
	ConsentGivers: map[casework.ConsentGiver]string{
		casework.GivenByYouth:    "Den unge selv",
		casework.GivenByGuardian: "En forælder eller værge",
	},
	ConsentStates: map[casework.ConsentState]string{
		casework.ConsentValid:     "Gyldigt",
		casework.ConsentExpiring:  "Udløber snart",
		casework.ConsentExpired:   "Udløbet",
		casework.ConsentWithdrawn: "Trukket tilbage",
		casework.ConsentPending:   "Ikke trådt i kraft",
	},

	ChecklistTitle: "Kontaktpersonens tjekliste",
	ChecklistIntro: "Kontaktpersonens faste opgaver for den unge. Sæt en frist, og markér opgaven som udført, når den er gjort. " +
		"Opgaver over fristen vises også på den unges overblik.",
	ChecklistDone:        "Udført",
	ChecklistDoneOn:      "Udført den",
	ChecklistDoneOnHint:  "Står feltet tomt, gælder dags dato.",
	ChecklistDueOn:       "Frist",
	ChecklistComment:     "Kommentar og aftaler",
	ChecklistSave:        "Gem",
	ChecklistSaved:       "Tjeklisten er gemt.",
	ChecklistNotDone:     "Ikke udført",
	ChecklistDoneValue:   "Udført %s",
	ChecklistDueValue:    "Frist %s",
	ChecklistNoDue:       "Ingen frist",
	ChecklistOverdue:     "Over fristen",
	ChecklistStale:       "En anden har gemt dette punkt, mens du skrev. Dine ændringer står i formularen; tjek dem, og gem igen.",
	ChecklistUpdatedBy:   "Senest ændret af %s, %s",
	ChecklistOverdueOne:  "1 punkt på kontaktpersonens tjekliste er over fristen.",
	ChecklistOverdueMany: "%d punkter på kontaktpersonens tjekliste er over fristen.",
	ChecklistOpen:        "Se tjeklisten",
	ChecklistKinds: map[casework.ChecklistKind]string{
		casework.ChecklistMeetingFrequency: "Mødefrekvens aftalt",
		casework.ChecklistCollaboration:    "Samarbejdsaftale",
		casework.ChecklistEfforts:          "Indsatser koordineret",
		casework.ChecklistEducationPlan:    "Uddannelsesplan opdateret",
		casework.ChecklistCallMeeting:      "Indkald til møde",
		casework.ChecklistJournaling:       "Journalføring",
	},
	ChecklistHints: map[casework.ChecklistKind]string{
		casework.ChecklistMeetingFrequency: "Hvor ofte mødes kontaktpersonen og den unge?",
		casework.ChecklistCollaboration:    "Aftalen om samarbejdet mellem den unge, forældrene og fagpersonerne.",
		casework.ChecklistEfforts:          "Overblik over indsatserne, og hvem der gør hvad.",
		casework.ChecklistEducationPlan:    "Hold teamet fokuseret på den unges uddannelsesplan.",
		casework.ChecklistCallMeeting:      "Indkald teamet, når der skal træffes beslutninger.",
		casework.ChecklistJournaling:       "Med hvem, om hvad, hvornår, og hvad er der aftalt.",
	},

	TurningEighteen: "%s fylder 18 år den %s — om %s.", // Count(days, Days)
	TurningEighteenText: "Forbered overgangen: den unge skifter fra børne- til voksenlovgivningen og ofte til andre enheder " +
		"(fx fra Familierådgivning til Jobcenter eller Socialpsykiatri), og forældrene er ikke længere automatisk en del af forløbet.",
}
