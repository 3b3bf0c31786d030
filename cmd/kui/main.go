// Command kui is the Kommunal Ungeindsats coordination app: the web server
// and the operator's commands (migrate, seed, user).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"text/tabwriter"
	"time"

	"kui/internal/casework"
	"kui/internal/live"
	"kui/internal/notify"
	"kui/internal/pglocal"
	"kui/internal/postgres"
	"kui/internal/server"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "kui:", err)
		os.Exit(1)
	}
}

const usage = `kui — Kommunal Ungeindsats

Usage:
  kui serve                       serve the web app (DATABASE_URL, ADDR, BASE_URL, SMTP_URL, MAIL_FROM)
  kui dev                         make run: a local PostgreSQL under .data/ unless DATABASE_URL is set, demo data, serve
  kui migrate                     apply database migrations
  kui seed demo                   load the demo municipalities, users and young people
  kui user add --email E --name N --role R --municipality M [--unit U] (password from KUI_PASSWORD or stdin)
  kui user list                   one user a line: id, email, role, municipality
  kui user totp-reset --email E   remove a user's second factor (TOTP): they set it up again at their next sign-in
  kui idp add --municipality M --slug S --name N (--oidc-issuer URL --client-id C [--client-secret-env KUI_IDP_X]
              [--scopes S] [--role-claim C] | --saml-metadata FILE --cvr NNNNNNNN [--min-loa Substantial|High]
              [--no-oiosaml --role-attribute A]) [--domain D]... [--role VALUE=ROLE[:UNIT]]... [--disabled]
                                  connect a municipality's identity provider (replaces one with the same slug)
  kui idp list                    one provider a line: slug, protocol, municipality, issuer or entity ID, SP metadata path
  kui idp remove --slug S         disconnect a provider
  kui healthcheck                 exit 0 when the server on ADDR answers /healthz
`

