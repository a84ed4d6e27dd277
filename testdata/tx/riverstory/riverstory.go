// Package riverstory enqueues River jobs inside pgx and database/sql
// transactions; River has a transactional insert, offered as the fix.
package riverstory

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
)

// WelcomeArgs is a River job.
type WelcomeArgs struct{ UserID int64 }

// Kind names the job.
func (WelcomeArgs) Kind() string { return "welcome" }

func Activate(ctx context.Context, pool *pgxpool.Pool, client *river.Client[pgx.Tx], id int64) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "UPDATE users SET active = true WHERE id = $1", id); err != nil {
		return err
	}
	if _, err := client.Insert(ctx, WelcomeArgs{UserID: id}, nil); err != nil { // want `river.Client.Insert hands work to River while the transaction begun at line 21 is still open; .*use InsertTx with the transaction`
		return err
	}
	_, err = client.InsertMany(ctx, []river.InsertManyParams{{Args: WelcomeArgs{UserID: id}}}) // want `river.Client.InsertMany hands work to River`
	if err != nil {
		return err
	}
	if _, err := client.InsertTx(ctx, tx, WelcomeArgs{UserID: id}, nil); err != nil { // transactional: fine
		return err
	}
	return tx.Commit(ctx)
}

// With database/sql the client's TTx is *sql.Tx.
func ActivateSQL(ctx context.Context, db *sql.DB, client *river.Client[*sql.Tx], id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := client.Insert(ctx, WelcomeArgs{UserID: id}, &river.InsertOpts{Queue: "mail"}); err != nil { // want `river.Client.Insert hands work to River`
		return err
	}
	return tx.Commit()
}

// A pgx transaction with a River client of another driver type: no fix,
// the transaction is not a TTx.
func Mismatch(ctx context.Context, pool *pgxpool.Pool, client *river.Client[*sql.Tx], id int64) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := client.Insert(ctx, WelcomeArgs{UserID: id}, nil); err != nil { // want `river.Client.Insert hands work to River`
		return err
	}
	return tx.Commit(ctx)
}

// Scratch never commits its transaction: a job inserted beside it has no
// commit to race, and moving it into the transaction would roll it back.
func Scratch(ctx context.Context, pool *pgxpool.Pool, client *river.Client[pgx.Tx]) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "SELECT 1"); err != nil {
		return err
	}
	_, err = client.Insert(ctx, WelcomeArgs{UserID: 2}, nil)
	return err
}

// HandedOn gives its transaction to a helper, which may commit it: the
// insert is reported, but no fix is offered (if the helper does not
// commit, InsertTx would roll the job back).
func HandedOn(ctx context.Context, pool *pgxpool.Pool, client *river.Client[pgx.Tx]) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := client.InsertTx(ctx, tx, WelcomeArgs{UserID: 1}, nil); err != nil {
		return err
	}
	_, err = client.Insert(ctx, WelcomeArgs{UserID: 2}, nil) // want `river.Client.Insert hands work to River while the transaction begun at line 88 is still open`
	return err
}
