package demoidp

import (
	"fmt"
	"html/template"
	"net"
	"net/http"
)

// defaultTitle heads a demo login page when the options give no Title.
const defaultTitle = "Demo-login (demo)"

// field is a hidden form field every user's form carries.
type field struct{ Name, Value string }

// page is what the demo login page shows: one form per user.
type page struct {
	Title     string
	Action    string  // where the forms post
	Toast     string  // an error shown above the users, Danish
	Hidden    []field // carried by every form
	UserField string  // the name of the field that carries the username
	Users     []User
}

// pageSrc is the demo login page (WCAG 2 AA: lang, title, main, h1, one
// button per user whose text is its accessible name; colours above 4.5:1).
const pageSrc = `<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; background: #f6f6f4; color: #1a1a1a; }
main { max-width: 34rem; margin: 3rem auto; padding: 2rem; background: #fff; border: 1px solid #c8c8c4; border-radius: 8px; }
h1 { font-size: 1.5rem; margin-top: 0; }
form { margin: 0.75rem 0; }
button { width: 100%; padding: 0.75rem 1rem; font: inherit; text-align: left; color: #fff; background: #1f4e79; border: 0; border-radius: 6px; cursor: pointer; }
button:hover, button:focus-visible { background: #163a5b; outline: 3px solid #f2b705; outline-offset: 2px; }
.fejl { color: #8a1c1c; font-weight: bold; }
</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
{{if .Toast}}<p class="fejl" role="alert">{{.Toast}}</p>{{end}}
<p>Vælg en demobruger. Dette er en demo — ingen rigtig kommune.</p>
{{range .Users}}<form method="post" action="{{$.Action}}">
{{range $.Hidden}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<input type="hidden" name="{{$.UserField}}" value="{{.Username}}">
<input type="hidden" name="password" value="{{.Password}}">
<button type="submit">{{.Name}}{{if .Email}} ({{.Email}}){{end}}</button>
</form>
{{end}}</main>
</body>
</html>
`

// pageHTML renders pageSrc for the OIDC provider (the SAML provider parses its own copy).
var pageHTML = template.Must(template.New("page").Parse(pageSrc))

// refusedHTML answers a wrong username or password at the OIDC provider.
var refusedHTML = template.Must(template.New("refused").Parse(`<!doctype html>
<html lang="da">
<head><meta charset="utf-8"><title>{{.}}</title></head>
<body><main><h1>{{.}}</h1><p>Forkert brugernavn eller adgangskode. Gå tilbage og vælg en demobruger igen.</p></main></body>
</html>
`))

func orDefault(title string) string {
	if title == "" {
		return defaultTitle
	}
	return title
}

// listenLoopback listens on addr ("" = "127.0.0.1:0"), refusing any host
// that is not a loopback address: the demo providers hand out passwords.
func listenLoopback(addr string) (net.Listener, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("demoidp: address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("demoidp: address %q is not a loopback address", addr)
	}
	return net.Listen("tcp", addr)
}

// serve serves h on ln until the returned server is closed.
func serve(ln net.Listener, h http.Handler) *http.Server {
	srv := &http.Server{Handler: h}
	go srv.Serve(ln) //nolint:errcheck // ends with http.ErrServerClosed at Close
	return srv
}
