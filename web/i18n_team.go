package web

import "kui/internal/casework"

// TeamTexts are the texts of this area; the catalogue holds them as one field.
type TeamTexts struct {
	// Page titles and flash messages.
	TeamTitle, ChooseContactTitle, ChangeContactTitle, RemoveTitle, ReferralTitle, ReferralsTitle string
	DecisionTitle, UnitsTitle                                                                     string
	MemberAdded, MemberRemoved, RemovedSelf, ChoiceSaved, ContactAssigned, HandoverSent           string
	HandoverAccepted, HandoverDeclined, HandoverCancelled, ReferralSent, ReferralWithdrawn        string
	ReferralDecided, UnitAdded, UnitRenamed, MemberAddedLeft                                      string

	// The team page.
	TooSmall, NoContactPrompt, ReestablishPrompt, NotActiveNoContact                string
	ContactHeading, NoContact, ContactSince, ChooseContact, ChangeContact, GoToTeam string
	ReasonLabel, NeedsLabel, ReasonWish, ReasonRelation, ReasonNeeds                string
	LoadNone, LoadOne, LoadMany                                                     string
	Sources                                                                         map[casework.ContactSource]string
	EndReasons                                                                      map[casework.ContactEndReason]string
	HandoverStatuses                                                                map[casework.HandoverStatus]string

	HandoverPendingHeading, HandoverPending, HandoverRequested, HandoverAccept, HandoverDecline string
	HandoverCancel, DeclineReason, DeclineReasonHint, DeclineReasonShort, HandoverFromTo        string

	ReferralPendingHeading, ReferralPending, ReferralDecide, ReferralWithdraw, ReferralNew string
	ReferralSituation, ReferralTried, ReferralNeeded                                       string

	TeamHeading, ColName, ColUnit, ColRole, ColSince, ColActions, ColPeriod, ColRemovedBy, ColLoad string
	ContactBadge, ReceiverBadge, Remove                                                            string
	AddHeading, TeamFullNote, NoCandidates, FieldProfessional, FieldProfessionalHint, NoUnit       string
	FieldTeamRole, FieldTeamRoleHint, Add                                                          string
	ChoiceHeading, ChoiceIntro, ChoiceRecorded, ChoiceRecordedBy, ChoiceNone                       string
	FieldChosenOn, FieldChosenOnHint, FieldChoiceNote, ChoiceSave                                  string
	FormerHeading, FormerNone                                                                      string
	HistoryHeading, HistoryNone, HistoryPeriods, HistoryHandovers, HistoryReferrals, PeriodOngoing string
	ReferralDecidedText, ReferralWithdrawnText, DecisionNoteShort                                  string

	// Removing a member.
	BackToTeam, RemoveQuestion, RemoveConsequence, RemoveSelf, RemoveConfirm string

	// Choosing the contact person.
	ContactIntro, ContactHandoverNote, WeighingHeading, WeighingIntro, NoOneToChoose string
	FieldNeeds, FieldNeedsHint, Suggest, SuggestionsHeading, SuggestionsHint         string
	FieldContactPerson, BestSuggestion, FieldReason, FieldReasonHint                 string
	ChooseAsContact, SendHandover, NoOneFound                                        string

	// The referral form and the committee's decision.
	ReferralIntro, ReferralSituationHint, ReferralTriedHint, ReferralNeededHint, ReferralSend string
	ReferralsIntro, ReferralsPendingHeading, ReferralsNone, HandoversPendingHeading           string
	HandoversNone, ColYouth, ColReferred, ColReferredBy, ColContactNow, ColFrom, ColTo        string
	ColRequested, ReferralFormHeading, ReferralTeamHeading, ReferralContactNow                string
	DecisionHeading, DecisionIntro, FieldDecisionUser, FieldDecisionUserHint, OnTeam          string
	FieldDecisionNote, FieldDecisionNoteHint, DecisionSave                                    string

	// Units.
	UnitsIntro, UnitsNone, ColUnitName, ColUnitUsers, ColRename, RenameLabel, Rename string
	UnitAddHeading, FieldUnitName, FieldUnitNameHint, UnitAdd                        string

	// The front page.
	HomeHandoverToMe, HomeHandoverFromMe, HomeHandoverRespond, HomeHandoverSee, HomeReferrals string
	HomeReferralOne, HomeHandoverAskedToMe                                                    string
}

