package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A coordination meeting has no screen: its screen address says so in
// plain Danish (404) and leads back to the meeting, for those who may see
// the meeting; to others it is the ordinary "not found".
func TestScreenOfACoordinationMeetingSaysWhy(t *testing.T) {
	t.Parallel()
	f := newMtFixture(t)
	id := mtCreateMeeting(t, f.uu, f.youthID, url.Values{"kind": {"koordinationsmoede"}, "starts_at": {isoAt(9, "10:00")}})
	for _, path := range []string{"/screen", "/screen?edit=1", "/screen/live"} {
		resp := f.uu.get(mtPath(id, path))
		mtExpect(t, path, resp, http.StatusNotFound)
		for _, want := range []string{"Koordinationsmøder vises ikke på storskærm", "vises aldrig på en storskærm", `href="/meetings/` + itoa64(id) + `"`} {
			if !strings.Contains(resp.body, want) {
				t.Errorf("%s: the page lacks %q", path, want)
			}
		}
		if strings.Contains(resp.body, "Mikkel") {
			t.Errorf("%s: the page names the young person", path)
		}
	}
	other := f.app.as("uu@b.example").get(mtPath(id, "/screen"))
	mtExpect(t, "another municipality", other, http.StatusNotFound)
	if strings.Contains(other.body, "Koordinationsmøde") || !strings.Contains(other.body, "Siden findes ikke") {
		t.Error("another municipality learns that the meeting exists")
	}
}

// A plan item whose save the database refuses as unavailable (SQLSTATE
// 57P03, as a database that is starting or stopping answers) comes back as
// typed, with the calm message and 503, on the meeting page and on the
// screen it was written on; sent again once the database answers, it is
// saved once.
func TestPlanItemNotSavedComesBackAsTyped(t *testing.T) {
	t.Parallel()
	f := newMtFixture(t)
	ctx := context.Background()
	id := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(9, "10:00")))
	if _, err := f.app.DB.Pool.Exec(ctx, `
		CREATE FUNCTION test_unavailable() RETURNS trigger LANGUAGE plpgsql AS
		$$ BEGIN RAISE EXCEPTION 'the database system is starting up' USING ERRCODE = '57P03'; END $$;
		CREATE TRIGGER test_unavailable BEFORE INSERT ON plan_items FOR EACH ROW EXECUTE FUNCTION test_unavailable();`); err != nil {
		t.Fatal(err)
	}
	const text = "Jeg skal møde op i skole hver dag"
	page := f.uu.post(mtPath(id, "/plan"), url.Values{"text": {text}, "owner": {"youth"}, "due": {iso(23)}, "goal": {"personligt"}, "token": {"tok-page"}})
	mtExpect(t, "plan item, database unavailable", page, http.StatusServiceUnavailable)
	for _, want := range []string{">" + text + "</textarea>", `data-testid="not-saved"`, "kui er midlertidigt utilgængelig", "Det blev ikke gemt — prøv igen om lidt.", `value="tok-page"`, `value="` + iso(23) + `"`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the meeting page lacks %q", want)
		}
	}
	if !strings.Contains(page.body, `value="personligt" class="form-radio" checked`) {
		t.Error("the goal chosen was not kept")
	}
	if page.header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	screen := f.uu.post(mtPath(id, "/plan"), url.Values{"text": {text}, "owner": {"youth"}, "due": {iso(23)}, "return": {"screen"}, "token": {"tok-screen"}})
	mtExpect(t, "plan item from the screen, database unavailable", screen, http.StatusServiceUnavailable)
	if !strings.Contains(screen.body, `value="`+text+`"`) || mtCount(screen.body, "not-saved") != 1 || mtCount(screen.body, "screen-plan-form") != 1 {
		t.Error("the screen did not give the text back with the message")
	}
	if _, err := f.app.DB.Pool.Exec(ctx, `DROP TRIGGER test_unavailable ON plan_items`); err != nil {
		t.Fatal(err)
	}
	again := url.Values{"text": {text}, "owner": {"youth"}, "due": {iso(23)}, "goal": {"personligt"}, "token": {"tok-page"}}
	mtExpect(t, "sent again", f.uu.post(mtPath(id, "/plan"), again), http.StatusSeeOther)
	mtExpect(t, "sent twice", f.uu.post(mtPath(id, "/plan"), again), http.StatusSeeOther)
	if n := countRows(t, f.app, `SELECT count(*) FROM plan_items WHERE meeting_id = $1`, id); n != 1 {
		t.Errorf("%d plan items, want 1", n)
	}
}

// After the meeting ends, its screen offers no writing: no form and no
// "Skriv på skærmen" link.
func TestScreenOfAnEndedMeetingOffersNoWriting(t *testing.T) {
	t.Parallel()
	f := newMtFixture(t)
	id := mtCreateMeeting(t, f.uu, f.youthID, url.Values{"kind": {"samarbejdsmoede"}, "starts_at": {isoAt(9, "10:00")}})
	if mtCount(f.uu.get(mtPath(id, "/screen")).body, "screen-edit") != 1 {
		t.Fatal("the open meeting's screen has no \"Skriv på skærmen\"")
	}
	mtExpect(t, "cancel", f.uu.post(mtPath(id, "/cancel"), nil), http.StatusSeeOther)
	for _, path := range []string{"/screen", "/screen?edit=1"} {
		body := f.uu.get(mtPath(id, path)).body
		if mtCount(body, "screen-edit") != 0 || mtCount(body, "screen-plan-form") != 0 {
			t.Errorf("%s of a cancelled meeting offers writing", path)
		}
	}
}
