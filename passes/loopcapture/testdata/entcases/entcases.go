// Package entcases runs loopcapture over real ent generated code: the hook
// inside a hook of the story.
package entcases

import (
	"context"

	"example.com/story/ent"
)

func enqueue(int) error { return nil }

func activate(ctx context.Context, tx *ent.Tx, ids []int) error {
	var u *ent.User
	var err error
	for _, id := range ids {
		u, err = tx.User.UpdateOneID(id).SetActive(true).Save(ctx)
		if err != nil {
			return err
		}
		tx.OnCommit(func(next ent.Committer) ent.Committer {
			return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
				if err := next.Commit(ctx, tx); err != nil {
					return err
				}
				return enqueue(u.ID) // want `u is shared by all iterations and reassigned at line 17; the OnCommit hook reads it after the loop has moved on`
			})
		})
		tx.OnRollback(func(next ent.Rollbacker) ent.Rollbacker {
			return ent.RollbackFunc(func(ctx context.Context, tx *ent.Tx) error {
				use(u) // want `the OnRollback hook`
				return next.Rollback(ctx, tx)
			})
		})
	}
	return nil
}

func use(...any) {}

// The fixed story: a per-iteration copy.
func activateFixed(ctx context.Context, tx *ent.Tx, ids []int) error {
	var u *ent.User
	var err error
	for _, id := range ids {
		u, err = tx.User.UpdateOneID(id).SetActive(true).Save(ctx)
		if err != nil {
			return err
		}
		u := u
		tx.OnCommit(func(next ent.Committer) ent.Committer {
			return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
				if err := next.Commit(ctx, tx); err != nil {
					return err
				}
				return enqueue(u.ID)
			})
		})
	}
	return nil
}
