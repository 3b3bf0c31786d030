package web

// UngRightsTexts are the texts of the young person's progression,
// consents, access log and data (/ung/udvikling, /ung/samtykker,
// /ung/indsigt, /ung/data).
type UngRightsTexts struct {
}

var danishUngRights = UngRightsTexts{}
