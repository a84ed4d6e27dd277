package main

import (
	"context"
	"sync"

	"example.com/story/ent"
)

// fixedOnCommit is buggyOnCommit with a per-iteration copy of u, so each
// hook captures its own user.
func fixedOnCommit(ctx context.Context) ([]string, error) {
	client, _, err := openClient(ctx, "story_fixed")
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
		u := u // FIX: per-iteration copy; each hook captures its own user.
		tx.OnCommit(func(next ent.Committer) ent.Committer {
			return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
				if err := next.Commit(ctx, tx); err != nil {
					return err
				}
				q.Enqueue(welcomeTask(u.ID))
				return nil
			})
		})
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	// Hooks nest (the first registered is outermost) and each enqueues
	// after calling next, so jobs arrive in reverse registration order.
	return q.jobs, nil
}

// fixedScan is buggyScan with per-iteration copies of id and email.
func fixedScan(ctx context.Context) ([]string, error) {
	db, done, err := seedRaw(ctx, "scan_fixed")
	if err != nil {
		return nil, err
	}
	defer done()

	box := &outbox{}
	sendMail := box.send
	var wg sync.WaitGroup

	rows, err := db.QueryContext(ctx, "SELECT id, email FROM users ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var id int
	var email string
	for rows.Next() {
		if err := rows.Scan(&id, &email); err != nil {
			return nil, err
		}
		id, email := id, email // FIX: per-iteration copies.
		wg.Add(1)
		go func() {
			defer wg.Done()
			sendMail(id, email)
		}()
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	wg.Wait()
	return box.sorted(), nil
}
