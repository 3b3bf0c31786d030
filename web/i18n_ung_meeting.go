package web

// UngMeetingTexts are the texts of the young person's plan, next meeting
// and team (/ung/plan, /ung/moede, /ung/team).
type UngMeetingTexts struct {
}

var danishUngMeeting = UngMeetingTexts{}
