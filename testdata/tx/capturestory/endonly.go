package capturestory

import (
	"context"
	"database/sql"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
)

// CleanupRollback is the test-code form of defer tx.Rollback(): a late
// callback that only ends the transaction does not use it (rolling back a
// committed transaction is a no-op that returns sql.ErrTxDone).
func CleanupRollback(t *testing.T, db *sql.DB) {
	tx, err := db.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tx.Rollback() })
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// CleanupRollbackPgx is the same with pgx, and a transaction that is
// never committed: the cleanup is its end.
func CleanupRollbackPgx(t *testing.T, ctx context.Context, pool *pgxpool.Pool) {
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback(ctx) })
	if _, err := tx.Exec(ctx, "SELECT 1"); err != nil {
		t.Fatal(err)
	}
}

// CleanupUses still reports a late use beside the rollback.
func CleanupUses(t *testing.T, db *sql.DB) {
	tx, err := db.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = tx.Exec("DELETE FROM scratch") // want `tx is bound to the transaction begun at line 40, and the Cleanup callback may run after it has ended`
		_ = tx.Rollback()
	})
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}
