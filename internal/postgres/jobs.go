package postgres

import (
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
)

// Jobs on River's durable queue, in PostgreSQL (schema river). The store
// only inserts them, in the transaction of the change that causes them
// (InsertTx), so a job exists if and only if its change committed; the
// working client that runs them is internal/notify's. Job arguments carry
// ids only: River's tables never hold a name, an address or a text.

// RiverSchema is where River's tables live (migrations 00008, 00009).
const RiverSchema = "river"

// newJobs is the store's insert-only River client: no workers, no queues,
// never started.
func newJobs(db *DB) (*river.Client[pgx.Tx], error) {
	return river.NewClient(riverpgxv5.New(db.Pool), &river.Config{Schema: RiverSchema})
}

// EmailArgs sends one row of email_outbox. Try is the administrator's
// resend count: a resend is a new job.
type EmailArgs struct {
	OutboxID int64 `json:"outbox_id" river:"unique"`
	Try      int   `json:"try" river:"unique"`
}

func (EmailArgs) Kind() string { return "email" }

func (EmailArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// RemindersArgs creates the time-dependent notifications of one hour of
// kui's clock (Hour is truncated to the hour): once, however many
// instances enqueue it.
type RemindersArgs struct {
	Hour time.Time `json:"hour" river:"unique"`
}

func (RemindersArgs) Kind() string { return "reminders" }

func (RemindersArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// DigestArgs makes the daily summaries of one day (YYYY-MM-DD, kui's
// clock, Copenhagen): once a day.
type DigestArgs struct {
	Day string `json:"day" river:"unique"`
}

func (DigestArgs) Kind() string { return "digest" }

func (DigestArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}
