package server_test

// Browser test of the view-only big screen fed by its event stream
// (screenfeed.go, live.js): the content comes in with the events, the
// facilitator's screen beside it keeps what is typed in its form, and a
// viewer taken off the team is sent away at the next change.

import (
	"net/http"
	"testing"
)

func TestBrowserScreenFedByItsStream(t *testing.T) {
	f := newMtFixture(t)
	id := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(9, "10:00")))
	b := f.app.newBrowser(t)
	b.login("mentor@a.example")

	screen := b.newTab()
	if status := screen.visit(mtPath(id, "/screen")); status != http.StatusOK {
		t.Fatalf("screen: %d", status)
	}
	screen.waitFor("the screen connects", `!document.querySelector("[data-live-status]").hidden && !document.querySelector("[data-live-status]").classList.contains("is-offline")`, mtWithin)
	if got := screen.count("#screen-live[data-live-content]"); got != 1 {
		t.Fatal("the view-only screen does not take its content from its stream")
	}

	// The facilitator writes on a screen of their own: what they type
	// stays while the meeting changes.
	edit := b.newTab()
	if status := edit.visit(mtPath(id, "/screen?edit=1")); status != http.StatusOK {
		t.Fatalf("screen to write on: %d", status)
	}
	if got := edit.count("#screen-live[data-live-content]"); got != 0 {
		t.Fatal("the screen to write on takes its content from the stream")
	}
	edit.fill("#screen-plan-text", "Jeg skriver endnu")

	mtExpect(t, "plan", f.uu.post(mtPath(id, "/plan"), mtPlanForm("Jeg skal i skole hver dag", "youth", iso(23))), http.StatusSeeOther)
	took := screen.waitFor("the plan item on the view-only screen", `document.querySelectorAll("[data-testid=screen-plan-item]").length === 1`, mtWithin)
	t.Logf("the plan item reached the view-only screen %v after the page loaded", took)
	edit.waitFor("the plan item on the screen to write on", `document.querySelectorAll("[data-testid=screen-plan-item]").length === 1`, mtWithin)
	if got := edit.value("#screen-plan-text"); got != "Jeg skriver endnu" {
		t.Errorf("the facilitator's typed text after the change: %q", got)
	}

	// Off the team: at the next change the view-only screen loads itself
	// again and finds the meeting gone.
	mtExpect(t, "remove from the team", f.uu.post(youthPath(f.youthID)+"/team/"+f.userID("mentor@a.example")+"/remove", nil), http.StatusSeeOther)
	mtExpect(t, "agenda", f.uu.post(mtPath(id, "/agenda"), map[string][]string{"text": {"Skolen"}}), http.StatusSeeOther)
	screen.waitFor("the screen of a viewer off the team goes away", `!document.querySelector("#screen-live") && document.body.textContent.includes("Siden findes ikke")`, mtWithin)
}
