package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/riverqueue/river"

	"kui/internal/casework"
	"kui/internal/postgres"
)

var errNothingToSay = errors.New("nothing to say")

// Sender sends outbox rows: the body of the email job.
type Sender struct {
	db      *postgres.DB
	mailer  *mailer // nil: e-mail is off
	baseURL string
	host    string
}

// NewSender makes a sender; with cfg.SMTPURL empty, e-mail is off.
func NewSender(db *postgres.DB, cfg Config) (*Sender, error) {
	s := &Sender{db: db, baseURL: cfg.BaseURL, host: messageHost(cfg.BaseURL)}
	if cfg.SMTPURL != "" {
		m, err := newMailer(cfg.SMTPURL, cfg.From)
		if err != nil {
			return nil, err
		}
		s.mailer = m
	}
	return s, nil
}

// Send sends outbox row id (not the last attempt: a temporary failure is
// recorded as retrying). The failure, if any, is the returned
// *postgres.MailFailure.
func (s *Sender) Send(ctx context.Context, id int64) (postgres.OutboxOutcome, error) {
	outcome, failure, err := s.send(ctx, id, false)
	if err == nil && failure != nil {
		err = failure
	}
	return outcome, err
}

// send locks, re-checks, renders and sends row id. A shutdown (ctx done)
// before dialling postpones it; once dialling, the dialogue and the record
// of its result finish on their own time (context.WithoutCancel), so a
// started send always ends in a committed state.
func (s *Sender) send(ctx context.Context, id int64, giveUp bool) (postgres.OutboxOutcome, *postgres.MailFailure, error) {
	work, cancel := context.WithTimeout(context.WithoutCancel(ctx), 3*sendTimeout)
	defer cancel()
	var fn func(context.Context, postgres.OutboxMail) error
	if s.mailer != nil {
		fn = func(txCtx context.Context, m postgres.OutboxMail) error {
			if ctx.Err() != nil {
				return postgres.ErrMailPostponed
			}
			msg, err := s.message(m)
			if err != nil {
				return &postgres.MailFailure{Permanent: true, Reason: "e-mailen kunne ikke dannes"}
			}
			sendCtx, cancel := context.WithTimeout(txCtx, sendTimeout)
			defer cancel()
			return s.mailer.send(sendCtx, msg)
		}
	}
	return s.db.SendOutbox(work, id, giveUp, fn)
}

// message builds m's e-mail: plain text and HTML, unsubscribe headers,
// a Message-ID per outbox row (a resend after a crash keeps it) and the
// Date from kui's clock.
func (s *Sender) message(m postgres.OutboxMail) (*gomail.Msg, error) {
	r, err := Render(s.baseURL, m)
	if err != nil {
		return nil, err
	}
	msg := gomail.NewMsg()
	if err := msg.From(s.mailer.from); err != nil {
		return nil, err
	}
	if err := msg.To(m.To); err != nil {
		return nil, err
	}
	msg.Subject(r.Subject)
	msg.SetMessageIDWithValue("kui-" + strconv.FormatInt(m.ID, 10) + "@" + s.host)
	msg.SetDateWithValue(m.Now)
	msg.SetGenHeader(gomail.HeaderListUnsubscribe, "<"+r.Unsubscribe+">")
	msg.SetGenHeader(gomail.HeaderListUnsubscribePost, "List-Unsubscribe=One-Click")
	msg.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	msg.SetBodyString(gomail.TypeTextPlain, r.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, r.HTML)
	return msg, nil
}

// EmailWorker works the email job: it sends one outbox row, at most once.
type EmailWorker struct {
	river.WorkerDefaults[postgres.EmailArgs]
	sender    *Sender
	retryBase time.Duration
	logger    *slog.Logger
}

