package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"kui/internal/casework"
)

// Every detail key the store writes into the audit log has a Danish label:
// the store's sources are read for the keys they use ("meeting=", " sensitive=").
func TestAuditDetailKeysAreLabelled(t *testing.T) {
	files, err := filepath.Glob("../internal/postgres/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("the store's sources: %v", err)
	}
	key := regexp.MustCompile(`" ?((?:[a-z_]+ )*[a-z_]+)="`)
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range key.FindAllStringSubmatch(string(src), -1) {
			found++
			if Danish.AuditDetails[m[1]] == "" {
				t.Errorf("%s: the audit detail key %q has no Danish label in Danish.AuditDetails", filepath.Base(f), m[1])
			}
		}
	}
	if found < 10 {
		t.Errorf("only %d audit detail keys found in the store's sources", found)
	}
}

func TestAuditDetailText(t *testing.T) {
	for _, c := range []struct {
		action casework.AuditAction
		detail string
		want   string
	}{
		{casework.AuditMeetingView, "meeting=9", "Møde nr. 9"},
		{casework.AuditMeetingCreate, "samarbejdsmoede", "Samarbejdsmøde"},
		{casework.AuditNoteCorrect, "note=12 sensitive=health corrects=7", "Notat nr. 12, følsomt: " + Danish.CaseT.SensitiveKinds["health"] + ", retter notat nr. 7"},
		{casework.AuditNoteList, "shown=3 sensitive_read=1 sensitive_withheld=2", "3 vist, 1 følsomme læst, 2 følsomme tilbageholdt"},
		{casework.AuditYouthList, "shown=4 filtered", "4 vist, med filter"},
		{casework.AuditMeetingList, "mine shown=2", "2 af egne møder vist"},
		{casework.AuditTeamAdd, "Mads Mentor", "Mads Mentor"},
	} {
		if got := AuditDetailText(&Danish, casework.AuditEntry{Action: c.action, Detail: c.detail}); got != c.want {
			t.Errorf("%s %q: %q, want %q", c.action, c.detail, got, c.want)
		}
	}
}
