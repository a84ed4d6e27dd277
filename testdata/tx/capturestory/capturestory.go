// Package capturestory uses transactions after they have ended: in an ent
// hook after next.Commit, in a goroutine started inside the transaction,
// and in an after-commit callback.
package capturestory

import (
	"context"
	"database/sql"
	"sync"
	"time"

	"example.com/story/ent"
	"gorm.io/gorm"
)

func use(...any) {}

func EntHook(ctx context.Context, client *ent.Client, id int) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	u, err := tx.User.UpdateOneID(id).SetActive(true).Save(ctx)
	if err != nil {
		return tx.Rollback()
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			n, _ := tx.User.Query().Count(ctx) // before next.Commit: still inside, fine
			use(n, u.Update())                 // likewise
			if err := next.Commit(ctx, tx); err != nil {
				return err
			}
			use(u.ID, u.Name)                // plain fields: fine
			use(u.Unwrap().Update())         // unwrapped: fine
			use(u.Update())                  // want `u is bound to the transaction this hook commits, and this hook uses it after next.Commit at line 31 has ended it: call u.Unwrap\(\) first`
			_, err := tx.User.Get(ctx, u.ID) // want `tx is bound to the transaction this hook commits, and this hook uses it after next.Commit at line 31 has ended it`
			return err
		})
	})
	return tx.Commit()
}

func Goroutine(ctx context.Context, db *sql.DB, ids []int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "SELECT id FROM users")
	if err != nil {
		return err
	}
	n := len(ids)
	go func() {
		tx.ExecContext(ctx, "UPDATE stats SET n = $1", n) // want `tx is bound to the transaction begun at line 45, and a goroutine started inside it may run after it has ended`
		rows.Close()                                      // want `rows is bound to the transaction begun at line 45`
		use(n)                                            // a plain value: fine
	}()
	return tx.Commit()
}

// Hooks keeps after-commit callbacks.
type Hooks struct{ after []func() }

// AfterCommit is inferred as a registrar of an after-commit hook.
func (h *Hooks) AfterCommit(f func()) { h.after = append(h.after, f) }

func AfterCommitHook(ctx context.Context, db *sql.DB, h *Hooks, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	h.AfterCommit(func() {
		tx.ExecContext(ctx, "DELETE FROM outbox WHERE id = $1", id) // want `tx is bound to the transaction begun at line 70, and the AfterCommit hook runs after it has ended`
		use(id)
	})
	return tx.Commit()
}

func Gorm(db *gorm.DB) error {
	var wg sync.WaitGroup
	err := db.Transaction(func(tx *gorm.DB) error {
		wg.Go(func() {
			tx.Exec("UPDATE stats SET n = n + 1") // want `tx is bound to the transaction of gorm.DB.Transaction, and the sync.WaitGroup.Go goroutine started inside it may run after it has ended`
		})
		return nil
	})
	wg.Wait()
	return err
}

// activate loads an entity through the transaction in a helper.
func activate(ctx context.Context, tx *ent.Tx, id int) (*ent.User, error) {
	return tx.User.UpdateOneID(id).SetActive(true).Save(ctx)
}

func HelperAndSlice(ctx context.Context, client *ent.Client, id int) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	u, err := activate(ctx, tx, id)
	if err != nil {
		return tx.Rollback()
	}
	all := tx.User.Query().AllX(ctx)
	byID := map[int]*ent.User{u.ID: u}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			if err := next.Commit(ctx, tx); err != nil {
				return err
			}
			use(u.Update())          // want `u is bound to the transaction this hook commits`
			use(all[0].Update())     // want `all is bound to the transaction this hook commits`
			use(byID[id].Update())   // want `byID is bound to the transaction this hook commits`
			use(len(all), all[0].ID) // len and plain fields: fine
			return nil
		})
	})
	return tx.Commit()
}

func Timer(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	time.AfterFunc(time.Second, func() {
		tx.ExecContext(ctx, "UPDATE stats SET n = n + 1") // want `tx is bound to the transaction begun at line 126, and the time.AfterFunc callback may run after it has ended`
	})
	return tx.Commit()
}

// The goroutines are waited for before the commit: they are done with tx.
func Waited(ctx context.Context, db *sql.DB, ids []int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Go(func() {
			tx.ExecContext(ctx, "UPDATE users SET seen = true WHERE id = $1", id)
		})
	}
	wg.Wait()
	return tx.Commit()
}
