package casework

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"time"
)

// What waits for a professional ("Venter på dig"), and how they want to be
// told by e-mail. A notification names a kind of thing, the young person it
// concerns and the record to act on; it carries no text of its own, so an
// e-mail can say that something waits without saying anything personal.

// Kind is a kind of thing that waits for someone.
type Kind string

const (
	KindHandover        Kind = "handover"         // a contact-person handover to accept or decline
	KindReferralDecided Kind = "referral_decided" // a referral of theirs was decided
	KindTeamAdded       Kind = "team_added"       // they were added to a young person's team
	KindAgendaDue       Kind = "agenda_due"       // an agenda to send: send-by within 2 working days, or passed
	KindPlanDue         Kind = "plan_due"         // a plan item they own is due or overdue
	KindConsentExpiring Kind = "consent_expiring" // a consent on their young person expires within 14 days
	KindTurning18       Kind = "turning_18"       // their young person turns 18 within 90 days
	KindNoMeeting       Kind = "no_meeting"       // their young person has had no meeting for 3 months
	// Coordinators: the municipality's young people falling between chairs.
	KindChairsHandover Kind = "chairs_handover" // a handover pending more than 5 working days
	KindChairsReferral Kind = "chairs_referral" // a referral waiting for the visitation committee
	KindChairsAgenda   Kind = "chairs_agenda"   // an agenda not sent by its send-by date
)

// Kinds lists every kind, in the order the settings page offers them.
var Kinds = []Kind{
	KindHandover, KindReferralDecided, KindTeamAdded, KindAgendaDue, KindPlanDue,
	KindConsentExpiring, KindTurning18, KindNoMeeting,
	KindChairsHandover, KindChairsReferral, KindChairsAgenda,
}

// ForCoordinators tells the kinds only coordinators receive.
func (k Kind) ForCoordinators() bool {
	return k == KindChairsHandover || k == KindChairsReferral || k == KindChairsAgenda
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return oneOf(k, Kinds) }

// Delivery is how a user wants a kind by e-mail.
type Delivery string

const (
	DeliverNow   Delivery = "now"   // an e-mail at once
	DeliverDaily Delivery = "daily" // in the daily summary, 07:00 on working days
	DeliverOff   Delivery = "off"   // no e-mail; still in "Venter på dig"
)

// Deliveries lists the choices, in the order the settings page offers them.
var Deliveries = []Delivery{DeliverNow, DeliverDaily, DeliverOff}

// Valid reports whether d is a known choice.
func (d Delivery) Valid() bool { return oneOf(d, Deliveries) }

// DefaultDelivery is a kind's delivery until the user chooses: at once for
// what someone else waits on (a handover, a decided referral, an agenda to
// send), in the daily summary for the rest.
func DefaultDelivery(k Kind) Delivery {
	switch k {
	case KindHandover, KindReferralDecided, KindAgendaDue:
		return DeliverNow
	}
	return DeliverDaily
}

// Notification is one line of "Venter på dig".
type Notification struct {
	ID        int64
	Kind      Kind
	YouthID   int64
	YouthName string
	YouthBorn time.Time // to tell same-name young people apart
	SubjectID int64     // the handover, referral, meeting, plan item or consent
	Occasion  time.Time // the date that made it due; zero for events
	CreatedAt time.Time
	Read      bool
}

// Reminder thresholds.
const (
	AgendaDueWorkingDays     = 2  // an agenda shows this many working days before its send-by date
	ConsentExpiringDays      = 14 // a consent shows this many days before it expires
	Turning18Days            = 90 // a young person shows this many days before turning 18
	NoMeetingMonths          = 3  // a young person with no meeting for this long shows
	ChairsHandoverWorkingDay = 5  // a handover pending longer than this many working days shows to coordinators
)

// DigestHour is when the daily summary goes out, Copenhagen time.
const DigestHour = 7

// DigestDue tells whether the daily summary of day is due at now: at or
// after 07:00 in Copenhagen on a working day. day is now's date.
func DigestDue(now time.Time) (day time.Time, ok bool) {
	local := now.In(copenhagen)
	day = DateOf(now)
	return day, local.Hour() >= DigestHour && IsWorkingDay(day)
}

// AddWorkingDays is the date n working days after d (n ≥ 0; d itself when
// n is 0), the forward twin of AgendaSendBy.
func AddWorkingDays(d time.Time, n int) time.Time {
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; {
		d = d.AddDate(0, 0, 1)
		if IsWorkingDay(d) {
			i++
		}
	}
	return d
}

// SubtractWorkingDays is the date n working days before d.
func SubtractWorkingDays(d time.Time, n int) time.Time { return AgendaSendBy(d, n) }

// UnsubscribeToken is the key in an e-mail's unsubscribe link: the user
// and the kind, signed with the server's secret (HMAC-SHA256, 16 bytes), so
// the link works without signing in and cannot be forged for anyone else.
func UnsubscribeToken(secret []byte, userID int64, kind Kind) string {
	payload := strconv.FormatInt(userID, 10) + "." + string(kind)
	return base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + base64.RawURLEncoding.EncodeToString(unsubscribeMAC(secret, payload))
}

// ParseUnsubscribeToken checks a token made by UnsubscribeToken.
func ParseUnsubscribeToken(secret []byte, token string) (userID int64, kind Kind, ok bool) {
	p, m, found := strings.Cut(token, ".")
	if !found || len(token) > 200 {
		return 0, "", false
	}
	payload, err1 := base64.RawURLEncoding.DecodeString(p)
	mac, err2 := base64.RawURLEncoding.DecodeString(m)
	if err1 != nil || err2 != nil || !hmac.Equal(mac, unsubscribeMAC(secret, string(payload))) {
		return 0, "", false
	}
	id, k, found := strings.Cut(string(payload), ".")
	userID, err := strconv.ParseInt(id, 10, 64)
	if !found || err != nil || userID <= 0 || !Kind(k).Valid() {
		return 0, "", false
	}
	return userID, Kind(k), true
}

func unsubscribeMAC(secret []byte, payload string) []byte {
	h := hmac.New(sha256.New, secret)
	h.Write([]byte("kui-unsubscribe\x00" + payload))
	return h.Sum(nil)[:16]
}

// InboxCountCap is as far as the header's »Venter på dig« counts on every
// page; a count that reaches it is shown as »99+« (InboxCountLabel).
const InboxCountCap = 100

// InboxCountLabel is the header's count of what waits: the number, or
// »99+« from InboxCountCap on.
func InboxCountLabel(n int) string {
	if n >= InboxCountCap {
		return strconv.Itoa(InboxCountCap-1) + "+"
	}
	return strconv.Itoa(n)
}
