// Package notify makes an HTTP call inside a transaction: a txenqueue
// finding only with txenqueue.http: true. It is a package of its own
// because net/http is slow to load from source: the fast tests skip it.
package notify

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
)

// Notify is reported only with txenqueue.http: true.
func Notify(ctx context.Context, db *sql.DB, url string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	resp, err := http.Post(url, "text/plain", strings.NewReader("created")) // lb:http
	if err != nil {
		return err
	}
	resp.Body.Close()
	return tx.Commit()
}
