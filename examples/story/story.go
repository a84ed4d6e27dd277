package main

import (
	"context"
	"fmt"

	"example.com/story/ent"
)

// buggyOnCommit is the war story: activate three users in one transaction
// and, for each, register an OnCommit hook that enqueues a welcome email.
// Every hook reads the same variable u, declared before the loop, so after
// the loop has finished they all enqueue the LAST user.
func buggyOnCommit(ctx context.Context) ([]string, error) {
	client, _, err := openClient(ctx, "story_buggy")
	if err != nil {
		return nil, err
	}
	defer client.Close()

	tx, err := client.Tx(ctx)
	if err != nil {
		return nil, err
	}
	var ids []int
	for _, s := range seedUsers {
		created, err := tx.User.Create().SetName(s.name).SetEmail(s.email).Save(ctx)
		if err != nil {
			return nil, rollback(tx, err)
		}
		ids = append(ids, created.ID)
	}

	q := &queue{}
	var u *ent.User
	for _, id := range ids {
		u, err = tx.User.UpdateOneID(id).SetActive(true).Save(ctx)
		if err != nil {
			return nil, rollback(tx, err)
		}
		tx.OnCommit(func(next ent.Committer) ent.Committer {
			return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
				if err := next.Commit(ctx, tx); err != nil {
					return err
				}
				q.Enqueue(welcomeTask(u.ID)) // BUG: u is shared by all iterations; runs after the loop, sees the last user.
				return nil
			})
		})
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return q.jobs, nil
}

// rollback rolls tx back and returns err, annotated with any rollback error.
func rollback(tx *ent.Tx, err error) error {
	if rerr := tx.Rollback(); rerr != nil {
		return fmt.Errorf("%w: rolling back: %v", err, rerr)
	}
	return err
}
