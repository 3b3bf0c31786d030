package web

// danishAuditDetails are the Danish labels of the keys an audit row's
// detail carries ("meeting=9" is "Møde nr. 9"), and of its lone words.
var danishAuditDetails = map[string]string{
	"meeting":             "Møde nr. %s",
	"meetings":            "%s møder",
	"item":                "Punkt: %s",
	"shown":               "%s vist",
	"consent":             "Samtykke nr. %s",
	"effort":              "Indsats nr. %s",
	"note":                "Notat nr. %s",
	"sensitive":           "følsomt: %s",
	"corrects":            "retter notat nr. %s",
	"sensitive_read":      "%s følsomme læst",
	"sensitive_withheld":  "%s følsomme tilbageholdt",
	"entries":             "%s linjer",
	"professional":        "fagperson nr. %s",
	"agenda alerts shown": "%s dagsordener med advarsel vist",
	"mine shown":          "%s af egne møder vist",
	"filtered":            "med filter",
	"aggregates":          "kun samlede tal",
}
