// Package notify sends kui's e-mail and runs its time-dependent jobs on
// River, the durable job queue in PostgreSQL: the working client (the
// store's client only inserts), the workers of the email, reminders and
// digest jobs, the periodic jobs that enqueue the latter two, the SMTP
// mailer (go-mail) and the e-mails' texts. River runs on the wall clock;
// everything kui stores and decides — which hour's reminders, which day's
// summary, the e-mail's Date, sent_at — comes from kui's clock, db.Now().
package notify

import (
	"context"
	"errors"
	"log/slog"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"kui/internal/postgres"
)

// Config is how kui sends e-mail.
type Config struct {
	SMTPURL   string        // SMTP_URL; empty: e-mail is off, outbox rows are marked 'off'
	From      string        // MAIL_FROM, required with SMTPURL
	BaseURL   string        // BASE_URL: the links in the e-mails, the Message-ID's host
	RetryBase time.Duration // MAIL_RETRY_BASE: the first retry's delay (default 30 s)
	// TestOnly makes River start without jitter and poll often.
	TestOnly bool
}

// DefaultRetryBase is MAIL_RETRY_BASE's default.
const DefaultRetryBase = 30 * time.Second

// maxAttempts is how often an e-mail is tried (≈ 4 h with the default base)
// before it is recorded as failed.
const maxAttempts = 12

// Client is the working River client of one kui instance.
type Client struct {
	river  *river.Client[pgx.Tx]
	logger *slog.Logger
	off    bool
}

// NewClient builds the working client on db's pool.
func NewClient(db *postgres.DB, logger *slog.Logger, cfg Config) (*Client, error) {
	sender, err := NewSender(db, cfg)
	if err != nil {
		return nil, err
	}
	if cfg.RetryBase <= 0 {
		cfg.RetryBase = DefaultRetryBase
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &EmailWorker{sender: sender, retryBase: cfg.RetryBase, logger: logger})
	river.AddWorker(workers, &RemindersWorker{db: db})
	river.AddWorker(workers, &DigestWorker{db: db})
	rc := &river.Config{
		Schema:               postgres.RiverSchema,
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 4}},
		Workers:              workers,
		PeriodicJobs:         PeriodicJobs(db.Now),
		MaxAttempts:          maxAttempts,
		JobTimeout:           time.Minute,
		RescueStuckJobsAfter: 5 * time.Minute,
		SoftStopTimeout:      10 * time.Second,
		Logger:               logger,
		TestOnly:             cfg.TestOnly,
	}
	if cfg.TestOnly {
		rc.FetchCooldown, rc.FetchPollInterval = 20*time.Millisecond, 100*time.Millisecond
	}
	c, err := river.NewClient(riverpgxv5.New(db.Pool), rc)
	if err != nil {
		return nil, err
	}
	return &Client{river: c, logger: logger, off: sender.mailer == nil}, nil
}

// Start starts working jobs until Stop. ctx's end does not stop it: stop it
// with Stop, so a send in flight finishes.
func (c *Client) Start(ctx context.Context) error {
	if c.off {
		c.logger.Warn("SMTP_URL is not set: e-mail is off; the outgoing e-mail is marked 'off' and readable at /admin/outbox")
	}
	return c.river.Start(context.WithoutCancel(ctx))
}

// Stop stops fetching jobs and waits for those running: up to
// SoftStopTimeout (10 s) they may finish, then their contexts are
// cancelled (an e-mail not yet dialling snoozes; one being sent finishes).
func (c *Client) Stop(ctx context.Context) error {
	err := c.river.Stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return c.river.StopAndCancel(context.WithoutCancel(ctx))
	}
	return err
}

// messageHost is the Message-ID's host: BASE_URL's.
func messageHost(baseURL string) string {
	if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "kui.localhost"
}
