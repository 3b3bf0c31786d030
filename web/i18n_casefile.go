package web

// CaseFileTexts are the texts of this area; the catalogue holds them as one field.
type CaseFileTexts struct {
}

var danishCaseFile = CaseFileTexts{}
