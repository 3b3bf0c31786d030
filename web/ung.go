package web

// The young person's own kui (/ung/…): a slim, phone-first shell of its own,
// with no professional's navigation. Every text is in the catalogue (Ung).

// UngPage is what every page of the young person's needs: the title, their
// first name, which page it is in the menu, and a one-time message.
type UngPage struct {
	Title     string
	FirstName string // "" on the login page
	Nav       UngNav
	Flash     Flash
}

// UngNav names the young person's page, to mark it in the menu.
type UngNav string

const (
	UngNavHome        UngNav = "home"
	UngNavPlan        UngNav = "plan"
	UngNavMeeting     UngNav = "moede"
	UngNavTeam        UngNav = "team"
	UngNavProgression UngNav = "udvikling"
	UngNavConsents    UngNav = "samtykker"
	UngNavAccessLog   UngNav = "indsigt"
	UngNavData        UngNav = "data"
)

// ungNavItem is a link of the young person's menu.
type ungNavItem struct {
	Nav   UngNav
	Href  string
	Label string
}

func ungNavItems(t UngTexts) []ungNavItem {
	return []ungNavItem{
		{UngNavPlan, "/ung/plan", t.NavPlan},
		{UngNavMeeting, "/ung/moede", t.NavMeeting},
		{UngNavTeam, "/ung/team", t.NavTeam},
		{UngNavProgression, "/ung/udvikling", t.NavProgression},
		{UngNavConsents, "/ung/samtykker", t.NavConsents},
		{UngNavAccessLog, "/ung/indsigt", t.NavAccessLog},
	}
}

// UngLoginView is the young person's login page: the municipalities'
// citizen providers (MitID).
type UngLoginView struct {
	Page  UngPage
	Links []SSOLink
}

// UngHomeView is the young person's front page.
type UngHomeView struct {
	Page UngPage
}
