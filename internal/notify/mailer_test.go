package notify

import (
	"testing"

	gomail "github.com/wneessen/go-mail"
)

func TestParseSMTPURL(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want SMTPConfig
		bad  bool
	}{
		{in: "smtp://mail.example.dk", want: SMTPConfig{Host: "mail.example.dk", Port: 587, TLS: gomail.TLSOpportunistic}},
		{in: "smtp://mail.example.dk:25", want: SMTPConfig{Host: "mail.example.dk", Port: 25, TLS: gomail.TLSOpportunistic}},
		{in: "smtp://mail.example.dk?tls=required", want: SMTPConfig{Host: "mail.example.dk", Port: 587, TLS: gomail.TLSMandatory}},
		{in: "smtp://127.0.0.1:1025?tls=none", want: SMTPConfig{Host: "127.0.0.1", Port: 1025, TLS: gomail.NoTLS}},
		{in: "smtps://mail.example.dk", want: SMTPConfig{Host: "mail.example.dk", Port: 465, SSL: true, TLS: gomail.TLSMandatory}},
		{in: "smtps://kui:p%40ss@mail.example.dk:2465", want: SMTPConfig{Host: "mail.example.dk", Port: 2465, SSL: true,
			TLS: gomail.TLSMandatory, Username: "kui", Password: "p@ss", Auth: gomail.SMTPAuthAutoDiscover}},
		{in: "smtp://kui:pw@127.0.0.1:1025?tls=none&auth=plain", want: SMTPConfig{Host: "127.0.0.1", Port: 1025,
			TLS: gomail.NoTLS, Username: "kui", Password: "pw", Auth: gomail.SMTPAuthPlain}},
		{in: "smtp://kui:pw@h?auth=login", want: SMTPConfig{Host: "h", Port: 587, TLS: gomail.TLSOpportunistic,
			Username: "kui", Password: "pw", Auth: gomail.SMTPAuthLogin}},
		{in: "http://mail.example.dk", bad: true},
		{in: "smtp://", bad: true},
		{in: "smtp://h:0", bad: true},
		{in: "smtp://h:99999", bad: true},
		{in: "smtp://h?tls=maybe", bad: true},
		{in: "smtps://h?tls=none", bad: true},
		{in: "smtp://h?auth=plain", bad: true},
		{in: "smtp://u:p@h?auth=nonsense", bad: true},
		{in: "smtp://h?foo=bar", bad: true},
		{in: "::", bad: true},
	} {
		got, err := ParseSMTPURL(tc.in)
		if tc.bad {
			if err == nil {
				t.Errorf("%s: no error, got %+v", tc.in, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

func TestMailFromIsRequired(t *testing.T) {
	if _, err := newMailer("smtp://h", ""); err == nil {
		t.Error("no MAIL_FROM accepted")
	}
	if _, err := newMailer("smtp://h", "not an address"); err == nil {
		t.Error("a bad MAIL_FROM accepted")
	}
	if _, err := newMailer("smtp://h", "kui <kui@kommune.dk>"); err != nil {
		t.Error(err)
	}
}
