package story

import (
	"context"

	"example.com/story/ent"
	"github.com/hibiken/asynq"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
)

// Fixed1Pgx is Bug1Pgx fixed. River keeps its jobs in the same database,
// so InsertTx makes the job part of the transaction: it becomes visible to
// workers at the COMMIT, and vanishes with a rollback. asynq has no such
// API: its tasks are enqueued after the commit.
func Fixed1Pgx(ctx context.Context, pool *pgxpool.Pool, jobs *river.Client[pgx.Tx], q *asynq.Client, ids []int) error { // want Fixed1Pgx:`enqueues\(asynq\.Client\.Enqueue\)`
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	for _, id := range ids {
		if _, err := tx.Exec(ctx, "UPDATE users SET active = true WHERE id = $1", id); err != nil {
			return err
		}
		if _, err := jobs.InsertTx(ctx, tx, WelcomeArgs{UserID: id}, nil); err != nil {
			return err
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := q.Enqueue(welcomeTask(id)); err != nil {
			return err
		}
	}
	return nil
}

// Fixed1Ent is Bug1Ent fixed: the tasks are enqueued once tx.Commit has
// succeeded.
func Fixed1Ent(ctx context.Context, client *ent.Client, q *asynq.Client, ids []int) error { // want Fixed1Ent:`enqueues\(asynq\.Client\.Enqueue\)`
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	var users []*ent.User
	for _, id := range ids {
		u, err := tx.User.UpdateOneID(id).SetActive(true).Save(ctx)
		if err != nil {
			return rollback(tx, err)
		}
		users = append(users, u)
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	for _, u := range users {
		if _, err := q.Enqueue(welcomeTask(u.ID)); err != nil {
			return err
		}
	}
	return nil
}
