// Package bunstory enqueues inside bun's RunInTx.
package bunstory

import (
	"context"
	"fmt"

	"github.com/hibiken/asynq"
	"github.com/uptrace/bun"
)

func welcome(id int64) *asynq.Task { return asynq.NewTask("welcome", []byte(fmt.Sprint(id))) }

func Activate(ctx context.Context, db *bun.DB, q *asynq.Client, id int64) error { // want Activate:`enqueues\(asynq.Client.EnqueueContext\)`
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE users SET active = true WHERE id = ?", id); err != nil {
			return err
		}
		_, err := q.EnqueueContext(ctx, welcome(id)) // want `asynq.Client.EnqueueContext hands work to asynq while the transaction of bun.DB.RunInTx is still open`
		return err
	})
	if err != nil {
		return err
	}
	_, err = q.EnqueueContext(ctx, welcome(id)) // after RunInTx returned: committed
	return err
}
