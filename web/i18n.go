package web

import (
	"context"
	"strconv"
	"time"

	"kui/internal/casework"
)

// Catalogue holds every text the UI shows, for one language. Fields rather
// than string keys, so a missing text is a compile error; adding English is
// adding a second Catalogue value.
type Catalogue struct {
	Lang string

	AppName, AppTagline, SkipToContent, Logout, LoggedInAs string
	NavHome, NavYouth, NavAudit                            string

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

	Age, YearsOld, BirthDate, CPR, CPRNone, CPRReveal, CPRRevealed, CPRHide, Level, NeedCategory, Status        string
	EducationStatus, EducationPlan, EducationPlanEmpty, Guardians, GuardiansNone, GuardiansMissingUnder18, Edit string
	Team, TeamTooSmall, TeamEmpty, StatusHistory, StatusChange, StatusChangeTo, StatusReason, StatusChanged     string
	StatusCreated, Under18Note, Details                                                                         string

	YouthTabsLabel, TabOverview, TabTeam, TabNotes, TabEfforts, TabConsents, TabChecklist, TabMeetings string

	// Texts of the larger areas, each in its own file (i18n_*.go).
	TeamT    TeamTexts
	CaseT    CaseFileTexts
	MeetingT MeetingTexts

	AuditTitle, AuditIntro, AuditSearch, AuditFor, AuditNone, AuditWhen, AuditWho, AuditWhat, AuditDetail string

	NotFoundTitle, NotFoundText, ForbiddenTitle, ForbiddenText, ErrorTitle, ErrorText, UnavailableTitle string
	UnavailableText, BackHome, ConflictTitle                                                            string

	Months   [12]string
	Levels   map[casework.Level]string
	Needs    map[casework.NeedCategory]string
	Statuses map[casework.Status]string
	Roles    map[casework.Role]string
	Actions  map[casework.AuditAction]string
	Problems map[casework.Problem]string
}

// Danish is the catalogue kui ships with.
var Danish = Catalogue{
	Lang: "da",

	AppName: "kui", AppTagline: "Kommunal Ungeindsats", SkipToContent: "Gå til indhold",
	Logout: "Log ud", LoggedInAs: "Logget ind som",
	NavHome: "Forside", NavYouth: "Unge", NavAudit: "Auditlog",

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
	FieldName: "Navn", FieldBirthDate: "Fødselsdato", FieldBirthDateHint: "Skriv datoen som ÅÅÅÅ-MM-DD, fx 2008-03-12.",
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
	StaleVersion:  "En anden har gemt ændringer, mens du skrev. Dine ændringer står i formularen; tjek dem mod de nye oplysninger, og gem igen.",

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

	YouthTabsLabel: "Sider om den unge", TabOverview: "Overblik", TabTeam: "Team og kontaktperson", TabNotes: "Journal",
	TabEfforts: "Indsatser", TabConsents: "Samtykker", TabChecklist: "Tjekliste", TabMeetings: "Møder",

	TeamT:    danishTeam,
	CaseT:    danishCaseFile,
	MeetingT: danishMeetings,

	AuditTitle: "Auditlog", AuditIntro: "Se hvem der har læst og ændret oplysninger om en ung. Søg den unge frem på navn.",
	AuditSearch: "Søg ung på navn", AuditFor: "Auditlog for %s", AuditNone: "Ingen hændelser.",
	AuditWhen: "Tidspunkt", AuditWho: "Hvem", AuditWhat: "Hændelse", AuditDetail: "Detaljer",

	NotFoundTitle: "Siden findes ikke", NotFoundText: "Siden findes ikke, eller du har ikke adgang til den.",
	ForbiddenTitle: "Ingen adgang", ForbiddenText: "Din rolle giver ikke adgang til denne side.",
	ErrorTitle: "Der skete en fejl", ErrorText: "Der skete en uventet fejl. Prøv igen om lidt. Fejlen er logget.",
	UnavailableTitle: "kui er midlertidigt utilgængelig", UnavailableText: "Databasen svarer ikke lige nu. Prøv igen om lidt; intet af det, der allerede er gemt, er gået tabt.",
	BackHome: "Til forsiden", ConflictTitle: "Ændringen kunne ikke gemmes",

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
	Actions: map[casework.AuditAction]string{
		casework.AuditYouthList:    "Så listen over unge",
		casework.AuditYouthView:    "Læste den unges side",
		casework.AuditYouthCreate:  "Oprettede den unge",
		casework.AuditYouthUpdate:  "Rettede oplysninger",
		casework.AuditYouthStatus:  "Skiftede status",
		casework.AuditCPRReveal:    "Så det fulde CPR-nummer",
		casework.AuditYouthEditing: "Åbnede rettelsesformularen",
		casework.AuditTeamAdd:      "Tilføjede en fagperson til teamet",
	},
	Problems: map[casework.Problem]string{
		casework.ProblemRequired:       "Skal udfyldes.",
		casework.ProblemTooLong:        "Teksten er for lang.",
		casework.ProblemDateFormat:     "Skriv datoen som ÅÅÅÅ-MM-DD, fx 2008-03-12.",
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

// Problem is the sentence for a validation problem.
func (c *Catalogue) Problem(p casework.Problem) string {
	if s, ok := c.Problems[p]; ok {
		return s
	}
	return c.Problems[casework.ProblemUnknownChoice]
}

// Copenhagen is the time zone every date and time in kui is shown in.
var Copenhagen = mustLoadLocation("Europe/Copenhagen")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // time/tzdata is embedded in the binary; this cannot fail
	}
	return loc
}

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