// run is the whole program, with its environment passed in so tests can
// call it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("missing command")
	}
	logger := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	switch args[0] {
	case "serve":
		return serve(ctx, getenv, logger, getenv("DATABASE_URL"), nil)
	case "dev":
		return dev(ctx, getenv, stdout, stderr)
	case "migrate":
		url, err := databaseURL(getenv)
		if err != nil {
			return err
		}
		return migrate(ctx, url, logger)
	case "seed":
		return seedCommand(ctx, args[1:], getenv, stdout)
	case "user":
		return userCommand(ctx, args[1:], getenv, os.Stdin, stdout)
	case "idp":
		return idpCommand(ctx, args[1:], getenv, stdout)
	case "healthcheck":
		return healthcheck(ctx, getenv)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

func databaseURL(getenv func(string) string) (string, error) {
	url := getenv("DATABASE_URL")
	if url == "" {
		return "", errors.New("DATABASE_URL is not set (e.g. postgres://kui@127.0.0.1:5432/kui)")
	}
	return url, nil
}

// openDB opens the store at DATABASE_URL, for the commands that change it.
func openDB(ctx context.Context, getenv func(string) string) (*postgres.DB, error) {
	url, err := databaseURL(getenv)
	if err != nil {
		return nil, err
	}
	return postgres.Open(ctx, url)
}

func migrate(ctx context.Context, url string, logger *slog.Logger) error {
	results, err := postgres.Migrate(ctx, url)
	if err != nil {
		return err
	}
	for _, r := range results {
		logger.Info("migration applied", "version", r.Source.Version, "duration", r.Duration)
	}
	return nil
}

// serve migrates and serves until ctx ends, then shuts down gracefully:
// requests in flight finish, within shutdownTimeout. ready, when set, is
// called with the address once the server listens.
func serve(ctx context.Context, getenv func(string) string, logger *slog.Logger, url string, ready func(addr string)) error {
	if url == "" {
		return errors.New("DATABASE_URL is not set (e.g. postgres://kui@127.0.0.1:5432/kui)")
	}
	if err := migrate(ctx, url, logger); err != nil {
		return err
	}
	db, err := postgres.Open(ctx, url)
	if err != nil {
		return err
	}
	defer db.Close()

	addr := getenv("ADDR")
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	stopProfiler, err := startProfiler(getenv, logger)
	if err != nil {
		return err
	}
	defer stopProfiler()
	// One LISTEN connection per instance feeds every open big screen.
	hub := live.NewHub(url, logger)
	defer hub.Close()
	go func() {
		if err := hub.Run(ctx); err != nil {
			logger.Error("live updates stopped", "err", err)
		}
	}()
	limit := server.DefaultRequestTimeLimit
	if v := getenv("REQUEST_TIME_LIMIT"); v != "" {
		if limit, err = time.ParseDuration(v); err != nil || limit <= 0 {
			return fmt.Errorf("REQUEST_TIME_LIMIT=%q: want a duration such as 2.5s", v)
		}
	}
	samlKey, samlCert, err := samlKeyPair(getenv)
	if err != nil {
		return err
	}
	srv := server.NewServer(logger, db, server.Config{BaseURL: getenv("BASE_URL"), Live: hub, RequestTimeLimit: limit,
		Secret: getenv, SAMLKey: samlKey, SAMLCert: samlCert})
	defer srv.Close()
	httpServer := &http.Server{
		Addr:              addr,
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		// Requests must outlive the signal: Shutdown lets those in flight
		// finish, which they could not if their context ended with ctx.
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	// Event streams never end on their own: closing the hub ends them, so
	// Shutdown does not wait for them.
	httpServer.RegisterOnShutdown(hub.Close)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	logger.Info("serving", "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- httpServer.Serve(ln) }()
	// E-mail and reminders: River's working client, once the server is up.
	jobs, err := startNotify(ctx, getenv, logger, db, ln.Addr().String())
	if err != nil {
		httpServer.Close()
		return err
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case err := <-errc:
		stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
		defer cancel()
		jobs.Stop(stopCtx)
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	// Requests in flight and e-mails being sent finish side by side.
	jobsStopped := make(chan error, 1)
	go func() { jobsStopped <- jobs.Stop(shutdownCtx) }()
	err = httpServer.Shutdown(shutdownCtx)
	if jerr := <-jobsStopped; jerr != nil {
		logger.Error("job queue did not stop cleanly", "err", jerr)
	}
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// startNotify starts the job queue's worker: e-mail (SMTP_URL, MAIL_FROM,
// MAIL_RETRY_BASE; off without SMTP_URL), reminders and the daily summary.
func startNotify(ctx context.Context, getenv func(string) string, logger *slog.Logger, db *postgres.DB, addr string) (*notify.Client, error) {
	cfg := notify.Config{SMTPURL: getenv("SMTP_URL"), From: getenv("MAIL_FROM"), BaseURL: getenv("BASE_URL")}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://" + addr
	}
	if v := getenv("MAIL_RETRY_BASE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("MAIL_RETRY_BASE=%q: want a duration such as 30s", v)
		}
		cfg.RetryBase = d
	}
	jobs, err := notify.NewClient(db, logger, cfg)
	if err != nil {
		return nil, err
	}
	if err := jobs.Start(ctx); err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	return jobs, nil
}

const shutdownTimeout = 15 * time.Second

// devLogFile is where `make run` keeps the technical log, so the terminal
// shows the address and the demo logins, and only warnings and errors after
// them.
const devLogFile = ".data/kui.log"

// dev is what `make run` starts: with DATABASE_URL unset, a durable local
// PostgreSQL under .data/postgres, kept between runs; demo data in an empty
// database; the app on 127.0.0.1:8080.
func dev(ctx context.Context, getenv func(string) string, stdout, stderr io.Writer) error {
	if err := os.MkdirAll(filepath.Dir(devLogFile), 0o700); err != nil {
		return err
	}
	logFile, err := os.OpenFile(devLogFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	defer logFile.Close()
	logger := slog.New(slog.NewMultiHandler(
		slog.NewJSONHandler(logFile, &slog.HandlerOptions{Level: slog.LevelInfo}),
		slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}),
	))
	url := getenv("DATABASE_URL")
	if url == "" {
		dir, err := filepath.Abs(filepath.Join(".data", "postgres"))
		if err != nil {
			return err
		}
		cluster, err := pglocal.Start(ctx, pglocal.Options{Dir: dir, Durable: true, Log: stdout})
		if err != nil {
			return err
		}
		defer func() {
			fmt.Fprintln(stdout, "Stopping PostgreSQL …")
			if err := cluster.Stop(); err != nil {
				fmt.Fprintln(stdout, "PostgreSQL did not stop cleanly:", err)
			}
		}()
		if err := cluster.CreateDatabase(ctx, "kui"); err != nil {
			return err
		}
		url = cluster.URL("kui")
	}
	if err := migrate(ctx, url, logger); err != nil {
		return err
	}
	if err := seedDemoIfEmpty(ctx, url, stdout); err != nil {
		return err
	}
	// The demo identity provider, and what the server is told of it: the
	// address it must listen on (the provider's redirect URI names it) and
	// the client secret, through the environment only.
	addr, err := devAddr(getenv)
	if err != nil {
		return err
	}
	idp, err := startDemoIdP(ctx, getenv, url, addr)
	if err != nil {
		return err
	}
	defer idp.Close()
	mitid, err := startDemoMitID(ctx, getenv, url, addr)
	if err != nil {
		return err
	}
	defer mitid.Close()
	// kui's SAML key pair, made once under .data/, unless the operator
	// names their own: SAML providers configured in dev can be tried.
	samlKeyFile, samlCertFile, _, _, err := devSAMLKeyPair(".data")
	if err != nil {
		return err
	}
	// E-mail: Mailpit catches what kui sends, unless SMTP_URL names a server.
	var mailpit *devMailpit
	if getenv("SMTP_URL") == "" {
		if mailpit, err = startDevMailpit(ctx, logFile); err != nil {
			return err
		}
		if mailpit != nil {
			defer mailpit.Stop()
		}
	}
	env := getenv
	ownSAMLKey := env("KUI_SAML_KEY_FILE") != "" || env("KUI_SAML_CERT_FILE") != ""
	getenv = func(k string) string {
		switch {
		case k == "ADDR":
			return addr
		case k == demoIdPSecretEnv:
			return idp.ClientSecret
		case k == demoMitIDSecretEnv:
			return mitid.ClientSecret
		case k == "KUI_SAML_KEY_FILE" && !ownSAMLKey:
			return samlKeyFile
		case k == "KUI_SAML_CERT_FILE" && !ownSAMLKey:
			return samlCertFile
		case k == "SMTP_URL" && mailpit != nil:
			return mailpit.SMTPURL
		case k == "MAIL_FROM" && mailpit != nil && env("MAIL_FROM") == "":
			return "kui <kui@localhost>"
		}
		return env(k)
	}
	return serve(ctx, getenv, logger, url, func(addr string) {
		fmt.Fprintf(stdout, "\nkui is running on http://%s\n\n", addr)
		printDemoLogins(stdout)
		fmt.Fprintf(stdout, "Eller: Log ind via %s på http://%s/login (Demo Kommunes brugere; udbyderen kører på %s)\n",
			demoIdPName, addr, idp.Issuer)
		fmt.Fprintf(stdout, "Den unges egen kui: http://%s/ung/login (log ind via %s som en af Demo Kommunes unge; udbyderen kører på %s)\n",
			addr, demoMitIDName, mitid.Issuer)
		switch {
		case mailpit != nil:
			fmt.Fprintf(stdout, "\nE-mails fra kui: %s\n", mailpit.WebURL)
		case env("SMTP_URL") == "":
			fmt.Fprintf(stdout, "\nE-mail er slået fra (ingen SMTP_URL og ingen %s; byg den med make deps-run); se /admin/outbox\n", devMailpitBin)
		}
		fmt.Fprintf(stdout, "\nThe request log is in %s; warnings and errors also show here.\nStop with Ctrl-C.\n", devLogFile)
	})
}

func printDemoLogins(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Demo login\tRole\tMunicipality")
	for _, u := range demoUsers {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", u.Email, u.Role, u.Municipality)
	}
	tw.Flush()
	fmt.Fprintf(w, "Password for all demo logins: %s\n", demoPassword)
}

func healthcheck(ctx context.Context, getenv func(string) string) error {
	addr := getenv("ADDR")
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/healthz", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthz answered %d", resp.StatusCode)
	}
	return nil
}

