package postgres

import (
	"context"
	"crypto/rand"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

const userColumns = `u.id, u.municipality_id, m.name, u.email, u.name, u.role, coalesce(un.name, '')`

const userFrom = ` FROM users u
	JOIN municipalities m ON m.id = u.municipality_id
	LEFT JOIN units un ON un.id = u.unit_id`

func scanUser(row pgx.Row) (casework.User, error) {
	var u casework.User
	err := row.Scan(&u.ID, &u.MunicipalityID, &u.MunicipalityName, &u.Email, &u.Name, &u.Role, &u.UnitName)
	return u, err
}

// CreateUser creates an account, and its municipality and unit when they do
// not exist yet. It is the operator's way in (kui user add) and the seed's;
// nu is validated (casework.NewUserForm).
func (db *DB) CreateUser(ctx context.Context, nu casework.NewUser) (casework.User, error) {
	hash, err := casework.HashPassword(nu.Password)
	if err != nil {
		return casework.User{}, err
	}
	var id int64
	err = db.inTx(ctx, func(tx actionTx) error {
		municipalityID, err := ensureMunicipality(ctx, tx, nu.Municipality)
		if err != nil {
			return err
		}
		var unitID *int64
		if nu.Unit != "" {
			id, err := ensureUnit(ctx, tx, municipalityID, nu.Unit)
			if err != nil {
				return err
			}
			unitID = &id
		}
		return tx.QueryRow(ctx, `
			INSERT INTO users (municipality_id, email, name, role, unit_id, password_hash, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			municipalityID, nu.Email, nu.Name, nu.Role, unitID, hash, tx.now).Scan(&id)
	})
	if err != nil {
		return casework.User{}, translate(err)
	}
	return db.UserByID(ctx, id)
}

func ensureMunicipality(ctx context.Context, tx actionTx, name string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
		WITH ins AS (INSERT INTO municipalities (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id)
		SELECT id FROM ins UNION ALL SELECT id FROM municipalities WHERE name = $1`, name, tx.now).Scan(&id)
	return id, err
}

func ensureUnit(ctx context.Context, tx actionTx, municipalityID int64, name string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
		WITH ins AS (INSERT INTO units (municipality_id, name) VALUES ($1, $2) ON CONFLICT (municipality_id, name) DO NOTHING RETURNING id)
		SELECT id FROM ins UNION ALL SELECT id FROM units WHERE municipality_id = $1 AND name = $2`, municipalityID, name).Scan(&id)
	return id, err
}

// UserByID loads an active user, as the session names them.
func (db *DB) UserByID(ctx context.Context, id int64) (casework.User, error) {
	u, err := scanUser(db.Pool.QueryRow(ctx, `SELECT `+userColumns+userFrom+` WHERE u.id = $1 AND u.active`, id))
	return u, translate(err)
}

// UserForLogin finds an active account by e-mail, case-insensitively, with
// its password hash.
func (db *DB) UserForLogin(ctx context.Context, email string) (casework.User, string, error) {
	var u casework.User
	var hash string
	err := db.Pool.QueryRow(ctx, `SELECT `+userColumns+`, u.password_hash`+userFrom+`
		WHERE lower(u.email) = lower($1) AND u.active`, strings.TrimSpace(email)).
		Scan(&u.ID, &u.MunicipalityID, &u.MunicipalityName, &u.Email, &u.Name, &u.Role, &u.UnitName, &hash)
	return u, hash, translate(err)
}

// ListUsers lists every account of every municipality, for operators.
func (db *DB) ListUsers(ctx context.Context) ([]casework.User, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+userColumns+userFrom+` ORDER BY m.name, u.email`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.User, error) { return scanUser(r) })
}

// CountUsers tells whether the database has been seeded.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, err
}

// activeProfessional tells whether the user is an active professional (not
// an administrator) of the municipality.
func activeProfessional(ctx context.Context, tx actionTx, municipalityID, userID int64) (bool, error) {
	var ok bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 AND municipality_id = $2 AND active AND role <> 'admin')`,
		userID, municipalityID).Scan(&ok)
	return ok, err
}

// Login throttling (the server's auth.go decides the keys and rules).

// ThrottleRule is how failed logins of one key lock it: the Free'th failure
// locks the key for Base, and each further one (once the lock is over) for
// twice as long as the one before, up to Max. A key with no failure for
// Forget starts again from nothing.
type ThrottleRule struct {
	Key               string
	Free              int
	Base, Max, Forget time.Duration
}

// LoginLocks returns, for each of keys that is locked now, until when.
func (db *DB) LoginLocks(ctx context.Context, keys []string) (map[string]time.Time, error) {
	rows, err := db.Pool.Query(ctx, `SELECT key, locked_until FROM login_throttle WHERE key = ANY($1) AND locked_until > $2`, keys, db.now())
	if err != nil {
		return nil, err
	}
	locks := map[string]time.Time{}
	var key string
	var until time.Time
	_, err = pgx.ForEachRow(rows, []any{&key, &until}, func() error {
		locks[key] = until
		return nil
	})
	return locks, err
}

// LoginAttempt counts a login attempt against each rule's key before its
// password is checked, and tells whether it may be checked: not when any of
// the keys is locked. The count and the lock are one statement per key, in
// one transaction, so attempts sent at once cannot pass the free ones
// together; a refused attempt counts nowhere. The attempt that reaches a
// key's free count locks it (Base, doubling with each further one, up to
// Max), whatever its password: LoginSucceeded takes it back.
func (db *DB) LoginAttempt(ctx context.Context, rules ...ThrottleRule) (allowed bool, err error) {
	err = db.inTx(ctx, func(tx actionTx) error {
		for _, r := range rules {
			err := tx.QueryRow(ctx, `
				WITH k AS (SELECT $1::text AS key, $2::timestamptz AS now, $3::timestamptz AS forgotten, $4::int AS free,
				                  $5::float8 AS base, $6::float8 AS max)
				INSERT INTO login_throttle AS t (key, failures, last_failure, locked_until)
				SELECT key, 1, now, CASE WHEN free <= 1 THEN now + least(base, max) * interval '1 second' END FROM k
				ON CONFLICT (key) DO UPDATE
				   SET failures = CASE WHEN t.last_failure < $3 THEN 1 ELSE t.failures + 1 END,
				       last_failure = excluded.last_failure,
				       locked_until = CASE
				           WHEN (CASE WHEN t.last_failure < $3 THEN 1 ELSE t.failures + 1 END) >= $4
				           THEN $2 + least($5 * power(2, least((CASE WHEN t.last_failure < $3 THEN 1 ELSE t.failures + 1 END) - $4, 20)), $6) * interval '1 second'
				           ELSE t.locked_until END
				 WHERE t.locked_until IS NULL OR t.locked_until <= $2
				RETURNING t.key`,
				r.Key, tx.now, tx.now.Add(-r.Forget), r.Free, r.Base.Seconds(), r.Max.Seconds()).Scan(new(string))
			if errors.Is(err, pgx.ErrNoRows) {
				return errLoginLocked
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if errors.Is(err, errLoginLocked) {
		return false, nil
	}
	return err == nil, err
}

var errLoginLocked = errors.New("login locked")

// LoginSucceeded forgets the attempts counted under clear, and takes back
// the one this login counted under each of undo's keys (unlocking a key
// its count locked).
func (db *DB) LoginSucceeded(ctx context.Context, clear []string, undo ...ThrottleRule) error {
	return db.inTx(ctx, func(tx actionTx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM login_throttle WHERE key = ANY($1)`, clear); err != nil {
			return err
		}
		for _, r := range undo {
			if _, err := tx.Exec(ctx, `DELETE FROM login_throttle WHERE key = $1 AND failures <= 1`, r.Key); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `
				UPDATE login_throttle SET failures = failures - 1,
				       locked_until = CASE WHEN failures - 1 < $2 THEN NULL ELSE locked_until END
				 WHERE key = $1`, r.Key, r.Free); err != nil {
				return err
			}
		}
		return nil
	})
}

// ForgetLoginFailures removes the keys that are not locked and have had no
// failure for forget.
func (db *DB) ForgetLoginFailures(ctx context.Context, forget time.Duration) error {
	now := db.now()
	_, err := db.Pool.Exec(ctx, `DELETE FROM login_throttle WHERE last_failure < $1 AND (locked_until IS NULL OR locked_until <= $2)`,
		now.Add(-forget), now)
	return err
}

// DeviceKey is the key that signs device cookies: generated once, at
// first use, and shared by every instance.
func (db *DB) DeviceKey(ctx context.Context) ([]byte, error) {
	var key []byte
	err := db.inTx(ctx, func(tx actionTx) (err error) {
		key, err = serverSecret(ctx, tx, "device_cookie")
		return err
	})
	return key, err
}

// serverSecret is the secret of the given name, generated at first use and
// shared by every instance (server_secrets).
func serverSecret(ctx context.Context, tx actionTx, name string) ([]byte, error) {
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	var key []byte
	err := tx.QueryRow(ctx, `
		WITH ins AS (INSERT INTO server_secrets (name, secret, created_at) VALUES ($1, $2, $3)
		             ON CONFLICT (name) DO NOTHING RETURNING secret)
		SELECT secret FROM ins UNION ALL SELECT secret FROM server_secrets WHERE name = $1`,
		name, fresh, tx.now).Scan(&key)
	return key, err
}