var danishTeam = TeamTexts{
	TeamTitle: "Team og kontaktperson", ChooseContactTitle: "Vælg kontaktperson", ChangeContactTitle: "Skift kontaktperson",
	RemoveTitle: "Fjern fra teamet", ReferralTitle: "Indstil til visitationsudvalget",
	ReferralsTitle: "Visitationsudvalget", DecisionTitle: "Afgørelse: %s", UnitsTitle: "Enheder",
	MemberAdded:       "Fagpersonen er tilføjet til teamet.",
	MemberRemoved:     "Fagpersonen er fjernet fra teamet. Historikken viser fortsat, at personen var med.",
	RemovedSelf:       "Du er fjernet fra teamet og har ikke længere adgang til den unge.",
	ChoiceSaved:       "Det er registreret, at den unge har valgt teamet.",
	ContactAssigned:   "%s er nu den unges kontaktperson.",
	HandoverSent:      "Overdragelsen er sendt til %s, som skal acceptere den. Indtil da er den nuværende kontaktperson fortsat ansvarlig.",
	HandoverAccepted:  "Du er nu den unges kontaktperson.",
	HandoverDeclined:  "Du har afvist overdragelsen. Kontaktpersonen er den samme som før.",
	HandoverCancelled: "Overdragelsen er trukket tilbage. Kontaktpersonen er den samme som før.",
	ReferralSent:      "Sagen er indstillet til visitationsudvalget. Den står som afventende, til udvalget har truffet afgørelse.",
	ReferralWithdrawn: "Indstillingen til visitationsudvalget er trukket tilbage.",
	ReferralDecided:   "Afgørelsen er truffet, og den valgte fagperson er nu den unges kontaktperson.",
	UnitAdded:         "Enheden er tilføjet.",
	MemberAddedLeft:   "Fagpersonen er tilføjet, og den unge har nu et team. Du er ikke selv på teamet og har derfor ikke længere adgang til den unge.",
	UnitRenamed:       "Enheden er omdøbt.",

	TooSmall:           "Teamet har færre end 3 fagpersoner. Et team om den unge består af 3–5 fagpersoner.",
	NoContactPrompt:    "Den unge har ingen kontaktperson. Vælg en blandt teamet – eller indstil sagen til visitationsudvalget, hvis ingen kan findes.",
	ReestablishPrompt:  "Den unge er aktiv igen, men har ingen kontaktperson, siden den forrige ophørte. Genetabler en kontaktperson blandt teamet.",
	NotActiveNoContact: "Den unge er ikke i et aktivt forløb, så der vælges ikke kontaktperson. Kontaktpersonen ophører, når den unge er forankret i uddannelse eller job.",
	ContactHeading:     "Kontaktperson", NoContact: "Den unge har ingen kontaktperson.", ContactSince: "Kontaktperson siden %s",
	ChooseContact: "Vælg kontaktperson", ChangeContact: "Skift kontaktperson", GoToTeam: "Gå til teamet",
	ReasonLabel: "Begrundelse", NeedsLabel: "Behov og indsatser",
	ReasonWish: "Den unges ønske", ReasonRelation: "Har relation", ReasonNeeds: "Faglighed passer til behov",
	LoadNone: "Ingen aktive forløb som kontaktperson", LoadOne: "1 aktivt forløb som kontaktperson", LoadMany: "%d aktive forløb som kontaktperson",
	Sources: map[casework.ContactSource]string{
		casework.SourceDirect:     "Valgt af %s",
		casework.SourceHandover:   "Overtaget ved overdragelse, som %s bad om",
		casework.SourceVisitation: "Udpeget af visitationsudvalget (%s)",
	},
	EndReasons: map[casework.ContactEndReason]string{
		casework.EndHandover:   "overdraget til en anden",
		casework.EndAnchored:   "ophørt, da den unge blev forankret i uddannelse eller job",
		casework.EndClosed:     "ophørt, da forløbet blev afsluttet",
		casework.EndVisitation: "afløst efter visitationsudvalgets afgørelse",
	},
	HandoverStatuses: map[casework.HandoverStatus]string{
		casework.HandoverPending:   "afventer accept",
		casework.HandoverAccepted:  "accepteret",
		casework.HandoverDeclined:  "afvist",
		casework.HandoverCancelled: "trukket tilbage",
	},

	HandoverPendingHeading: "Overdragelse afventer accept",
	HandoverPending:        "%s skal acceptere at blive kontaktperson. Indtil da er %s fortsat kontaktperson og ansvarlig.",
	HandoverRequested:      "Anmodet af %s, %s.",
	HandoverAccept:         "Acceptér og bliv kontaktperson", HandoverDecline: "Afvis overdragelsen",
	HandoverCancel: "Træk overdragelsen tilbage",
	DeclineReason:  "Hvorfor afviser du?", DeclineReasonHint: "Skriv kort hvorfor, så teamet kan finde en anden.",
	DeclineReasonShort: "Afvist fordi", HandoverFromTo: "Overdragelse fra %s til %s",

	ReferralPendingHeading: "Indstillet til visitationsudvalget",
	ReferralPending:        "Indstillet til visitationsudvalget den %s af %s.",
	ReferralDecide:         "Træf afgørelse", ReferralWithdraw: "Træk indstillingen tilbage",
	ReferralNew:       "Indstil til visitationsudvalget",
	ReferralSituation: "Den unges situation", ReferralTried: "Hvad er prøvet", ReferralNeeded: "Hvad er der brug for",

	TeamHeading: "Teamet (%d af %d)", ColName: "Navn", ColUnit: "Enhed", ColRole: "Rolle i teamet", ColSince: "På teamet siden",
	ColActions: "Handlinger", ColPeriod: "Periode", ColRemovedBy: "Fjernet af", ColLoad: "Aktive forløb som kontaktperson",
	ContactBadge: "Kontaktperson", ReceiverBadge: "Afventer overdragelse", Remove: "Fjern",
	AddHeading:        "Tilføj fagperson",
	TeamFullNote:      "Teamet har 5 fagpersoner, som er det højeste antal. Fjern en fagperson, før du tilføjer en ny.",
	NoCandidates:      "Alle kommunens fagpersoner er allerede på teamet.",
	FieldProfessional: "Fagperson", FieldProfessionalHint: "Kommunens fagpersoner, ordnet efter enhed.", NoUnit: "Uden enhed",
	FieldTeamRole: "Rolle i teamet (valgfri)", FieldTeamRoleHint: "Fx mentor, UU-vejleder, sagsbehandler, kontaktlærer.",
	Add:            "Tilføj til teamet",
	ChoiceHeading:  "Den unge bestemmer",
	ChoiceIntro:    "Den unge vælger selv, hvem der er på teamet – som regel på formødet. Registrér, hvornår den unge valgte teamet.",
	ChoiceRecorded: "Den unge valgte teamet den %s.", ChoiceRecordedBy: "Registreret af %s, %s.",
	ChoiceNone:    "Det er endnu ikke registreret, at den unge har valgt teamet.",
	FieldChosenOn: "Dato for den unges valg", FieldChosenOnHint: "Fx datoen for formødet.",
	FieldChoiceNote: "Bemærkning (valgfri)", ChoiceSave: "Registrér den unges valg",
	FormerHeading: "Tidligere på teamet", FormerNone: "Ingen har forladt teamet.",
	HistoryHeading: "Historik for kontaktperson", HistoryNone: "Den unge har ikke haft en kontaktperson endnu.",
	HistoryPeriods: "Kontaktpersoner", HistoryHandovers: "Overdragelser, der ikke blev gennemført",
	HistoryReferrals: "Indstillinger til visitationsudvalget", PeriodOngoing: "Fra %s og fortsat",
	ReferralDecidedText:   "Afgjort den %s af %s: %s blev kontaktperson.",
	ReferralWithdrawnText: "Trukket tilbage den %s af %s.",
	DecisionNoteShort:     "Udvalgets begrundelse",

	BackToTeam:        "Tilbage til teamet",
	RemoveQuestion:    "Vil du fjerne %s fra teamet om %s?",
	RemoveConsequence: "%s kan derefter ikke længere se den unge. Historikken viser fortsat, at personen var på teamet fra %s.",
	RemoveSelf:        "Du fjerner dig selv og mister adgangen til den unge.",
	RemoveConfirm:     "Ja, fjern fra teamet",

	ContactIntro:        "Kontaktpersonen er den unges ene indgang til kommunen. Vægt den unges ønske, relationen og den unges behov. kui foreslår fagpersoner fra teamet ud fra afvejningen og ud fra, hvor mange forløb de allerede er kontaktperson for.",
	ContactHandoverNote: "%s er kontaktperson nu. Vælger du en anden, sendes en overdragelse, som modtageren skal acceptere. Indtil da er den nuværende kontaktperson fortsat ansvarlig.",
	WeighingHeading:     "Afvejning",
	WeighingIntro:       "Markér, hvem den unge ønsker, hvem der allerede har en relation til den unge, og hvis faglighed passer til den unges behov og indsatser. Tryk så på Opdatér forslag.",
	NoOneToChoose:       "Der er ingen andre på teamet at vælge. Tilføj en fagperson til teamet først.",
	FieldNeeds:          "Den unges behov og indsatser (valgfri)", FieldNeedsHint: "Fx skolegang, misbrug, bolig; hvilke indsatser der er i gang.",
	Suggest:            "Opdatér forslag",
	SuggestionsHeading: "Forslag", SuggestionsHint: "Ordnet efter afvejningen og derefter efter, hvem der har færrest forløb som kontaktperson.",
	FieldContactPerson: "Kontaktperson", BestSuggestion: "Bedste forslag",
	FieldReason: "Begrundelse", FieldReasonHint: "Hvorfor netop denne fagperson? Begrundelsen gemmes i historikken.",
	ChooseAsContact: "Vælg som kontaktperson", SendHandover: "Send overdragelse til modtageren",
	NoOneFound: "Kan ingen på teamet være kontaktperson?",

	ReferralIntro:           "Når der ikke kan findes en kontaktperson, indstilles sagen til visitationsudvalget med dette skema. Udvalget beslutter, hvem der bliver kontaktperson.",
	ReferralSituationHint:   "Kort om den unges situation lige nu.",
	ReferralTriedHint:       "Hvilke indsatser og hvilke kontaktpersoner er prøvet, og hvordan gik det?",
	ReferralNeededHint:      "Hvilken slags kontaktperson og hvilke indsatser har den unge brug for?",
	ReferralSend:            "Send indstillingen",
	ReferralsIntro:          "Sager indstillet til visitationsudvalget, fordi der ikke kunne findes en kontaktperson, og overdragelser af kontaktpersonrollen, der venter på modtagerens accept.",
	ReferralsPendingHeading: "Indstillinger, der afventer afgørelse", ReferralsNone: "Ingen indstillinger afventer afgørelse.",
	HandoversPendingHeading: "Overdragelser, der afventer accept", HandoversNone: "Ingen overdragelser afventer accept.",
	ColYouth: "Ung", ColReferred: "Indstillet", ColReferredBy: "Indstillet af", ColContactNow: "Kontaktperson nu",
	ColFrom: "Fra", ColTo: "Til", ColRequested: "Anmodet",
	ReferralFormHeading: "Indstillingsskema", ReferralTeamHeading: "Teamet om den unge",
	ReferralContactNow: "Den unges kontaktperson nu: %s. Afgørelsen afløser denne.",
	DecisionHeading:    "Afgørelse",
	DecisionIntro:      "Vælg den fagperson, der bliver kontaktperson. Er personen ikke på teamet, bliver personen tilføjet (teamet kan højst have 5).",
	FieldDecisionUser:  "Ny kontaktperson", FieldDecisionUserHint: "I parentes: antal aktive forløb som kontaktperson.",
	OnTeam:            "på teamet",
	FieldDecisionNote: "Udvalgets begrundelse", FieldDecisionNoteHint: "Begrundelsen gemmes i den unges historik.",
	DecisionSave: "Træf afgørelse",

	UnitsIntro: "Kommunens enheder og afdelinger, fx Familierådgivning, Jobcenter, UU/Ungevejledning, Mentor, SSP og Skole. Fagpersoner vises efter enhed, når et team sættes sammen.",
	UnitsNone:  "Kommunen har ingen enheder endnu.", ColUnitName: "Enhed", ColUnitUsers: "Brugere", ColRename: "Omdøb",
	RenameLabel: "Nyt navn for %s", Rename: "Omdøb",
	UnitAddHeading: "Tilføj enhed", FieldUnitName: "Navn", FieldUnitNameHint: "Fx Familierådgivning eller Distriktspsykiatri.",
	UnitAdd: "Tilføj enhed",

	HomeHandoverToMe:      "%s vil overdrage kontaktpersonrollen for %s til dig.",
	HomeHandoverAskedToMe: "%s har bedt om, at du overtager kontaktpersonrollen for %s fra %s.",
	HomeHandoverFromMe:    "Afventer, at %s accepterer at overtage kontaktpersonrollen for %s.",
	HomeHandoverRespond:   "Tag stilling", HomeHandoverSee: "Se overdragelsen",
	HomeReferrals:   "%d indstillinger til visitationsudvalget afventer afgørelse",
	HomeReferralOne: "1 indstilling til visitationsudvalget afventer afgørelse",
}

// referralsWaiting is the front page's line about waiting referrals.
func (tt TeamTexts) referralsWaiting(n int) string {
	return countText(tt.HomeReferralOne, tt.HomeReferrals, n)
}

// orDash shows an empty value as a dash in tables.
func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
