package web

import (
	"context"
	"strconv"
	"time"

	"kui/internal/casework"
)

// Catalogue holds every text the UI shows, for one language; adding English
// is adding a second Catalogue value. Texts are fields rather than string
// keys, so a page that asks for a text that does not exist does not compile.
// A field or map entry left out of a Catalogue value does compile (to ""),
// so i18n_test.go checks that no text is empty and that every Problem, audit
// action and other casework constant shown has its text.
type Catalogue struct {
	Lang string

	AppName, AppTagline, SkipToContent, Logout, LoggedInAs                     string
	NavHome, NavYouth, NavAudit, NavOverview, NavAdmin, AdminTitle, AdminIntro string
	AdminLinks                                                                 []AdminLink
	MainMenu, ErrorPrefix                                                      string

	LoginTitle, LoginIntro, Email, Password, LoginButton, LoginFailed, LoginThrottled string
	LoggedOut                                                                         string

	HomeTitle, HomeMyYouth, HomeNoYouth, HomeTasks, HomeNoTasks, HomeMeetings, HomeNoMeetings string

	YouthListTitle, YouthNew, YouthSearch, YouthSearchButton, YouthClearFilters, YouthAllLevels, YouthAllStatuses string
	YouthNoneYet, YouthNoneMatch, YouthCount                                                                      string
	ColName, ColAge, ColLevel, ColStatus, ColTeam, ColUpdated                                                     string

	YouthNewTitle, YouthEditTitle, Save, Cancel, Create                                                     string
	FieldName, FieldBirthDate, FieldBirthDateHint, FieldCPR, FieldCPRHint, FieldLevel, FieldNeedCategory    string
	FieldEducationStatus, FieldEducationStatusHint, FieldEducationPlan, FieldEducationPlanHint, ChooseOne   string
	GuardiansLegend, GuardiansHint, GuardianN, GuardianName, GuardianRelation, GuardianPhone, GuardianEmail string
	FormHasErrors, YouthCreated, YouthSaved, StaleVersion                                                   string
	FieldJoinTeam, FieldJoinTeamHint, YouthCreatedNoTeam, YouthDetail, YouthBorn                            string

	Age, YearsOld, BirthDate, CPR, CPRNone, CPRReveal, CPRRevealed, CPRHide, Level, NeedCategory, Status        string
	EducationStatus, EducationPlan, EducationPlanEmpty, Guardians, GuardiansNone, GuardiansMissingUnder18, Edit string
	Team, TeamTooSmall, TeamEmpty, StatusHistory, StatusChange, StatusChangeTo, StatusReason, StatusChanged     string
	StatusCreated, Under18Note, Details, TeamTooSmallShort                                                      string

	YouthTabsLabel, TabOverview, TabTeam, TabNotes, TabEfforts, TabConsents, TabChecklist, TabMeetings string

	// Texts of the larger areas, each in its own file (i18n_*.go).
	TeamT    TeamTexts
	CaseT    CaseFileTexts
	MeetingT MeetingTexts
	OverT    OverviewTexts
	InputT   InputTexts
	SSOT     SSOTexts
	NotifT   NotificationTexts
	IdPT     IdPTexts
	Ung      UngTexts

	AuditTitle, AuditIntro, AuditSearch, AuditFor, AuditNone, AuditWhen, AuditWho, AuditWhat, AuditDetail string

	NotFoundTitle, NotFoundText, ForbiddenTitle, ForbiddenText, ErrorTitle, ErrorText, UnavailableTitle string
	UnavailableText, BackHome, ConflictTitle                                                            string

	// Nouns counted in the texts, in both forms (Count).
	Days, WorkingDays, Weeks Noun

	// A form that could not be saved while the database was out of reach
	// (errors.templ), and the pages that try again by themselves.
	NotSavedTitle, NotSavedText, NotSavedHint, NotSavedResend, NotSavedOthers, RetryingText string
	// UnsavedLabels name the posted free-text fields a not-saved form gives
	// back, by field name; other fields are carried over unseen.
	UnsavedLabels map[string]string

	Months   [12]string
	Levels   map[casework.Level]string
	Needs    map[casework.NeedCategory]string
	Statuses map[casework.Status]string
	Roles    map[casework.Role]string
	Actions  map[casework.AuditAction]string
	Problems map[casework.Problem]string

	// AuditDetails label the keys of an audit row's detail (i18n_audit.go).
	AuditDetails map[string]string
}

