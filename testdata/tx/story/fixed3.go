package story

import (
	"context"

	"example.com/story/ent"
	"github.com/hibiken/asynq"
)

// Fixed3 is Bug3 fixed: u.Unwrap() swaps the committed transaction's
// driver for the client's, so the compensation runs on its own.
func Fixed3(ctx context.Context, client *ent.Client, q *asynq.Client, ids []int) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		u, err := tx.User.UpdateOneID(id).SetActive(true).Save(ctx)
		if err != nil {
			return rollback(tx, err)
		}
		tx.OnCommit(func(next ent.Committer) ent.Committer {
			return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
				if err := next.Commit(ctx, tx); err != nil {
					return err
				}
				if _, err := q.Enqueue(welcomeTask(u.ID)); err != nil {
					return u.Unwrap().Update().SetActive(false).Exec(ctx)
				}
				return nil
			})
		})
	}
	return tx.Commit()
}
