package notify

import (
	"strings"
	"testing"

	"kui/internal/casework"
	"kui/internal/postgres"
)

// Every kind has its texts, at once and in the summary, and they name
// nothing but the kind, a count and kui's links.
func TestTextsForEveryKind(t *testing.T) {
	all := postgres.OutboxMail{ID: 7, UserID: 3, Kind: "digest", Counts: map[casework.Kind]int{}, Unsubscribe: map[casework.Kind]string{}}
	for i, k := range casework.Kinds {
		if _, ok := kindTexts[k]; !ok {
			t.Fatalf("no texts for %s", k)
		}
		all.Counts[k] = i + 1
		all.Unsubscribe[k] = "tok-" + string(k)
		r, err := Render("https://kui.example.dk/", postgres.OutboxMail{ID: 1, Kind: string(k),
			Counts: map[casework.Kind]int{k: 1}, Unsubscribe: map[casework.Kind]string{k: "tok"}})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(r.Subject, "kui: ") || r.Unsubscribe != "https://kui.example.dk/unsubscribe/tok" ||
			!strings.Contains(r.Text, "https://kui.example.dk/inbox") || !strings.Contains(r.HTML, `href="https://kui.example.dk/inbox"`) ||
			!strings.Contains(r.Text, kindTexts[k].what) {
			t.Errorf("%s: %+v", k, r)
		}
	}
	r, err := Render("https://kui.example.dk", all)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range casework.Kinds {
		if !strings.Contains(r.Text, "/unsubscribe/tok-"+string(k)) {
			t.Errorf("the summary has no unsubscribe link for %s", k)
		}
	}
	if !strings.Contains(r.Text, "1 overdragelse venter på dit svar") || !strings.Contains(r.Text, "2 indstillinger er afgjort") {
		t.Errorf("summary:\n%s", r.Text)
	}
	if _, err := Render("https://kui.example.dk", postgres.OutboxMail{Kind: "digest"}); err == nil {
		t.Error("an e-mail with nothing to say was rendered")
	}
}
