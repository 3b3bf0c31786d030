package web

import "time"

// CalendarFeedView is the user's private calendar feed.
type CalendarFeedView struct {
	Page  Page
	Since time.Time // zero when there is no feed
	URL   string    // the new address, shown once right after it was made
}