func (w *EmailWorker) Work(ctx context.Context, job *river.Job[postgres.EmailArgs]) error {
	outcome, failure, err := w.sender.send(ctx, job.Args.OutboxID, job.Attempt >= job.MaxAttempts)
	if err != nil {
		return err // the database: River tries again
	}
	// The technical log: the row and what happened, never an address.
	switch outcome {
	case postgres.OutboxSent, postgres.OutboxSkipped, postgres.OutboxOff:
		w.logger.Info("e-mail", "outbox", job.Args.OutboxID, "outcome", outcome)
	case postgres.OutboxRetrying, postgres.OutboxFailed:
		w.logger.Warn("e-mail", "outbox", job.Args.OutboxID, "outcome", outcome, "attempt", job.Attempt, "reason", failure.Reason)
	}
	switch outcome {
	case postgres.OutboxBusy:
		return river.JobSnooze(time.Minute) // another worker has the row
	case postgres.OutboxPostponed:
		return river.JobSnooze(0) // stopping: the next instance sends it
	case postgres.OutboxRetrying:
		return fmt.Errorf("e-mail %d: %s", job.Args.OutboxID, failure.Reason)
	case postgres.OutboxFailed:
		return river.JobCancel(fmt.Errorf("e-mail %d: %s", job.Args.OutboxID, failure.Reason))
	}
	return nil
}

// NextRetry is base·attempt², at most an hour, ±10 %.
func (w *EmailWorker) NextRetry(job *river.Job[postgres.EmailArgs]) time.Time {
	d := min(w.retryBase*time.Duration(job.Attempt*job.Attempt), time.Hour)
	d += time.Duration((rand.Float64()*0.2 - 0.1) * float64(d))
	return time.Now().Add(d)
}

// RemindersWorker works the reminders job.
type RemindersWorker struct {
	river.WorkerDefaults[postgres.RemindersArgs]
	db *postgres.DB
}

func (w *RemindersWorker) Work(ctx context.Context, job *river.Job[postgres.RemindersArgs]) error {
	_, err := w.db.RunReminders(ctx)
	return err
}

// DigestWorker works the digest job: the daily summaries of its day.
type DigestWorker struct {
	river.WorkerDefaults[postgres.DigestArgs]
	db *postgres.DB
}

func (w *DigestWorker) Work(ctx context.Context, job *river.Job[postgres.DigestArgs]) error {
	day, err := time.Parse(time.DateOnly, job.Args.Day)
	if err != nil {
		return river.JobCancel(fmt.Errorf("digest day %q: %w", job.Args.Day, err))
	}
	_, err = w.db.RunDigest(ctx, day)
	return err
}

// RemindersArgsAt is the reminders job of kui's clock's now: one per hour.
func RemindersArgsAt(now time.Time) postgres.RemindersArgs {
	return postgres.RemindersArgs{Hour: now.UTC().Truncate(time.Hour)}
}

// DigestArgsAt is the digest job due at now, if any: at or after 07:00
// Copenhagen time on a working day, one per day.
func DigestArgsAt(now time.Time) (postgres.DigestArgs, bool) {
	day, ok := casework.DigestDue(now)
	return postgres.DigestArgs{Day: day.Format(time.DateOnly)}, ok
}

// PeriodicJobs enqueue the reminders (every 15 minutes) and the digest
// (checked every 5 minutes, enqueued only when due), both also at start.
// River's scheduler only wakes them; kui's clock (now) decides what they
// are, and their unique args make each once however many instances run.
func PeriodicJobs(now func() time.Time) []*river.PeriodicJob {
	return []*river.PeriodicJob{
		river.NewPeriodicJob(river.PeriodicInterval(15*time.Minute), func() (river.JobArgs, *river.InsertOpts) {
			return RemindersArgsAt(now()), nil
		}, &river.PeriodicJobOpts{ID: "reminders", RunOnStart: true}),
		river.NewPeriodicJob(river.PeriodicInterval(5*time.Minute), func() (river.JobArgs, *river.InsertOpts) {
			args, ok := DigestArgsAt(now())
			if !ok {
				return nil, nil
			}
			return args, nil
		}, &river.PeriodicJobOpts{ID: "digest", RunOnStart: true}),
	}
}
