// Package txcapture defines an Analyzer that reports code running after
// its transaction has ended that still uses the transaction or a value
// bound to it.
//
// # Analyzer txcapture
//
// txcapture: report after-commit code that still uses the finished transaction
//
// After-commit code — the part of an ent commit hook after
// next.Commit(ctx, tx), a closure handed to an after-commit hook, a
// goroutine started inside the transaction — runs when the transaction is
// over. A query through the transaction then fails (sql: transaction has
// already been committed or rolled back) or, worse, runs on whatever the
// connection is doing next:
//
//	tx.OnCommit(func(next ent.Committer) ent.Committer {
//		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
//			if err := next.Commit(ctx, tx); err != nil {
//				return err
//			}
//			posts, err := u.QueryPosts().All(ctx) // u was loaded through tx
//			...
//		})
//	})
//
// Bound values are the transaction itself (*sql.Tx, *sqlx.Tx, pgx.Tx,
// bun.Tx, the *gorm.DB of a gorm transaction, ent's *Tx), what its methods
// return from the same library (rows, statements, ent's tx clients and
// the entities they load), and what is built from it by a New constructor.
// Reading a plain field (u.ID) is fine, and so is u.Unwrap(), which ent
// provides to leave the transaction.
package txcapture
