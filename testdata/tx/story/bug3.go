package story

import (
	"context"

	"example.com/story/ent"
	"github.com/hibiken/asynq"
)

// Bug 3: with bug 2 fixed, the hook grows a compensation: when the welcome
// task cannot be enqueued, deactivate the user again. But u was loaded
// through the transaction and still carries its driver: after next.Commit
// u.Update() runs on a committed transaction and fails ("sql: transaction
// has already been committed or rolled back").

// Bug3 deactivates the user through the committed transaction.
func Bug3(ctx context.Context, client *ent.Client, q *asynq.Client, ids []int) error {
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
					return u.Update().SetActive(false).Exec(ctx) // want `u is bound to the transaction this hook commits, and this hook uses it after next\.Commit at line 29 has ended it: call u\.Unwrap\(\) first`
				}
				return nil
			})
		})
	}
	return tx.Commit()
}