// Danish is the catalogue kui ships with.
var Danish = Catalogue{
	Lang: "da",

	AppName: "kui", AppTagline: "Kommunal Ungeindsats", SkipToContent: "Gå til indhold",
	Logout: "Log ud", LoggedInAs: "Logget ind som",
	NavHome: "Forside", NavYouth: "Unge", NavAudit: "Auditlog", NavOverview: "Overblik", NavAdmin: "Administration",
	AdminTitle: "Administration", AdminIntro: "Indstillinger for kommunen.",
	AdminLinks: []AdminLink{
		{Href: "/admin/units", Label: "Enheder", Hint: "Afdelinger og enheder, fagpersonerne hører til."},
		{Href: "/admin/rooms", Label: "Mødelokaler og faste mødedage", Hint: "Lokaler med storskærm og de faste tider, møderne holdes på."},
		{Href: "/admin/thresholds", Label: "Grænser for belastning", Hint: "Hvornår en fagperson markeres som for belastet, og den aftalte mødefrekvens."},
		{Href: "/admin/progression-scale", Label: "Progressionsskalaen", Hint: "Ordlyden af de fem trin."},
		{Href: "/admin/audit", Label: "Auditlog", Hint: "Hvem har læst og ændret oplysninger om en ung."},
		{Href: "/admin/sign-in", Label: "Log ind", Hint: "Kommunens eget login (OpenID Connect eller SAML), roller og log ind med adgangskode."},
		{Href: "/admin/users", Label: "Brugere og log ind", Hint: "Hvornår og hvordan hver bruger sidst loggede ind."},
		{Href: "/admin/security-log", Label: "Sikkerhedslog", Hint: "Log ind, afvisninger og log ud."},
		{Href: "/admin/outbox", Label: "Udgående e-mail", Hint: "E-mails til brugerne: sendt, venter eller fejlet, og send igen."},
	},
	MainMenu: "Hovedmenu", ErrorPrefix: "Fejl:",

	LoginTitle: "Log ind", LoginIntro: "Log ind med din arbejdsmail og adgangskode.",
	Email: "E-mail", Password: "Adgangskode", LoginButton: "Log ind",
	LoginFailed:    "E-mail eller adgangskode er forkert.",
	LoginThrottled: "For mange forsøg. Vent et øjeblik, og prøv igen.",
	LoggedOut:      "Du er logget ud.",

	HomeTitle: "Forside", HomeMyYouth: "Mine unge", HomeNoYouth: "Du er ikke på nogen ungs team endnu.",
	HomeTasks: "Mine opgaver", HomeNoTasks: "Du har ingen åbne opgaver.",
	HomeMeetings: "Mine næste møder", HomeNoMeetings: "Du har ingen kommende møder.",

	YouthListTitle: "Unge", YouthNew: "Opret ung", YouthSearch: "Søg på navn", YouthSearchButton: "Søg",
	YouthClearFilters: "Nulstil", YouthAllLevels: "Alle niveauer", YouthAllStatuses: "Alle statusser",
	YouthNoneYet:   "Der er endnu ingen unge, du arbejder med. Opret den første.",
	YouthNoneMatch: "Ingen unge matcher søgningen.",
	YouthCount:     "Viser %d af %d",
	ColName:        "Navn", ColAge: "Alder", ColLevel: "Niveau", ColStatus: "Status", ColTeam: "Team", ColUpdated: "Senest ændret",

	YouthNewTitle: "Opret ung", YouthEditTitle: "Ret oplysninger", Save: "Gem", Cancel: "Annullér", Create: "Opret",
	FieldName: "Navn", FieldBirthDate: "Fødselsdato", FieldBirthDateHint: "Dag, måned og år.",
	FieldCPR: "CPR-nummer (valgfrit)", FieldCPRHint: "Skrives DDMMÅÅ-XXXX. Vises skjult, med mindre man beder om at se det.",
	FieldLevel: "Niveau i forebyggelsestrekanten", FieldNeedCategory: "Behovskategori",
	FieldEducationStatus: "Uddannelse og beskæftigelse nu", FieldEducationStatusHint: "Fx 9. klasse, FGU, ingen uddannelse, fritidsjob.",
	FieldEducationPlan: "Uddannelsesplan", FieldEducationPlanHint: "Den unges mål og vej mod uddannelse eller job.",
	ChooseOne:       "Vælg …",
	GuardiansLegend: "Forældre og værger", GuardiansHint: "Forældre er en del af forløbet, så længe den unge er under 18 år.",
	GuardianN: "Forælder/værge %d", GuardianName: "Navn", GuardianRelation: "Relation (fx mor, far, værge)",
	GuardianPhone: "Telefon", GuardianEmail: "E-mail",
	FormHasErrors: "Formularen har fejl. Ret de markerede felter.",
	YouthCreated:  "Den unge er oprettet, og du er med på teamet.",
	YouthSaved:    "Ændringerne er gemt.",
	YouthDetail:   "%d år, f. %s", YouthBorn: "f. %s",
	FieldJoinTeam: "Jeg er selv en del af teamet",
	FieldJoinTeamHint: "Sæt kun kryds, hvis du selv skal arbejde med den unge. Teamet har højst 5 pladser, og pladsen tæller med i din belastning. " +
		"Uden kryds kan du se den unge, indtil der er sat et team sammen.",
	YouthCreatedNoTeam: "Den unge er oprettet. Du er ikke selv på teamet: sæt teamet sammen med de fagpersoner, der skal arbejde med den unge.",
	StaleVersion:       "En anden har gemt ændringer, mens du skrev. Dine ændringer står i formularen; tjek dem mod de nye oplysninger, og gem igen.",

	Age: "Alder", YearsOld: "%d år", BirthDate: "Fødselsdato", CPR: "CPR-nummer", CPRNone: "Ikke registreret",
	CPRReveal: "Vis CPR-nummer", CPRRevealed: "Du har set det fulde CPR-nummer. Det er skrevet i auditloggen.", CPRHide: "Skjul",
	Level: "Niveau", NeedCategory: "Behovskategori", Status: "Status",
	EducationStatus: "Uddannelse og beskæftigelse", EducationPlan: "Uddannelsesplan", EducationPlanEmpty: "Der er ikke skrevet en uddannelsesplan endnu.",
	Guardians: "Forældre og værger", GuardiansNone: "Ingen registreret.",
	GuardiansMissingUnder18: "Den unge er under 18 år, men der er ikke registreret forældre eller værge.",
	Edit:                    "Ret oplysninger",
	Team:                    "Teamet om den unge", TeamTooSmall: "Teamet har færre end 3 fagpersoner.", TeamEmpty: "Ingen på teamet.",
	StatusHistory: "Statushistorik", StatusChange: "Skift status", StatusChangeTo: "Ny status", StatusReason: "Begrundelse (valgfri)",
	StatusChanged: "Status er ændret.", StatusCreated: "Oprettet", Under18Note: "Under 18 år", Details: "Oplysninger",
	TeamTooSmallShort: "under 3",

	YouthTabsLabel: "Sider om den unge", TabOverview: "Overblik", TabTeam: "Team og kontaktperson", TabNotes: "Journal",
	TabEfforts: "Indsatser", TabConsents: "Samtykker", TabChecklist: "Tjekliste", TabMeetings: "Møder",

	TeamT:    danishTeam,
	CaseT:    danishCaseFile,
	MeetingT: danishMeetings,
	OverT:    danishOverview,
	InputT:   danishInput,
	SSOT:     danishSSO,
	NotifT:   danishNotifications,
	IdPT:     danishIdP,
	Ung:      danishUng,

	AuditTitle: "Auditlog", AuditIntro: "Se hvem der har læst og ændret oplysninger om en ung. Søg den unge frem på navn.",
	AuditSearch: "Søg ung på navn", AuditFor: "Auditlog for %s", AuditNone: "Ingen hændelser.",
	AuditWhen: "Tidspunkt", AuditWho: "Hvem", AuditWhat: "Hændelse", AuditDetail: "Detaljer",

	NotFoundTitle: "Siden findes ikke", NotFoundText: "Siden findes ikke, eller du har ikke adgang til den.",
	ForbiddenTitle: "Ingen adgang", ForbiddenText: "Din rolle giver ikke adgang til denne side.",
	ErrorTitle: "Der skete en fejl", ErrorText: "Der skete en uventet fejl. Prøv igen om lidt. Fejlen er logget.",
	UnavailableTitle: "kui er midlertidigt utilgængelig", UnavailableText: "Databasen svarer ikke lige nu. Prøv igen om lidt; intet af det, der allerede er gemt, er gået tabt.",
	BackHome: "Til forsiden", ConflictTitle: "Ændringen kunne ikke gemmes",

	Days: Noun{One: "dag", Many: "dage"}, WorkingDays: Noun{One: "arbejdsdag", Many: "arbejdsdage"},
	Weeks: Noun{One: "uge", Many: "uger"},

	NotSavedTitle: "Det blev ikke gemt", NotSavedText: "Det blev ikke gemt — prøv igen om lidt.",
	NotSavedHint:   "Databasen svarer ikke lige nu. Det, du skrev, står herunder: send det igen, når kui svarer igen.",
	NotSavedResend: "Gem igen", NotSavedOthers: "Dine øvrige valg i formularen sendes med igen.",
	RetryingText: "Siden prøver selv igen, så snart kui svarer.",
	UnsavedLabels: map[string]string{
		"text": "Tekst", "note": "Notat", "reason": "Begrundelse", "comment": "Kommentar", "description": "Beskrivelse",
		"went_well": "Det gik godt", "went_badly": "Det lykkedes ikke", "name": "Navn", "email": "E-mail",
		"youth_words": "Med den unges egne ord", "situation": "Situationen", "tried": "Det er prøvet", "needs": "Behov",
		"topic": "Emne", "decline_reason": "Begrundelse for afslag", "education_plan": "Uddannelsesplan",
		"address": "Adresse", "youth_step": "Den unges næste skridt", "professional_step": "Fagpersonens næste skridt",
		"needed": "Det er der brug for",
	},

	Months: [12]string{"januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"},
	Levels: map[casework.Level]string{
		casework.LevelMainRoad:  "Hovedvejen",
		casework.LevelLittle:    "Lidt hjælp på vejen",
		casework.LevelBump:      "Bump på vejen",
		casework.LevelObstacles: "Forhindringer på vejen",
	},
	Needs: map[casework.NeedCategory]string{
		casework.NeedEarly:       "Tidlig og forebyggende",
		casework.NeedCoordinated: "Koordineret og foregribende",
	},
	Statuses: map[casework.Status]string{
		casework.StatusActive:   "Aktiv",
		casework.StatusAnchored: "Forankret i uddannelse/job",
		casework.StatusClosed:   "Afsluttet",
	},
	Roles: map[casework.Role]string{
		casework.RoleCaseworker:  "Fagperson",
		casework.RoleFacilitator: "Tovholder",
		casework.RoleCoordinator: "Koordinator",
		casework.RoleAdmin:       "Administrator",
	},
	AuditDetails: danishAuditDetails,
	Actions: map[casework.AuditAction]string{
		// The young person's own actions in kui (Min side).
		casework.AuditUngHome:            "Den unge åbnede Min side",
		casework.AuditUngPlan:            "Den unge læste sin plan",
		casework.AuditUngMeeting:         "Den unge læste sit næste møde",
		casework.AuditUngAgendaAdd:       "Den unge skrev et emne på dagsordenen",
		casework.AuditUngAgendaDelete:    "Den unge fjernede sit emne fra dagsordenen",
		casework.AuditUngTeam:            "Den unge læste sit team",
		casework.AuditUngProgression:     "Den unge læste sin udvikling",
		casework.AuditUngRate:            "Den unge vurderede sin egen udvikling",
		casework.AuditUngConsents:        "Den unge læste sine samtykker",
		casework.AuditUngConsentWithdraw: "Den unge trak et samtykke tilbage",
		casework.AuditUngAccessLog:       "Den unge læste, hvem der har set sagen",
		casework.AuditUngData:            "Den unge hentede sine data",
		casework.AuditYouthList:          "Så listen over unge",
		casework.AuditYouthView:          "Læste den unges side",
		casework.AuditYouthCreate:        "Oprettede den unge",
		casework.AuditYouthUpdate:        "Rettede oplysninger",
		casework.AuditYouthStatus:        "Skiftede status",
		casework.AuditCPRReveal:          "Så det fulde CPR-nummer",
		casework.AuditYouthEditing:       "Åbnede rettelsesformularen",
		casework.AuditTeamAdd:            "Tilføjede en fagperson til teamet",
		casework.AuditProgressionView:    "Så progressionen",
		casework.AuditProgressionRecord:  "Registrerede en progressionsmåling",
		casework.AuditSnapshotExport:     "Hentede kommunens progressionstal som CSV",
		casework.AuditBetweenChairs:      "Så listen over unge mellem to stole",
		casework.AuditLoadDrilldown:      "Så de unge bag en fagpersons belastning",
		// Meetings, agendas and action plans.
		casework.AuditMeetingCreate:    "Planlagde et møde",
		casework.AuditMeetingView:      "Læste et møde",
		casework.AuditMeetingScreen:    "Viste et møde på storskærm",
		casework.AuditMeetingPrint:     "Udskrev dagsorden eller handleplan",
		casework.AuditMeetingList:      "Så en liste over møder",
		casework.AuditMeetingUpdate:    "Rettede et møde",
		casework.AuditMeetingEnd:       "Afsluttede et møde",
		casework.AuditMeetingCancel:    "Aflyste et møde",
		casework.AuditMeetingCalendar:  "Hentede et møde til kalenderen",
		casework.AuditAgendaAdd:        "Satte et punkt på dagsordenen",
		casework.AuditAgendaMove:       "Flyttede et punkt på dagsordenen",
		casework.AuditAgendaDelete:     "Fjernede et punkt fra dagsordenen",
		casework.AuditAgendaSend:       "Sendte dagsordenen",
		casework.AuditPlanAdd:          "Skrev et punkt i handleplanen",
		casework.AuditPlanEditing:      "Åbnede et punkt i handleplanen for at rette det",
		casework.AuditPlanUpdate:       "Rettede et punkt i handleplanen",
		casework.AuditPlanDelete:       "Slettede et punkt i handleplanen",
		casework.AuditPlanMove:         "Flyttede et punkt i handleplanen",
		casework.AuditPlanFollowup:     "Fulgte op på et punkt i handleplanen",
		casework.AuditCalendarFeed:     "Kalenderabonnement hentede møder",
		casework.AuditTeamView:         "Læste teamsiden",
		casework.AuditTeamRemove:       "Fjernede en fagperson fra teamet",
		casework.AuditTeamChosen:       "Registrerede den unges valg af team",
		casework.AuditContactView:      "Åbnede valget af kontaktperson",
		casework.AuditContactAssign:    "Valgte kontaktperson",
		casework.AuditContactEnd:       "Kontaktpersonen ophørte",
		casework.AuditHandoverRequest:  "Anmodede om overdragelse af kontaktperson",
		casework.AuditHandoverAccept:   "Accepterede overdragelse af kontaktperson",
		casework.AuditHandoverDecline:  "Afviste overdragelse af kontaktperson",
		casework.AuditHandoverCancel:   "Trak overdragelse af kontaktperson tilbage",
		casework.AuditHandoverList:     "Så ventende overdragelser",
		casework.AuditReferralCreate:   "Indstillede til visitationsudvalget",
		casework.AuditReferralView:     "Læste indstillingen til visitationsudvalget",
		casework.AuditReferralList:     "Så indstillinger til visitationsudvalget",
		casework.AuditReferralDecide:   "Traf afgørelse i visitationsudvalget",
		casework.AuditReferralWithdraw: "Trak indstillingen til visitationsudvalget tilbage",
		casework.AuditEffortList:       "Så indsatserne",
		casework.AuditEffortEditing:    "Åbnede en indsats for at rette den",
		casework.AuditEffortCreate:     "Tilføjede en indsats",
		casework.AuditEffortUpdate:     "Rettede en indsats",
		casework.AuditNoteList:         "Læste journalen",
		casework.AuditNoteCreate:       "Skrev et journalnotat",
		casework.AuditNoteCorrecting:   "Åbnede et journalnotat for at rette det",
		casework.AuditNoteCorrect:      "Rettede et journalnotat (nyt notat)",
		casework.AuditConsentList:      "Så samtykkerne",
		casework.AuditConsentView:      "Åbnede et samtykke",
		casework.AuditConsentCreate:    "Registrerede et samtykke",
		casework.AuditConsentWithdraw:  "Registrerede tilbagetrækning af et samtykke",
		casework.AuditChecklistView:    "Så kontaktpersonens tjekliste",
		casework.AuditChecklistUpdate:  "Rettede kontaktpersonens tjekliste",
		casework.AuditInboxList:        "Så listen »Venter på dig«",
	},
	Problems: map[casework.Problem]string{
		casework.ProblemRequired:       "Skal udfyldes.",
		casework.ProblemTooLong:        "Teksten er for lang.",
		casework.ProblemUnstorableText: "Teksten indeholder tegn, der ikke kan gemmes. Fjern de markerede tegn (�), og prøv igen.",
		casework.ProblemDateFormat:     "Skriv en gyldig dato med dag, måned og år.",
		casework.ProblemDateInFuture:   "Datoen ligger i fremtiden.",
		casework.ProblemAgeOutOfRange:  "Den unge skal være mellem 13 og 29 år for at være i Kommunal Ungeindsats.",
		casework.ProblemCPRFormat:      "Skriv CPR-nummeret som DDMMÅÅ-XXXX, fx 120304-1234.",
		casework.ProblemCPRDate:        "De første seks cifre er ikke en gyldig dato.",
		casework.ProblemCPRBirthDate:   "CPR-nummeret passer ikke med fødselsdatoen.",
		casework.ProblemCPRTaken:       "Der findes allerede en ung med dette CPR-nummer.",
		casework.ProblemUnknownChoice:  "Vælg en af mulighederne.",
		casework.ProblemStatusChange:   "Den unge kan ikke skifte til den status herfra.",
		casework.ProblemStaleVersion:   "En anden har gemt ændringer i mellemtiden.",
		casework.ProblemEmailFormat:    "Skriv en gyldig e-mailadresse, fx navn@kommune.dk.",
		casework.ProblemEmailTaken:     "Der findes allerede en bruger med den e-mail.",
		casework.ProblemPasswordLength: "Adgangskoden skal være mindst 10 tegn.",
		casework.ProblemTeamFull:       "Teamet har allerede 5 fagpersoner, som er det højeste antal.",
		casework.ProblemNotFound:       "Findes ikke.",
		casework.ProblemNumberRange:    "Skriv et helt tal inden for det tilladte interval.",
		// Meetings, agendas and action plans.
		casework.ProblemNotFirstPerson:       "Skriv planen, som den unge selv siger den: »Jeg skal …« eller »Vi …«. Punktet skal begynde med »Jeg« eller »Vi«.",
		casework.ProblemDateTimeFormat:       "Skriv dato og klokkeslæt: dag, måned og år, timer og minutter.",
		casework.ProblemDateTimeMissing:      "Det klokkeslæt findes ikke den dag, fordi uret stilles til sommertid. Vælg et andet.",
		casework.ProblemMeetingTooEarly:      "Mødet kan højst ligge et år tilbage.",
		casework.ProblemMeetingTooLate:       "Mødet kan højst planlægges et år frem.",
		casework.ProblemDuration:             "Skriv en varighed mellem 15 og 480 minutter.",
		casework.ProblemDueInPast:            "Datoen er allerede passeret. Vælg i dag eller en dag frem i tiden.",
		casework.ProblemDueTooLate:           "Vælg en dato inden for de næste to år.",
		casework.ProblemMeetingClosed:        "Mødet er afsluttet eller aflyst, så det, der blev skrevet på mødet, er låst.",
		casework.ProblemAgendaSent:           "Dagsordenen er sendt og er derfor låst.",
		casework.ProblemAgendaEmpty:          "Der er ingen punkter på dagsordenen. Sæt mindst ét punkt på, før den sendes.",
		casework.ProblemYouthTopicsOnly:      "På et møde med den unge står kun de emner, den unge selv har sat på. Fagpersoners emner hører til et afklarende koordinationsmøde.",
		casework.ProblemNoPlanAtCoordination: "Et afklarende koordinationsmøde har ingen handleplan: den skrives sammen med den unge.",
		casework.ProblemRoomBooked:           "Lokalet er optaget på det tidspunkt. Vælg et andet lokale eller en anden tid.",
		casework.ProblemParticipantsMax:      "Højst 5 fagpersoner kan deltage i et møde.",
		casework.ProblemNotParticipant:       "Vælg en fra den unges team eller en af mødets deltagere.",
		casework.ProblemPlanChanged:          "En anden har gemt punktet i mellemtiden.",
		casework.ProblemLeadDays:             "Skriv et antal arbejdsdage fra 0 til 30.",
		casework.ProblemWeekday:              "Vælg en ugedag.",
		casework.ProblemClockFormat:          "Skriv et gyldigt klokkeslæt med timer og minutter.",
		casework.ProblemClockOrder:           "Sluttidspunktet skal ligge mindst 15 minutter efter starttidspunktet.",
		casework.ProblemRoomTaken:            "Der findes allerede et mødelokale med det navn.",
		// Signing in with the municipality's login.
		casework.ProblemSlugFormat:            "Brug 2–41 små bogstaver (a–z), tal og bindestreger, fx »aarhus« eller »demo-kommune«.",
		casework.ProblemSlugTaken:             "Den kortform bruges allerede af en anden login-udbyder.",
		casework.ProblemIssuerURL:             "Skriv udbyderens issuer-adresse med https://, fx https://login.microsoftonline.com/<tenant-id>/v2.0.",
		casework.ProblemSecretEnvName:         "Skriv navnet på den miljøvariabel, der holder hemmeligheden, fx KUI_IDP_AARHUS_SECRET — aldrig selve hemmeligheden.",
		casework.ProblemSAMLMetadata:          "Metadata kunne ikke læses som SAML-metadata for en identitetsudbyder. Indsæt hele XML-filen fra udbyderen.",
		casework.ProblemCVRFormat:             "Skriv kommunens CVR-nummer med 8 cifre.",
		casework.ProblemDomainFormat:          "Skriv e-maildomæner som fx aarhus.dk, adskilt med mellemrum eller komma.",
		casework.ProblemDomainTaken:           "Et af domænerne hører allerede til en anden login-udbyder.",
		casework.ProblemMappingTaken:          "Værdien er allerede knyttet til en rolle hos denne udbyder.",
		casework.ProblemCitizenNoDomains:      "Et login for unge har ingen e-maildomæner: de unge findes ud fra CPR-nummeret. Fjern domænerne, eller vælg »For fagpersoner«.",
		casework.ProblemCitizenNoRoles:        "Et login for unge har ingen roller: de unge ser kun deres egen side i kui.",
		casework.ProblemTOTPCode:              "Koden passer ikke. Skriv de 6 cifre, som din godkendelses-app viser lige nu.",
		casework.ProblemFollowupOutcome:       "Vælg, hvordan det gik.",
		casework.ProblemAlreadyOnTeam:         "Fagpersonen er allerede på teamet.",
		casework.ProblemTeamLastMember:        "Den sidste fagperson på teamet kan ikke fjernes. Tilføj en anden først.",
		casework.ProblemContactPersonStays:    "Fagpersonen er den unges kontaktperson og kan ikke fjernes fra teamet, før rollen er overdraget til en anden, og modtageren har accepteret.",
		casework.ProblemHandoverReceiverStays: "Fagpersonen skal tage stilling til en overdragelse af kontaktpersonrollen og kan ikke fjernes, før overdragelsen er afgjort eller trukket tilbage.",
		casework.ProblemNotOnTeam:             "Kontaktpersonen skal være på den unges team. Tilføj fagpersonen til teamet først.",
		casework.ProblemAlreadyContactPerson:  "Fagpersonen er allerede den unges kontaktperson.",
		casework.ProblemContactPersonChanged:  "En anden har ændret kontaktpersonen, mens du valgte. Se den nye situation, og vælg igen.",
		casework.ProblemHandoverPending:       "En overdragelse af kontaktpersonrollen venter allerede på accept. Den skal accepteres, afvises eller trækkes tilbage, før der kan vælges en ny.",
		casework.ProblemHandoverClosed:        "Overdragelsen er allerede afgjort eller trukket tilbage.",
		casework.ProblemYouthNotActive:        "Den unge er ikke i et aktivt forløb, så der kan ikke vælges kontaktperson.",
		casework.ProblemReferralPending:       "Sagen er allerede indstillet til visitationsudvalget og afventer afgørelse.",
		casework.ProblemReferralClosed:        "Indstillingen er allerede afgjort eller trukket tilbage.",
		casework.ProblemUnitTaken:             "Kommunen har allerede en enhed med det navn.",
		casework.ProblemEndBeforeStart:        "Slutdatoen ligger før startdatoen.",
		casework.ProblemEndRequired:           "Skriv slutdatoen, når indsatsen er afsluttet eller afbrudt.",
		casework.ProblemExpiryBeforeGiven:     "Samtykket skal gælde til en dato efter den dag, det blev givet.",
		casework.ProblemUnitsRequired:         "Vælg mindst én enhed, eller vælg alle enheder.",
		casework.ProblemWithdrawnBeforeGiven:  "Samtykket kan ikke være trukket tilbage, før det blev givet.",
		casework.ProblemNoteCorrected:         "Notatet er allerede rettet. Ret den nyeste udgave i stedet.",
		casework.ProblemConsentWithdrawn:      "Samtykket er allerede trukket tilbage.",
		casework.ProblemConsentEnded:          "Samtykket gælder ikke længere.",
		// The young person.
		casework.ProblemChooseNeed: "Vælg en behovskategori: tidlig og forebyggende eller koordineret og foregribende.",
		// The young person's own agenda topics, and a professional's work phone (ung_meeting).
		casework.ProblemYouthAgendaClosed: "Dagsordenen er lukket. Vil du tage noget op, så skriv til din kontaktperson.",
		casework.ProblemPhoneFormat:       "Skriv kun tal, mellemrum og +, fx +45 12 34 56 78.",
	},
}

