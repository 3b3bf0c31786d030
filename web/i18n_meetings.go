package web

import "kui/internal/casework"

// MeetingTexts are the texts of this area; the catalogue holds them as one field.
type MeetingTexts struct {
	Kinds                    map[casework.MeetingKind]string
	Statuses                 map[casework.MeetingStatus]string
	Goals, GoalsPlural       map[casework.GoalKind]string
	Outcomes                 map[casework.Outcome]string
	AgendaStates             map[casework.AgendaState]string
	AgendaFlagForFacilitator map[casework.AgendaState]string
	ScreenClosed             map[casework.MeetingStatus]string
	Weekdays                 [7]string // by time.Weekday: Sunday first

	// The young person's meetings tab and the new meeting form.
	TabTitle, Upcoming, NoUpcoming, NewMeeting, PlansOverTime, PlansOverTimeHint, NoPlansYet     string
	PastMeetings, NoPast, ColWhen, ColKind, ColPlace, ColFacilitator, ColAgenda, ColStatus       string
	AgendaCount, AgendaCountOne, SlotSuggested, NoSlot, FieldKind, FieldKindHint, FieldStartsAt  string
	FieldStartsAtHint, FieldMinutes, SuggestSlot, SuggestSlotHint, FieldRoom, NoRoom, FieldPlace string
	FieldPlaceHint, FieldFacilitator, FieldYouthAttends, FieldYouthAttendsHint, ParentsUnder18   string
	FieldParticipants, FieldParticipantsHint, CreateMeeting, MeetingCreated                      string

	// The meeting page.
	ProfessionalsOnlyNote, EndedNote, CancelledNote, ClashesTitle, ClashLine, Details, Actions             string
	OpenScreen, OpenScreenHint, PrintAgenda, PrintPlan, NoScreenForCoordination, DownloadICS               string
	EditMeeting, EndMeeting, CancelMeeting, NoPlace, Participants, TheYoungPerson, Parents                 string
	NoGuardians, NoParticipants, EditTitle, MeetingSaved                                                   string
	Agenda, AgendaYouthTopicsHint, AgendaSentAt, AgendaSendBy, AgendaEmpty, MoveUp, MoveDown               string
	RemoveTopic, FieldAgendaText, FieldAgendaTextHint, FieldAgendaTextYouthHint, FieldRaisedBy             string
	AddTopic, SendAgendaHint, SendAgenda, RaisedByYouth, RaisedByProfessional, RaisedByMe                  string
	AgendaAdded, AgendaRemoved, AgendaSentFlash, OwnerYouth                                                string
	Followup, FollowupIntro, CarriedOver, WentWell, WentBadly, RecordFollowup, ChangeFollowup              string
	FieldOutcome, FieldCarry, FieldCarryHint, FieldCarryDue, SaveFollowup, FollowupSaved                   string
	PlanMeta, Plan, PlanIntro, PlanLocked, PlanEmpty, CarriedFromLast, EditItem, DeleteItem                string
	AddPlanItem, FieldPlanText, FieldPlanTextHint, FieldOwner, FieldDue, FieldDueHint                      string
	FieldGoal, PlanAdded, PlanSaved, PlanDeleted, PlanEditTitle, BackToMeeting                             string
	ConflictTitle, ConflictText, ConflictMine, ConflictTheirs                                              string
	EndTitle, EndConfirmText, EndBeforeStart, EndPlanCount, EndPlanCountOne, EndConfirm, MeetingEndedFlash string
	CancelTitle, CancelConfirmText, CancelConfirm, MeetingCancelledFlash                                   string
	PrintAgendaTitle, PrintPlanTitle, Print, PrintHint, PrintWhoComes, PrintYou, PrintParents              string
	PrintFacilitator, PrintTopics                                                                          string
	ScreenHeading, ScreenTools, ScreenViewOnly, ScreenEdit, ScreenReload, ScreenLive                       string
	ScreenOffline, ScreenNoAgenda, ScreenLastPlan, ScreenPlan, ScreenNoPlan, ScreenMeta                    string
	ScreenWrite                                                                                            string
	ScreenBack, NoScreenTitle, NoScreenText                                                                string
	ICSSummary, ICSDescription, ICSCalendarName                                                            string
	AdminTitle, AdminIntro, Rooms, NoRooms, FieldRoomName, FieldRoomAddress, FieldRoomScreen               string
	FieldRoomActive, NewRoom, AddRoom, RoomSaved, FixedDays, FixedDaysHint, NoFixedDays                    string
	FixedDayLine, RemoveFixedDay, NewFixedDay, FieldWeekday, FieldFrom, FieldTo, AddFixedDay               string
	FixedDaySaved, FixedDayRemoved, LeadDaysTitle, FieldLeadDays, FieldLeadDaysHint, LeadSaved             string
	FeedTitle, FeedIntro, FeedCreated, FeedCopyNow, FeedAddress, FeedActiveSince, FeedNone                 string
	FeedMake, FeedRenew, FeedRenewHint, FeedStop, FeedStopped, HomeAgendaAlert, YouFacilitate              string
	FeedLink                                                                                               string

	// Fixed meeting days, the agenda deadline of a proposed time, the place.
	SlotSendBy, NoFixedDaysForSlot, OffFixedDay, ListAnd, PlaceWithOther, OtherPlace, HomeAgendaSendBy, FixedDaysOnForm, FixedDayShort string
}

