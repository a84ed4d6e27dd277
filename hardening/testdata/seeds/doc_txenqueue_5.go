// Seed copied from docs/checks/txenqueue.md, code block 5.
package example

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
)

func Notify(ctx context.Context, db *sql.DB, url string, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE users SET active = true WHERE id = $1", id); err != nil {
		return err
	}
	resp, err := http.Post(url, "text/plain", strings.NewReader("activated"))
	if err != nil {
		return err
	}
	resp.Body.Close()
	return tx.Commit()
}
