// Package mailtest runs Mailpit, a real SMTP server with an HTTP API, for
// tests: the e-mails kui sends are read back, and Mailpit's chaos API makes
// the server refuse them with a chosen SMTP code.
package mailtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Version is the Mailpit built when KUI_MAILPIT is not set (go.mod's tool).
const Version = "v1.33.1"

// Mailpit is one running Mailpit.
type Mailpit struct {
	bin      string
	dir      string
	smtpAddr string
	httpAddr string
	cmd      *exec.Cmd
	done     chan struct{}
}

var (
	buildOnce sync.Once
	buildBin  string
	buildErr  error
)

// Binary is KUI_MAILPIT, else Mailpit built once per test binary.
func Binary() (string, error) {
	if b := os.Getenv("KUI_MAILPIT"); b != "" {
		return b, nil
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "kui-mailpit-")
		if err != nil {
			buildErr = err
			return
		}
		cmd := exec.Command("go", "install", "github.com/axllent/mailpit@"+Version)
		cmd.Env = append(os.Environ(), "GOBIN="+dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go install mailpit: %v\n%s", err, out)
			return
		}
		buildBin = filepath.Join(dir, "mailpit")
	})
	return buildBin, buildErr
}

// Start runs Mailpit on free ports with chaos enabled and waits until it is
// ready; the test's end stops it.
func Start(t testing.TB) *Mailpit {
	t.Helper()
	bin, err := Binary()
	if err != nil {
		t.Fatal(err)
	}
	m := &Mailpit{bin: bin, dir: t.TempDir(), smtpAddr: freeAddr(t), httpAddr: freeAddr(t)}
	m.start(t)
	t.Cleanup(func() { m.stop() })
	return m
}

func freeAddr(t testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func (m *Mailpit) start(t testing.TB) {
	t.Helper()
	cmd := exec.Command(m.bin, "--smtp", m.smtpAddr, "--listen", m.httpAddr,
		"--database", filepath.Join(m.dir, "mailpit.db"), "--disable-version-check", "--quiet",
		"--enable-chaos", "--smtp-auth-accept-any", "--smtp-auth-allow-insecure")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("mailpit: %v", err)
	}
	done := make(chan struct{})
	m.cmd, m.done = cmd, done
	go func() { cmd.Wait(); close(done) }()
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		resp, err := http.Get(m.URL() + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-m.done:
			t.Fatalf("mailpit exited:\n%s", out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailpit not ready within 60 s:\n%s", out.String())
		}
	}
}

func (m *Mailpit) stop() {
	if m.cmd == nil {
		return
	}
	m.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-m.done:
	case <-time.After(10 * time.Second):
		m.cmd.Process.Kill()
		<-m.done
	}
	m.cmd = nil
}

// Stop stops Mailpit: nobody listens on its SMTP port until Restart.
func (m *Mailpit) Stop(t testing.TB) { t.Helper(); m.stop() }

// Restart starts it again on the same ports and database file.
func (m *Mailpit) Restart(t testing.TB) {
	t.Helper()
	m.stop()
	m.start(t)
}

// URL is its web interface and API.
func (m *Mailpit) URL() string { return "http://" + m.httpAddr }

// SMTPAddr is its SMTP host:port.
func (m *Mailpit) SMTPAddr() string { return m.smtpAddr }

// SMTPURL is kui's SMTP_URL for it (no TLS).
func (m *Mailpit) SMTPURL() string { return "smtp://" + m.smtpAddr + "?tls=none" }

// Summary is a message in the list.
type Summary struct {
	ID        string
	MessageID string
	From      Address
	To        []Address
	Subject   string
	Snippet   string
}

// Address is a name and an address.
type Address struct{ Name, Address string }

// Message is one message read back.
type Message struct {
	ID        string
	MessageID string
	From      Address
	To        []Address
	Subject   string
	Date      time.Time
	Text      string
	HTML      string
	Headers   map[string][]string
}

// Messages lists every message, newest first.
func (m *Mailpit) Messages(t testing.TB) []Summary {
	t.Helper()
	var out struct {
		Total    int
		Messages []Summary
	}
	m.api(t, http.MethodGet, "/api/v1/messages?limit=1000", nil, &out)
	return out.Messages
}

// Message reads one message, its headers included.
func (m *Mailpit) Message(t testing.TB, id string) Message {
	t.Helper()
	var msg Message
	m.api(t, http.MethodGet, "/api/v1/message/"+id, nil, &msg)
	m.api(t, http.MethodGet, "/api/v1/message/"+id+"/headers", nil, &msg.Headers)
	return msg
}

// Chaos makes the server answer RCPT TO with code (e.g. 451, 550) with
// probability percent; 0 turns it off.
func (m *Mailpit) Chaos(t testing.TB, code, probability int) {
	t.Helper()
	body := `{"Recipient":{"ErrorCode":` + strconv.Itoa(code) + `,"Probability":` + strconv.Itoa(probability) + `}}`
	m.api(t, http.MethodPut, "/api/v1/chaos", []byte(body), nil)
}

// Clear deletes every message.
func (m *Mailpit) Clear(t testing.TB) {
	t.Helper()
	m.api(t, http.MethodDelete, "/api/v1/messages", nil, nil)
}

// WaitMessages polls until Mailpit holds n messages (60 s at most) and
// returns them.
func (m *Mailpit) WaitMessages(t testing.TB, n int) []Summary {
	t.Helper()
	var got []Summary
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if got = m.Messages(t); len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailpit holds %d messages after 60 s, want %d", len(got), n)
		}
	}
}

func (m *Mailpit) api(t testing.TB, method, path string, body []byte, out any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, m.URL()+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("mailpit %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("mailpit %s %s: %s\n%s", method, path, resp.Status, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("mailpit %s %s: %v", method, path, err)
		}
	}
}
