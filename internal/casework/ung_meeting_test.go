package casework

import (
	"strings"
	"testing"
)

func TestValidateYouthTopic(t *testing.T) {
	for text, want := range map[string]Problem{
		"  Min praktik  ":        "",
		"":                       ProblemRequired,
		"   ":                    ProblemRequired,
		strings.Repeat("æ", 500): "",
		strings.Repeat("æ", 501): ProblemTooLong,
		"a\x00b":                 ProblemUnstorableText,
	} {
		got, err := ValidateYouthTopic(text)
		if p := FieldProblems(err)["text"]; p != want {
			t.Errorf("ValidateYouthTopic(%.20q): problem %q, want %q", text, p, want)
		}
		if want == "" && got != strings.TrimSpace(text) {
			t.Errorf("ValidateYouthTopic(%.20q) = %q, want it trimmed", text, got)
		}
	}
}

func TestValidateWorkPhone(t *testing.T) {
	for phone, want := range map[string]Problem{
		"":                      "",
		" +45 12 34 56 78 ":     "",
		"12345678":              "",
		"ring til mig":          ProblemPhoneFormat,
		"12-34-56-78":           ProblemPhoneFormat,
		strings.Repeat("1", 40): "",
		strings.Repeat("1", 41): ProblemTooLong,
		"<script>":              ProblemPhoneFormat,
	} {
		_, err := ValidateWorkPhone(phone)
		if p := FieldProblems(err)["work_phone"]; p != want {
			t.Errorf("ValidateWorkPhone(%q): problem %q, want %q", phone, p, want)
		}
	}
}
