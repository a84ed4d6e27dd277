// Package sqlstory is the first bug of the story with database/sql and
// asynq: the welcome task is enqueued before the transaction commits.
package sqlstory

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/hibiken/asynq"
)

func welcomeTask(id int64) *asynq.Task {
	return asynq.NewTask("email:welcome", []byte(fmt.Sprint(id)))
}

// Buggy: the worker can pick the task up before COMMIT and not find the user.
func Activate(ctx context.Context, db *sql.DB, q *asynq.Client, ids []int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, "UPDATE users SET active = true WHERE id = $1", id); err != nil {
			return err
		}
		if _, err := q.EnqueueContext(ctx, welcomeTask(id)); err != nil { // want `asynq.Client.EnqueueContext hands work to asynq while the transaction begun at line 19 is still open`
			return err
		}
	}
	return tx.Commit()
}

// Fixed: enqueue after the commit.
func ActivateFixed(ctx context.Context, db *sql.DB, q *asynq.Client, ids []int64) error { // want ActivateFixed:`enqueues\(asynq.Client.EnqueueContext\)`
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, "UPDATE users SET active = true WHERE id = $1", id); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := q.EnqueueContext(ctx, welcomeTask(id)); err != nil {
			return err
		}
	}
	return nil
}

// Notifier hides the queue behind a method: an inferred enqueuer.
type Notifier struct{ q *asynq.Client }

// Welcome enqueues the welcome task.
func (n *Notifier) Welcome(ctx context.Context, id int64) error { // want Welcome:`enqueues\(asynq.Client.EnqueueContext\)`
	_, err := n.q.EnqueueContext(ctx, welcomeTask(id))
	return err
}

// Buggy through a helper: the message names the chain.
func Signup(ctx context.Context, db *sql.DB, n *Notifier, email string) error { // want Signup:`enqueues\(sqlstory.Notifier.Welcome → asynq.Client.EnqueueContext\)`
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	var id int64
	if err := tx.QueryRowContext(ctx, "INSERT INTO users(email) VALUES ($1) RETURNING id", email).Scan(&id); err != nil {
		tx.Rollback()
		return n.Welcome(ctx, 0) // after the rollback: not inside
	}
	if err := n.Welcome(ctx, id); err != nil { // want `sqlstory.Notifier.Welcome enqueues via asynq.Client.EnqueueContext while the transaction begun at line 69`
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// A function that receives the open transaction runs inside it.
func insertAndNotify(ctx context.Context, tx *sql.Tx, q *asynq.Client, id int64) error {
	if _, err := tx.ExecContext(ctx, "INSERT INTO audit(id) VALUES ($1)", id); err != nil {
		return err
	}
	_, err := q.Enqueue(welcomeTask(id)) // want `asynq.Client.Enqueue hands work to asynq while the transaction passed in as tx is still open`
	return err
}