func userCommand(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: kui user add|list|totp-reset")
	}
	db, err := openDB(ctx, getenv)
	if err != nil {
		return err
	}
	defer db.Close()
	switch args[0] {
	case "totp-reset":
		fs := flag.NewFlagSet("user totp-reset", flag.ContinueOnError)
		email := fs.String("email", "", "the user's e-mail")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *email == "" {
			return errors.New("kui user totp-reset: --email is required")
		}
		err := db.ResetTOTP(ctx, *email)
		if casework.Code(err) == casework.ENotFound {
			return fmt.Errorf("kui user totp-reset: no user has the e-mail %q", *email)
		}
		if err == nil {
			fmt.Fprintf(stdout, "the second factor of %s is removed: they set it up again at their next sign-in\n", *email)
		}
		return err
	case "list":
		users, err := db.ListUsers(ctx)
		if err != nil {
			return err
		}
		for _, u := range users {
			fmt.Fprintf(stdout, "%d\t%s\t%s\t%s\n", u.ID, u.Email, u.Role, u.MunicipalityName)
		}
		return nil
	case "add":
		fs := flag.NewFlagSet("user add", flag.ContinueOnError)
		form := casework.NewUserForm{}
		fs.StringVar(&form.Email, "email", "", "e-mail (login)")
		fs.StringVar(&form.Name, "name", "", "full name")
		fs.StringVar(&form.Role, "role", "", "caseworker, facilitator, coordinator or admin")
		fs.StringVar(&form.Municipality, "municipality", "", "municipality name (created when new)")
		fs.StringVar(&form.Unit, "unit", "", "unit/department (optional)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		form.Password = getenv("KUI_PASSWORD")
		if form.Password == "" {
			pw, err := io.ReadAll(io.LimitReader(stdin, 1024))
			if err != nil {
				return err
			}
			form.Password = string(trimNewline(pw))
		}
		nu, err := form.Validate()
		if err != nil {
			return fmt.Errorf("invalid user: %v", casework.FieldProblems(err))
		}
		u, err := db.CreateUser(ctx, nu)
		if err != nil {
			if problems := casework.FieldProblems(err); problems != nil {
				return fmt.Errorf("invalid user: %v", problems) // the e-mail is taken
			}
			return err
		}
		fmt.Fprintf(stdout, "%d\t%s\t%s\t%s\n", u.ID, u.Email, u.Role, u.MunicipalityName)
		return nil
	}
	return fmt.Errorf("unknown user command %q", args[0])
}

func trimNewline(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}
