package story

import (
	"context"

	"example.com/story/ent"
	"github.com/hibiken/asynq"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
)

// Bug 1: the welcome job is handed to the queue while the transaction that
// activates the user is still open. A fast worker reads the user before the
// COMMIT (it is not active yet), or after a rollback (it never was).

// Bug1Pgx activates the users in one pgx transaction and enqueues a River
// job and an asynq task for each before the commit.
func Bug1Pgx(ctx context.Context, pool *pgxpool.Pool, jobs *river.Client[pgx.Tx], q *asynq.Client, ids []int) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	for _, id := range ids {
		if _, err := tx.Exec(ctx, "UPDATE users SET active = true WHERE id = $1", id); err != nil {
			return err
		}
		if _, err := jobs.Insert(ctx, WelcomeArgs{UserID: id}, nil); err != nil { // want `river\.Client\.Insert hands work to River while the transaction begun at line 20 is still open; .*: use InsertTx with the transaction`
			return err
		}
		if _, err := q.Enqueue(welcomeTask(id)); err != nil { // want `asynq\.Client\.Enqueue hands work to asynq while the transaction begun at line 20 is still open; .*: enqueue after Commit`
			return err
		}
	}
	return tx.Commit(ctx)
}

// Bug1Ent is the story's first version: activate the users in one ent
// transaction and enqueue each welcome task before tx.Commit.
func Bug1Ent(ctx context.Context, client *ent.Client, q *asynq.Client, ids []int) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	var u *ent.User
	for _, id := range ids {
		u, err = tx.User.UpdateOneID(id).SetActive(true).Save(ctx)
		if err != nil {
			return rollback(tx, err)
		}
		if _, err := q.Enqueue(welcomeTask(u.ID)); err != nil { // want `asynq\.Client\.Enqueue hands work to asynq while the transaction begun at line 42 is still open`
			return rollback(tx, err)
		}
	}
	return tx.Commit()
}
