package notify

import (
	"bytes"
	htmltemplate "html/template"
	"strconv"
	"strings"
	texttemplate "text/template"

	"kui/internal/casework"
	"kui/internal/postgres"
)

// The e-mails' texts, in Danish. They say only what kind of thing waits and
// how many: no name, CPR number, date of birth, note text or meeting title,
// so a leaked e-mail reveals nothing about a young person. The only links
// are to the inbox, the settings and the unsubscribe URL.

// kindText is what the e-mails say about a kind.
type kindText struct {
	subject string // the subject of an e-mail at once
	what    string // "Der venter noget på dig i kui: …"
	about   string // "… har valgt e-mail med det samme om …"
	one     string // a summary line for one
	many    string // a summary line for n (%d)
}

var kindTexts = map[casework.Kind]kindText{
	casework.KindHandover: {"kui: En overdragelse venter på dig",
		"en overdragelse af rollen som kontaktperson, som du skal tage stilling til", "overdragelser",
		"1 overdragelse venter på dit svar", "%d overdragelser venter på dit svar"},
	casework.KindReferralDecided: {"kui: En indstilling er afgjort",
		"en indstilling, du har sendt eller er tildelt, er afgjort", "afgjorte indstillinger",
		"1 indstilling er afgjort", "%d indstillinger er afgjort"},
	casework.KindTeamAdded: {"", "du er kommet på et team om en ung", "nye teams",
		"du er kommet på 1 nyt team", "du er kommet på %d nye teams"},
	casework.KindAgendaDue: {"kui: En dagsorden skal sendes",
		"en dagsorden, du skal sende inden for få arbejdsdage", "dagsordener, der skal sendes",
		"1 dagsorden skal sendes", "%d dagsordener skal sendes"},
	casework.KindPlanDue: {"", "et planpunkt, du står for, er forfaldent", "forfaldne planpunkter",
		"1 planpunkt, du står for, er forfaldent", "%d planpunkter, du står for, er forfaldne"},
	casework.KindConsentExpiring: {"", "et samtykke udløber snart", "samtykker, der udløber",
		"1 samtykke udløber inden for 14 dage", "%d samtykker udløber inden for 14 dage"},
	casework.KindTurning18: {"", "en ung fylder snart 18 år", "unge, der fylder 18",
		"1 ung fylder 18 inden for 90 dage", "%d unge fylder 18 inden for 90 dage"},
	casework.KindNoMeeting: {"", "en ung har ikke haft et møde i 3 måneder", "unge uden møder",
		"1 ung har ikke haft et møde i 3 måneder", "%d unge har ikke haft et møde i 3 måneder"},
	casework.KindChairsHandover: {"", "en overdragelse har ventet mere end 5 arbejdsdage", "overdragelser, der venter",
		"1 overdragelse har ventet mere end 5 arbejdsdage", "%d overdragelser har ventet mere end 5 arbejdsdage"},
	casework.KindChairsReferral: {"", "en indstilling venter på visitationsudvalget", "indstillinger, der venter",
		"1 indstilling venter på visitationsudvalget", "%d indstillinger venter på visitationsudvalget"},
	casework.KindChairsAgenda: {"", "en dagsorden er ikke sendt til tiden", "dagsordener, der er forsinket",
		"1 dagsorden er ikke sendt til tiden", "%d dagsordener er ikke sendt til tiden"},
}

const (
	subjectDefault = "kui: Der venter noget på dig"
	subjectDigest  = "kui: Det venter på dig i dag"
)

// Rendered is one e-mail's text.
type Rendered struct {
	Subject     string
	Text        string
	HTML        string
	Unsubscribe string // the List-Unsubscribe URL (the first kind's)
}

type mailLine struct {
	Text        string // the line (a summary) or what waits (at once)
	About       string
	Unsubscribe string
}

type mailData struct {
	Digest   bool
	Lines    []mailLine
	Inbox    string
	Settings string
}

var textTemplate = texttemplate.Must(texttemplate.New("text").Parse(`Hej
{{if .Digest}}
Det venter på dig i kui i dag:
{{range .Lines}}
- {{.Text}}{{end}}

Se det i kui: {{.Inbox}}

Du får denne e-mail, fordi du har valgt en daglig opsummering.
{{range .Lines}}Afmeld e-mail om {{.About}}: {{.Unsubscribe}}
{{end}}Skift dine valg: {{.Settings}}
{{else}}{{with index .Lines 0}}
Der venter noget på dig i kui: {{.Text}}.

Se det i kui: {{$.Inbox}}

Du får denne e-mail, fordi du har valgt e-mail med det samme om {{.About}}.
Afmeld: {{.Unsubscribe}}
Skift dine valg: {{$.Settings}}
{{end}}{{end}}`))

var htmlTemplate = htmltemplate.Must(htmltemplate.New("html").Parse(`<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>kui</title></head>
<body style="font-family: sans-serif; line-height: 1.5">
<p>Hej</p>
{{if .Digest}}<p>Det venter på dig i kui i dag:</p>
<ul>{{range .Lines}}<li>{{.Text}}</li>{{end}}</ul>
<p><a href="{{.Inbox}}">Se det i kui</a></p>
<p style="color: #555; font-size: smaller">Du får denne e-mail, fordi du har valgt en daglig opsummering.
{{range .Lines}}<br><a href="{{.Unsubscribe}}">Afmeld e-mail om {{.About}}</a>{{end}}
<br><a href="{{.Settings}}">Skift dine valg</a></p>
{{else}}{{with index .Lines 0}}<p>Der venter noget på dig i kui: {{.Text}}.</p>
<p><a href="{{$.Inbox}}">Se det i kui</a></p>
<p style="color: #555; font-size: smaller">Du får denne e-mail, fordi du har valgt e-mail med det samme om {{.About}}.
<br><a href="{{.Unsubscribe}}">Afmeld</a> · <a href="{{$.Settings}}">Skift dine valg</a></p>
{{end}}{{end}}</body></html>
`))

// Render makes the e-mail of m, with links under baseURL.
func Render(baseURL string, m postgres.OutboxMail) (Rendered, error) {
	baseURL = strings.TrimRight(baseURL, "/")
	d := mailData{Digest: m.Kind == "digest", Inbox: baseURL + "/inbox", Settings: baseURL + "/settings/notifications"}
	for _, k := range m.Kinds() {
		t := kindTexts[k]
		l := mailLine{About: t.about, Unsubscribe: baseURL + "/unsubscribe/" + m.Unsubscribe[k], Text: t.what}
		if d.Digest {
			l.Text = t.one
			if n := m.Counts[k]; n != 1 {
				l.Text = strings.Replace(t.many, "%d", strconv.Itoa(n), 1)
			}
		}
		d.Lines = append(d.Lines, l)
	}
	if len(d.Lines) == 0 {
		return Rendered{}, errNothingToSay
	}
	r := Rendered{Subject: subjectDigest, Unsubscribe: d.Lines[0].Unsubscribe}
	if !d.Digest {
		r.Subject = kindTexts[m.Kinds()[0]].subject
		if r.Subject == "" {
			r.Subject = subjectDefault
		}
	}
	var tb, hb bytes.Buffer
	if err := textTemplate.Execute(&tb, d); err != nil {
		return Rendered{}, err
	}
	if err := htmlTemplate.Execute(&hb, d); err != nil {
		return Rendered{}, err
	}
	r.Text, r.HTML = tb.String(), hb.String()
	return r, nil
}