type catalogueKey struct{}

// WithCatalogue puts the catalogue the request is answered in on ctx.
func WithCatalogue(ctx context.Context, c *Catalogue) context.Context {
	return context.WithValue(ctx, catalogueKey{}, c)
}

// T is the catalogue for ctx; Danish when none was chosen.
func T(ctx context.Context) *Catalogue {
	if c, ok := ctx.Value(catalogueKey{}).(*Catalogue); ok {
		return c
	}
	return &Danish
}

// Problem is the sentence for a validation problem. A code without one (a
// bug the tests catch for every declared Problem) gets the generic "choose
// one of the options" rather than an empty message.
func (c *Catalogue) Problem(p casework.Problem) string {
	if s, ok := c.Problems[p]; ok {
		return s
	}
	return c.Problems[casework.ProblemUnknownChoice]
}

// Noun is a counted word in its two forms: "dag", "dage".
type Noun struct{ One, Many string }

// Count is the one plural helper: n with the noun in the form the number
// takes, "1 dag", "0 dage", "3 dage" (also -1: "-1 dag").
func (c *Catalogue) Count(n int, noun Noun) string {
	if n == 1 || n == -1 {
		return strconv.Itoa(n) + " " + noun.One
	}
	return strconv.Itoa(n) + " " + noun.Many
}

// countText is one for 1, else many with the number (a %d).
func countText(one, many string, n int) string {
	if n == 1 {
		return one
	}
	return sprintf(many, n)
}

// Copenhagen is the time zone every date and time in kui is shown in.
var Copenhagen = casework.Copenhagen()

// Day writes a calendar date (a birth date, a deadline) the Danish way:
// "2. januar 2027". Its year, month and day are taken as they are.
func (c *Catalogue) Day(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return strconv.Itoa(d.Day()) + ". " + c.Months[d.Month()-1] + " " + strconv.Itoa(d.Year())
}

// Date writes the Copenhagen date of a moment: "2. januar 2027".
func (c *Catalogue) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return c.Day(t.In(Copenhagen))
}

// DateTime is a moment in Copenhagen time: "2. januar 2027 kl. 09.30".
func (c *Catalogue) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(Copenhagen)
	return strconv.Itoa(t.Day()) + ". " + c.Months[t.Month()-1] + " " + strconv.Itoa(t.Year()) + " kl. " + t.Format("15.04")
}
