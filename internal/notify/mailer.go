package notify

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"kui/internal/postgres"
)

// sendTimeout bounds one SMTP dialogue: dial, hello, TLS, auth, the message.
const sendTimeout = 8 * time.Second

// SMTPConfig is SMTP_URL, parsed.
type SMTPConfig struct {
	Host     string
	Port     int
	SSL      bool // smtps: implicit TLS
	TLS      gomail.TLSPolicy
	Username string
	Password string
	Auth     gomail.SMTPAuthType // empty: no authentication
}

// ParseSMTPURL reads SMTP_URL: smtp://[user:pass@]host[:port] (STARTTLS when
// the server offers it; ?tls=required insists on it, ?tls=none never uses
// it, for a local catcher) or smtps://[user:pass@]host[:port] (implicit
// TLS). With a user, ?auth=plain|login|cram-md5|scram-sha-256… names the
// mechanism (default: the best the server offers over TLS).
func ParseSMTPURL(raw string) (SMTPConfig, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return SMTPConfig{}, errors.New("SMTP_URL is not a URL")
	}
	var c SMTPConfig
	switch u.Scheme {
	case "smtp":
		c.Port, c.TLS = 587, gomail.TLSOpportunistic
	case "smtps":
		c.Port, c.TLS, c.SSL = 465, gomail.TLSMandatory, true
	default:
		return SMTPConfig{}, fmt.Errorf("SMTP_URL: scheme %q, want smtp:// or smtps://", u.Scheme)
	}
	c.Host = u.Hostname()
	if c.Host == "" {
		return SMTPConfig{}, errors.New("SMTP_URL: no host")
	}
	if p := u.Port(); p != "" {
		if c.Port, err = strconv.Atoi(p); err != nil || c.Port <= 0 || c.Port > 65535 {
			return SMTPConfig{}, fmt.Errorf("SMTP_URL: port %q", p)
		}
	}
	q := u.Query()
	for k := range q {
		if k != "tls" && k != "auth" {
			return SMTPConfig{}, fmt.Errorf("SMTP_URL: unknown parameter %q (tls, auth)", k)
		}
	}
	switch q.Get("tls") {
	case "":
	case "required":
		c.TLS = gomail.TLSMandatory
	case "none":
		if c.SSL {
			return SMTPConfig{}, errors.New("SMTP_URL: smtps:// is always TLS; use smtp://…?tls=none")
		}
		c.TLS = gomail.NoTLS
	default:
		return SMTPConfig{}, fmt.Errorf("SMTP_URL: tls=%q, want required or none", q.Get("tls"))
	}
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
		c.Auth = gomail.SMTPAuthAutoDiscover
		if a := q.Get("auth"); a != "" {
			if err := c.Auth.UnmarshalString(a); err != nil {
				return SMTPConfig{}, fmt.Errorf("SMTP_URL: auth=%q: %v", a, err)
			}
		}
	} else if q.Get("auth") != "" {
		return SMTPConfig{}, errors.New("SMTP_URL: auth without a user")
	}
	return c, nil
}

// mailer sends one message per dialogue.
type mailer struct {
	smtp SMTPConfig
	from string
}

func newMailer(smtpURL, from string) (*mailer, error) {
	c, err := ParseSMTPURL(smtpURL)
	if err != nil {
		return nil, err
	}
	if from == "" {
		return nil, errors.New("MAIL_FROM is not set (e.g. kui <kui@kommune.dk>)")
	}
	if _, err := mail.ParseAddress(from); err != nil {
		return nil, fmt.Errorf("MAIL_FROM=%q is not an address", from)
	}
	return &mailer{smtp: c, from: from}, nil
}

func (m *mailer) client() (*gomail.Client, error) {
	opts := []gomail.Option{gomail.WithPort(m.smtp.Port), gomail.WithTLSPolicy(m.smtp.TLS), gomail.WithTimeout(sendTimeout)}
	if m.smtp.SSL {
		opts = append(opts, gomail.WithSSL())
	}
	if m.smtp.Auth != "" {
		opts = append(opts, gomail.WithSMTPAuth(m.smtp.Auth), gomail.WithUsername(m.smtp.Username),
			gomail.WithPassword(m.smtp.Password))
	}
	return gomail.NewClient(m.smtp.Host, opts...)
}

// send sends msg. A failure is a *postgres.MailFailure: permanent exactly
// when the server answered 5xx; its reason carries no address.
func (m *mailer) send(ctx context.Context, msg *gomail.Msg) error {
	c, err := m.client()
	if err != nil {
		return &postgres.MailFailure{Permanent: true, Reason: "SMTP_URL kan ikke bruges"}
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return classify(err)
	}
	return nil
}

// classify turns go-mail's error into what the outbox records: the SMTP
// code and the step, never the error's text (it names the recipient).
func classify(err error) *postgres.MailFailure {
	if se, ok := errors.AsType[*gomail.SendError](err); ok {
		code := se.ErrorCode()
		if code != 0 {
			return &postgres.MailFailure{Permanent: code >= 500 && code <= 599, Reason: fmt.Sprintf("%d %s", code, se.Reason)}
		}
		return &postgres.MailFailure{Reason: se.Reason.String()}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &postgres.MailFailure{Reason: "SMTP-serveren svarede ikke i tide"}
	}
	if strings.Contains(err.Error(), "dial") {
		return &postgres.MailFailure{Reason: "forbindelsen til SMTP-serveren mislykkedes"}
	}
	return &postgres.MailFailure{Reason: "afsendelsen mislykkedes"}
}
