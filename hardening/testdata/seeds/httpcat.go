// Seed copied from testdata/tx/httpcat/httpcat.go (standard library only).
// Package httpcat calls an HTTP API inside a transaction: reported only
// with -txenqueue.http.
package httpcat

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
)

func Notify(ctx context.Context, db *sql.DB, url string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	resp, err := http.Post(url, "text/plain", strings.NewReader("created")) // want `http.Post hands work to net/http while the transaction begun at line 13 is still open`
	if err != nil {
		return err
	}
	resp.Body.Close()
	return tx.Commit()
}
