// Package pgxstory enqueues inside pgx transactions: BeginFunc, and a
// savepoint nested in a transaction, which stays inside the outer one.
package pgxstory

import (
	"context"
	"fmt"

	"github.com/hibiken/asynq"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

func welcome(id int64) *asynq.Task { return asynq.NewTask("welcome", []byte(fmt.Sprint(id))) }

func Activate(ctx context.Context, pool *pgxpool.Pool, q *asynq.Client, id int64) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE users SET active = true WHERE id = $1", id); err != nil {
			return err
		}
		_, err := q.Enqueue(welcome(id)) // want `asynq.Client.Enqueue hands work to asynq while the transaction of pgx.BeginFunc is still open`
		return err
	})
}

func Savepoint(ctx context.Context, conn *pgx.Conn, q *asynq.Client, id int64) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	sp, err := tx.Begin(ctx)
	if err != nil {
		return err
	}
	if _, err := sp.Exec(ctx, "UPDATE users SET active = true WHERE id = $1", id); err != nil {
		return err
	}
	if err := sp.Commit(ctx); err != nil {
		return err
	}
	// The savepoint is released, the outer transaction is still open.
	if _, err := q.Enqueue(welcome(id)); err != nil { // want `asynq.Client.Enqueue hands work to asynq while the transaction begun at line 27 is still open`
		return err
	}
	return tx.Commit(ctx)
}
