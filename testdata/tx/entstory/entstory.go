// Package entstory enqueues around an ent transaction: before the commit
// (bug), in an OnCommit hook before next.Commit (still inside: bug), and
// after next.Commit (the fix).
package entstory

import (
	"context"
	"fmt"

	"example.com/story/ent"
	"github.com/hibiken/asynq"
)

func welcome(id int) *asynq.Task { return asynq.NewTask("welcome", []byte(fmt.Sprint(id))) }

func Activate(ctx context.Context, client *ent.Client, q *asynq.Client, id int) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	u, err := tx.User.UpdateOneID(id).SetActive(true).Save(ctx)
	if err != nil {
		return tx.Rollback()
	}
	if _, err := q.Enqueue(welcome(u.ID)); err != nil { // want `asynq.Client.Enqueue hands work to asynq while the transaction begun at line 17 is still open`
		return tx.Rollback()
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			q.Enqueue(welcome(u.ID)) // want `asynq.Client.Enqueue hands work to asynq while the transaction this hook commits is still open`
			if err := next.Commit(ctx, tx); err != nil {
				return err
			}
			_, err := q.Enqueue(welcome(u.ID)) // after next.Commit: the fix
			return err
		})
	})
	return tx.Commit()
}
