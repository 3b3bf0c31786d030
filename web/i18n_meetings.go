package web

// MeetingTexts are the texts of this area; the catalogue holds them as one field.
type MeetingTexts struct {
}

var danishMeetings = MeetingTexts{}
