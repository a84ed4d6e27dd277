// Seed copied from docs/checks/txcapture.md, code block 5.
package example

import (
	"context"
	"database/sql"
	"log"
)

func Archive(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE stats SET archived = archived + 1"); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	go func() {
		if _, err := db.ExecContext(context.WithoutCancel(ctx), "UPDATE users SET archived_at = now() WHERE id = $1", id); err != nil {
			log.Print(err)
		}
	}()
	return nil
}
