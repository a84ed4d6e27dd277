// Seed written for the fuzzer: an ent-shaped transaction (recognised by
// shape, DESIGN.md), the war story's two bugs, and a goroutine that uses
// the transaction after it ended. Standard library only.
package entshape

import (
	"context"
	"errors"
	"sync"
)

type User struct {
	ID   int
	Name string
	tx   *Tx
}

func (u *User) Unwrap() *User { u.tx = nil; return u }

type Committer interface {
	Commit(context.Context, *Tx) error
}

type CommitFunc func(context.Context, *Tx) error

func (f CommitFunc) Commit(ctx context.Context, tx *Tx) error { return f(ctx, tx) }

type CommitHook func(Committer) Committer

type Rollbacker interface {
	Rollback(context.Context, *Tx) error
}

type RollbackFunc func(context.Context, *Tx) error

func (f RollbackFunc) Rollback(ctx context.Context, tx *Tx) error { return f(ctx, tx) }

type RollbackHook func(Rollbacker) Rollbacker

type Tx struct {
	mu        sync.Mutex
	onCommit  []CommitHook
	onRollbck []RollbackHook
}

func (tx *Tx) Commit() error             { return nil }
func (tx *Tx) Rollback() error           { return nil }
func (tx *Tx) OnCommit(f CommitHook)     { tx.onCommit = append(tx.onCommit, f) }
func (tx *Tx) OnRollback(f RollbackHook) { tx.onRollbck = append(tx.onRollbck, f) }
func (tx *Tx) Save(ctx context.Context, id int) (*User, error) {
	if id < 0 {
		return nil, errors.New("bad id")
	}
	return &User{ID: id, tx: tx}, nil
}

type Client struct{}

func (c *Client) Tx(context.Context) (*Tx, error) { return &Tx{}, nil }

type Queue struct{}

func (q *Queue) Enqueue(id int) error { return nil }

func Activate(ctx context.Context, client *Client, q *Queue, ids []int) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	var u *User
	for _, id := range ids {
		u, err = tx.Save(ctx, id)
		if err != nil {
			return errors.Join(err, tx.Rollback())
		}
		q.Enqueue(u.ID)
		tx.OnCommit(func(next Committer) Committer {
			return CommitFunc(func(ctx context.Context, tx *Tx) error {
				if err := next.Commit(ctx, tx); err != nil {
					return err
				}
				_, err := tx.Save(ctx, u.ID)
				return errors.Join(err, q.Enqueue(u.ID))
			})
		})
		tx.OnRollback(func(next Rollbacker) Rollbacker {
			return RollbackFunc(func(ctx context.Context, tx *Tx) error {
				_ = u.Unwrap()
				return next.Rollback(ctx, tx)
			})
		})
	}
	go func() {
		_, _ = tx.Save(ctx, 0)
	}()
	return tx.Commit()
}
