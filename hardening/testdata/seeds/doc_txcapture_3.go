// Seed copied from docs/checks/txcapture.md, code block 3.
package example

import (
	"context"
	"database/sql"
)

// Hooks collects callbacks to run after the transaction commits:
// AfterCommit is inferred to keep its argument.
type Hooks struct{ after []func() }

func (h *Hooks) AfterCommit(f func()) { h.after = append(h.after, f) }

func Publish(ctx context.Context, db *sql.DB, h *Hooks, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "INSERT INTO outbox(id) VALUES ($1)", id); err != nil {
		return err
	}
	h.AfterCommit(func() {
		tx.ExecContext(ctx, "DELETE FROM outbox WHERE id = $1", id)
	})
	return tx.Commit()
}
