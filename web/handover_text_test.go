package web

import (
	"testing"

	"kui/internal/casework"
)

// TestHandoverTaskNamesWhoAsked: the receiver's task names whoever asked
// for the handover — the contact person handing over, or someone else.
func TestHandoverTaskNamesWhoAsked(t *testing.T) {
	tt := Danish.TeamT
	h := casework.Handover{FromID: 1, FromName: "Simon Socialpsykiatri", RequestedByID: 1, RequestedBy: "Simon Socialpsykiatri"}
	if got, want := handoverToMeText(tt, h, "Emil"), "Simon Socialpsykiatri vil overdrage kontaktpersonrollen for Emil til dig."; got != want {
		t.Errorf("asked by the contact person: %q, want %q", got, want)
	}
	h.RequestedByID, h.RequestedBy = 2, "Ulla Ungevejleder"
	if got, want := handoverToMeText(tt, h, "Emil"), "Ulla Ungevejleder har bedt om, at du overtager kontaktpersonrollen for Emil fra Simon Socialpsykiatri."; got != want {
		t.Errorf("asked by someone else: %q, want %q", got, want)
	}
}
