package server_test

import (
	"net/http"
	"strings"
	"testing"
)

// The .ics ends every line in CRLF and folds lines longer than 75 octets
// (RFC 5545, 3.1).
func TestMeetingICSLinesEndInCRLF(t *testing.T) {
	f := newMtFixture(t)
	form := mtMeetingOf("samarbejdsmoede", isoAt(9, "10:00"))
	form.Set("place", "Ungdomsskolen, lokalet på første sal bag kantinen, indgang fra gården ved cykelskuret")
	id := mtCreateMeeting(t, f.uu, f.youthID, form)
	resp := f.uu.get(mtPath(id, "/calendar.ics"))
	mtExpect(t, "ics", resp, http.StatusOK)
	if !strings.HasSuffix(resp.body, "END:VCALENDAR\r\n") {
		t.Errorf("the .ics does not end in END:VCALENDAR CRLF: %q", resp.body[max(0, len(resp.body)-30):])
	}
	lines := strings.Split(strings.TrimSuffix(resp.body, "\r\n"), "\r\n")
	folded := false
	for _, l := range lines {
		if strings.Contains(l, "\n") || strings.Contains(l, "\r") {
			t.Errorf("a line ends in a bare LF or CR: %q", l)
		}
		if len(l) > 75 {
			t.Errorf("a line of %d octets: %q", len(l), l)
		}
		if strings.HasPrefix(l, " ") {
			folded = true
		}
	}
	if !folded {
		t.Error("the long location was not folded")
	}
	if body := strings.ReplaceAll(resp.body, "\r\n ", ""); !strings.Contains(body, "indgang fra gården ved cykelskuret") {
		t.Errorf("the unfolded .ics lacks the place:\n%s", body)
	}
}
