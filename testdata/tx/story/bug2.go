package story

import (
	"context"

	"example.com/story/ent"
	"github.com/hibiken/asynq"
)

// Bug 2: the usual fix for bug 1 is to enqueue "on commit". The hook is a
// closure that runs after the loop has finished; it reads u when it runs,
// not when it was registered, and u was declared before the loop, so every
// hook enqueues the LAST user (Go 1.22's per-iteration loop variables do
// not help: u is not declared by the for clause).

// Bug2 registers an OnCommit hook per user that enqueues after next.Commit.
func Bug2(ctx context.Context, client *ent.Client, q *asynq.Client, ids []int) error {
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
		tx.OnCommit(func(next ent.Committer) ent.Committer {
			return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
				if err := next.Commit(ctx, tx); err != nil {
					return err
				}
				_, err := q.Enqueue(welcomeTask(u.ID)) // want `u is shared by all iterations and reassigned at line 24; the OnCommit hook reads it after the loop has moved on`
				return err
			})
		})
	}
	return tx.Commit()
}
