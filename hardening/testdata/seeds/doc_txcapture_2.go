// Seed copied from docs/checks/txcapture.md, code block 2.
package example

import (
	"context"
	"database/sql"
)

func Archive(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "SELECT id FROM orders WHERE user_id = $1", id)
	if err != nil {
		return err
	}
	go func() {
		defer rows.Close()
		tx.ExecContext(ctx, "UPDATE stats SET archived = archived + 1")
	}()
	return tx.Commit()
}
