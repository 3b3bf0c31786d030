package web

// TeamTexts are the texts of this area; the catalogue holds them as one field.
type TeamTexts struct {
}

var danishTeam = TeamTexts{}
