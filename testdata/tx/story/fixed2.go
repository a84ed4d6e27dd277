package story

import (
	"context"

	"example.com/story/ent"
	"github.com/hibiken/asynq"
)

// Fixed2 is Bug2 fixed: a per-iteration copy of u, so each hook captures
// its own user, and the task is enqueued after next.Commit.
func Fixed2(ctx context.Context, client *ent.Client, q *asynq.Client, ids []int) error {
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
		u := u
		tx.OnCommit(func(next ent.Committer) ent.Committer {
			return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
				if err := next.Commit(ctx, tx); err != nil {
					return err
				}
				_, err := q.Enqueue(welcomeTask(u.ID))
				return err
			})
		})
	}
	return tx.Commit()
}