// weekdays is Sunday first, as time.Weekday counts.
var weekdays = [7]string{"søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"}

var danishMeetings = MeetingTexts{
	Kinds: map[casework.MeetingKind]string{
		casework.KindPreMeeting:        "Formøde",
		casework.KindCooperation:       "Samarbejdsmøde",
		casework.KindCoordination:      "Afklarende koordinationsmøde",
		casework.KindInterdisciplinary: "Tværfagligt møde",
	},
	Statuses: map[casework.MeetingStatus]string{
		casework.MeetingPlanned:   "Planlagt",
		casework.MeetingEnded:     "Afholdt",
		casework.MeetingCancelled: "Aflyst",
	},
	Goals: map[casework.GoalKind]string{
		casework.GoalEducationJob: "Uddannelse og job",
		casework.GoalPersonal:     "Personligt mål",
	},
	GoalsPlural: map[casework.GoalKind]string{
		casework.GoalEducationJob: "Uddannelse og job",
		casework.GoalPersonal:     "Personlige mål",
	},
	Outcomes: map[casework.Outcome]string{
		casework.OutcomeDone:    "Gennemført",
		casework.OutcomePartly:  "Delvist gennemført",
		casework.OutcomeNotDone: "Ikke gennemført",
	},
	AgendaStates: map[casework.AgendaState]string{
		casework.AgendaNotDue:   "Ikke sendt endnu",
		casework.AgendaDueToday: "Skal sendes i dag",
		casework.AgendaLate:     "For sent: ikke sendt",
		casework.AgendaSentOK:   "Sendt",
		casework.AgendaSentLate: "Sendt for sent",
		casework.AgendaClosed:   "Ikke sendt",
	},
	AgendaFlagForFacilitator: map[casework.AgendaState]string{
		casework.AgendaDueToday: "Du er tovholder: dagsordenen skal sendes i dag, så den unge og teamet kan forberede sig.",
		casework.AgendaLate:     "Du er tovholder: dagsordenen skulle have været sendt. Send den hurtigst muligt.",
		casework.AgendaSentLate: "Dagsordenen blev sendt efter fristen.",
	},
	ScreenClosed: map[casework.MeetingStatus]string{
		casework.MeetingEnded:     "Mødet er afsluttet. Handleplanen er låst.",
		casework.MeetingCancelled: "Mødet er aflyst.",
	},
	Weekdays: weekdays,

	TabTitle: "Møder", Upcoming: "Kommende møder", NoUpcoming: "Der er ingen planlagte møder.",
	NewMeeting: "Planlæg et møde", PlansOverTime: "Handleplaner over tid",
	PlansOverTimeHint: "Planerne fra de afholdte møder, nyeste først, med opfølgningen fra mødet efter. Resultaterne ses ofte først mellem møde 2 og 3.",
	NoPlansYet:        "Der er endnu ingen afholdte møder med en handleplan.",
	PastMeetings:      "Tidligere møder", NoPast: "Ingen tidligere møder.",
	ColWhen: "Tidspunkt", ColKind: "Mødetype", ColPlace: "Sted", ColFacilitator: "Tovholder", ColAgenda: "Dagsorden", ColStatus: "Status",
	AgendaCount: "%d punkter", AgendaCountOne: "1 punkt",
	SlotSuggested:      "Næste ledige tid på en fast mødedag, hvor alle kan: %s i %s. Tid og lokale er sat ind nedenfor.",
	NoSlot:             "Der er ingen ledig tid på de faste mødedage i 8 uger fra %s, hvor alle kan. Et tidligere møde kan ikke nå at få dagsordenen sendt %d arbejdsdage før. Vælg en tid selv.",
	SlotSendBy:         "Dagsordenen skal sendes senest %s.",
	NoFixedDaysForSlot: "Kommunen har ingen faste mødedage, så der kan ikke foreslås en tid. Vælg en tid selv.",
	OffFixedDay:        "Mødet ligger en %s; kommunens faste mødedage er %s.",
	PlaceWithOther:     "%s — Andet sted: %s",
	ListAnd:            "og",
	OtherPlace:         "Andet sted: %s",
	FixedDaysOnForm:    "Kommunens faste mødedage: %s.",
	FixedDayShort:      "%s kl. %s–%s i %s",
	HomeAgendaSendBy:   "frist %s",
	FieldKind:          "Mødetype",
	FieldKindHint:      "Den unge og forældre (under 18) deltager i formøder og samarbejdsmøder. Et afklarende koordinationsmøde er kun for fagpersoner.",
	FieldStartsAt:      "Tidspunkt", FieldStartsAtHint: "Dato og klokkeslæt.",
	FieldMinutes: "Varighed i minutter", SuggestSlot: "Foreslå næste ledige tid",
	SuggestSlotHint: "Finder den første tid på kommunens faste mødedage, hvor lokalet og alle deltagere er ledige.",
	FieldRoom:       "Mødelokale", NoRoom: "Intet mødelokale",
	FieldPlace: "Andet sted (valgfrit)", FieldPlaceHint: "Fx skolen eller online. Skriv ikke navne her: stedet står også i deltagernes kalendere.",
	FieldFacilitator:      "Tovholder",
	FieldYouthAttends:     "Den unge deltager",
	FieldYouthAttendsHint: "Gælder tværfaglige møder. Den unge deltager altid i formøder og samarbejdsmøder og aldrig i afklarende koordinationsmøder.",
	ParentsUnder18:        "Den unge er under 18 år: forældrene deltager, når den unge gør.",
	FieldParticipants:     "Fagpersoner fra teamet",
	FieldParticipantsHint: "Højst 5 fagpersoner. Tovholderen tælles ikke med.",
	CreateMeeting:         "Planlæg mødet", MeetingCreated: "Mødet er planlagt.",

	ProfessionalsOnlyNote: "Afklarende koordinationsmøde: kun for fagpersoner. Intet herfra vises for den unge, på storskærmen eller i udskrifter.",
	EndedNote:             "Mødet blev afsluttet %s af %s. Dagsorden, opfølgning og handleplan er låst.",
	CancelledNote:         "Mødet blev aflyst %s af %s.",
	ClashesTitle:          "Andre møder på samme tid",
	ClashLine:             "%s har et andet møde %s–%s",
	Details:               "Om mødet", Actions: "Handlinger",
	OpenScreen: "Åbn storskærm", OpenScreenHint: "til projektoren i mødelokalet",
	PrintAgenda: "Udskriv dagsorden til den unge", PrintPlan: "Udskriv handleplan til den unge",
	NoScreenForCoordination: "Koordinationsmøder vises ikke på storskærm eller i udskrifter til den unge.",
	DownloadICS:             "Hent til kalender (.ics)",
	EditMeeting:             "Ret tid, sted og deltagere", EndMeeting: "Afslut møde", CancelMeeting: "Aflys møde",
	NoPlace: "Ikke angivet", Participants: "Deltagere", TheYoungPerson: "den unge", Parents: "Forælder",
	NoGuardians: "ingen registreret", NoParticipants: "Ingen fagpersoner valgt.",
	EditTitle: "Ret mødet", MeetingSaved: "Mødet er gemt.",

	Agenda:                "Dagsorden",
	AgendaYouthTopicsHint: "Dagsordenen rummer kun de emner, den unge selv har sat på. Fagpersoners emner tages op på et afklarende koordinationsmøde.",
	AgendaSentAt:          "Sendt %s af %s.",
	AgendaSendBy:          "Skal sendes senest %s.",
	AgendaEmpty:           "Der er ingen punkter på dagsordenen endnu.",
	MoveUp:                "Flyt op", MoveDown: "Flyt ned", RemoveTopic: "Fjern punkt",
	FieldAgendaText:          "Nyt punkt",
	FieldAgendaTextHint:      "Hvad skal mødet handle om?",
	FieldAgendaTextYouthHint: "Et emne, den unge selv vil tale om.",
	FieldRaisedBy:            "Sat på af",
	AddTopic:                 "Sæt på dagsordenen",
	SendAgendaHint:           "Når dagsordenen er sendt, er den låst, og tidspunktet gemmes.",
	SendAgenda:               "Send dagsorden",
	RaisedByYouth:            "sat på af %s", RaisedByProfessional: "sat på af %s", RaisedByMe: "Mig",
	AgendaAdded: "Punktet er sat på dagsordenen.", AgendaRemoved: "Punktet er fjernet.",
	AgendaSentFlash: "Dagsordenen er sendt og låst.", OwnerYouth: "%s (den unge)",

	Followup: "Opfølgning på sidste handleplan", FollowupIntro: "Fra %s %s: hvad gik godt, og hvad lykkedes ikke?",
	CarriedOver: "taget med i den nye plan", WentWell: "Det gik godt", WentBadly: "Det lykkedes ikke",
	RecordFollowup: "Følg op", ChangeFollowup: "Ret opfølgning",
	FieldOutcome: "Hvordan gik det?", FieldCarry: "Tag med i den nye handleplan",
	FieldCarryHint: "Punktet kopieres til dette mødes plan. Et gennemført punkt tages ikke med.",
	FieldCarryDue:  "Ny frist, hvis punktet tages med", SaveFollowup: "Gem opfølgning", FollowupSaved: "Opfølgningen er gemt.",

	PlanMeta: "%s · senest %s · %s", Plan: "Handleplan",
	PlanIntro:  "Skrives på mødet, i den unges egne ord, på storskærmen, så alle forpligter sig.",
	PlanLocked: "Mødet er afsluttet, og handleplanen er låst.",
	PlanEmpty:  "Der er ingen punkter i handleplanen endnu.", CarriedFromLast: "videreført fra sidste plan",
	EditItem: "Ret", DeleteItem: "Slet punkt", AddPlanItem: "Tilføj til handleplanen",
	FieldPlanText:     "Punkt i handleplanen",
	FieldPlanTextHint: "I jeg- eller vi-form, som den unge selv siger det: »Jeg skal møde op i skole 3 dage om ugen.«",
	FieldOwner:        "Hvem gør det", FieldDue: "Senest", FieldDueHint: "Dag, måned og år.", FieldGoal: "Slags mål",
	PlanAdded: "Punktet er tilføjet handleplanen.", PlanSaved: "Punktet er gemt.", PlanDeleted: "Punktet er slettet.",
	PlanEditTitle: "Ret punkt i handleplanen", BackToMeeting: "Tilbage til mødet",
	ConflictTitle:  "En anden har gemt punktet, mens du skrev",
	ConflictText:   "Her er begge udgaver. Din tekst står i formularen: ret den til det, der skal stå, og gem igen.",
	ConflictMine:   "Din tekst",
	ConflictTheirs: "Den gemte tekst",

	EndTitle:       "Afslut mødet",
	EndConfirmText: "Når mødet er afsluttet, låses dagsorden, opfølgning og handleplan. Handleplanen kan derefter ses under den unges møder og udskrives.",
	EndBeforeStart: "Mødet er ikke begyndt endnu.",
	EndPlanCount:   "Handleplanen har %d punkter.", EndPlanCountOne: "Handleplanen har 1 punkt.",
	EndConfirm:        "Ja, afslut mødet",
	MeetingEndedFlash: "Mødet er afsluttet, og handleplanen er låst.",
	CancelTitle:       "Aflys mødet", CancelConfirmText: "Et aflyst møde kan ikke genåbnes. Dagsorden og plan bevares, men kan ikke ændres.",
	CancelConfirm: "Ja, aflys mødet", MeetingCancelledFlash: "Mødet er aflyst.",

	PrintAgendaTitle: "Dagsorden", PrintPlanTitle: "Min handleplan", Print: "Udskriv",
	PrintHint:     "Udskriv med browserens udskriftsfunktion (Ctrl+P).",
	PrintWhoComes: "Hvem kommer", PrintYou: "%s (dig)", PrintParents: "Dine forældre", PrintFacilitator: "tovholder",
	PrintTopics: "Det vil du tale om",

	ScreenHeading: "%ss møde", ScreenTools: "Storskærm", ScreenViewOnly: "Kun visning", ScreenEdit: "Skriv på skærmen",
	ScreenReload: "Opdatér", ScreenLive: "Opdateres automatisk", ScreenOffline: "Forbindelsen er afbrudt — prøver igen …",
	ScreenBack:     "Forbindelsen er tilbage — opdateres automatisk",
	NoScreenTitle:  "Koordinationsmøder vises ikke på storskærm",
	NoScreenText:   "Et koordinationsmøde holdes uden den unge, så det vises aldrig på en storskærm. Mødets egen side findes stadig.",
	ScreenNoAgenda: "Ingen punkter endnu.", ScreenLastPlan: "Sidste plan", ScreenPlan: "Handleplan",
	ScreenNoPlan: "Handleplanen skrives her.", ScreenMeta: "%s · senest %s", ScreenWrite: "Skriv på storskærmen",

	ICSSummary:      "%s · %s",
	ICSDescription:  "Møde i Kommunal Ungeindsats. Se mødet i kui: %s",
	ICSCalendarName: "kui – mine møder",

	AdminTitle: "Mødelokaler og faste mødedage",
	AdminIntro: "Lokaler med storskærm, de faste mødedage, hvor teamene holder møder, og fristen for dagsordener.",
	Rooms:      "Mødelokaler", NoRooms: "Der er ingen mødelokaler endnu.",
	FieldRoomName: "Navn", FieldRoomAddress: "Adresse (valgfri)", FieldRoomScreen: "Har storskærm", FieldRoomActive: "I brug",
	NewRoom: "Nyt mødelokale", AddRoom: "Opret lokale", RoomSaved: "Mødelokalet er gemt.",
	FixedDays:     "Faste mødedage",
	FixedDaysHint: "Fx tirsdag 9–12 i et bestemt lokale. Når et møde planlægges, foreslås den første ledige tid her.",
	NoFixedDays:   "Der er ingen faste mødedage endnu.",
	FixedDayLine:  "Hver %s kl. %s–%s i %s", RemoveFixedDay: "Fjern", NewFixedDay: "Ny fast mødedag",
	FieldWeekday: "Ugedag", FieldFrom: "Fra kl.", FieldTo: "Til kl.", AddFixedDay: "Tilføj mødedag",
	FixedDaySaved: "Mødedagen er tilføjet.", FixedDayRemoved: "Mødedagen er fjernet.",
	LeadDaysTitle: "Frist for dagsorden", FieldLeadDays: "Arbejdsdage før mødet",
	FieldLeadDaysHint: "Dagsordenen skal sendes så mange arbejdsdage før mødet. Standard er 5. Gælder nye møder.",
	LeadSaved:         "Fristen er gemt.",

	FeedTitle:       "Min kalender",
	FeedIntro:       "Abonnér på dine møder i din egen kalender (Outlook, Google, iPhone). Adressen er hemmelig og personlig; møderne vises kun med den unges initialer.",
	FeedCreated:     "Din kalenderadresse er lavet.",
	FeedCopyNow:     "Kopiér adressen nu og tilføj den som internetkalender. Den vises kun denne ene gang.",
	FeedAddress:     "Kalenderadresse",
	FeedActiveSince: "Du har en kalenderadresse, lavet %s.",
	FeedNone:        "Du har ikke en kalenderadresse endnu.",
	FeedMake:        "Lav kalenderadresse", FeedRenew: "Lav en ny adresse",
	FeedRenewHint: "En ny adresse erstatter den gamle, som holder op med at virke med det samme.",
	FeedStop:      "Stop kalenderen", FeedStopped: "Kalenderadressen virker ikke længere.",
	HomeAgendaAlert: "Dagsorden til %s med %s %s", YouFacilitate: "du er tovholder",
	FeedLink: "Abonnér på dine møder i din kalender",
}
