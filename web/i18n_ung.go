package web

import "fmt"

// UngTexts are the young person's own pages: short sentences, no jargon,
// "din kontaktperson", never "KP". The pages of the plan, meeting and team
// (UngMeetingTexts) and of the young person's rights (UngRightsTexts) have
// their own files.
type UngTexts struct {
	AppName, Tagline, Menu, LoggedInAs, Logout, DownloadData                                    string
	NavPlan, NavMeeting, NavTeam, NavProgression, NavConsents, NavAccessLog                     string
	LoginTitle, LoginIntro, LoginVia, LoginNone, LoginProfessional, LoggedOut, NotFoundBackHome string
	HomeTitle, HomeHello, HomeIntro                                                             string
	Print                                                                                       string

	Meeting UngMeetingTexts
	Rights  UngRightsTexts
}

// Hello greets the young person by first name.
func (t UngTexts) Hello(firstName string) string { return fmt.Sprintf(t.HomeHello, firstName) }

// Via is the text of a citizen provider's sign-in link.
func (t UngTexts) Via(name string) string { return fmt.Sprintf(t.LoginVia, name) }

var danishUng = UngTexts{
	AppName: "kui", Tagline: "Min side", Menu: "Min side", LoggedInAs: "Du er logget ind som", Logout: "Log ud",
	DownloadData: "Hent mine data",
	NavPlan:      "Min plan", NavMeeting: "Mit møde", NavTeam: "Mit team", NavProgression: "Min udvikling",
	NavConsents: "Mine samtykker", NavAccessLog: "Hvem har set min sag",
	LoginTitle:        "Log ind på Min side",
	LoginIntro:        "Her kan du se din plan, dit næste møde og dit team. Du logger ind med MitID.",
	LoginVia:          "Log ind med %s",
	LoginNone:         "Din kommune har ikke sat log ind med MitID op endnu. Spørg din kontaktperson.",
	LoginProfessional: "Er du fagperson? Log ind her.",
	LoggedOut:         "Du er logget ud.",
	NotFoundBackHome:  "Til Min side",
	HomeTitle:         "Min side",
	HomeHello:         "Hej %s",
	HomeIntro:         "Her kan du se, hvad vi har aftalt, og hvem der hjælper dig. Du bestemmer selv, hvad dine møder skal handle om.",
	Print:             "Udskriv",
	Meeting:           danishUngMeeting,
	Rights:            danishUngRights,
}
