// Package txscope defines an Analyzer that finds the code that runs while a
// database transaction is open, and the code that runs after it ended.
//
// # Analyzer txscope
//
// txscope: find the regions of code inside and after database transactions
//
// A transaction region is one of:
//
//   - begin/commit style (database/sql, sqlx, pgx, pgxpool, gorm Begin, bun,
//     ent's Client.Tx): from the begin call to the commit or rollback on
//     every path; a deferred Rollback does not end it;
//   - callback style (gorm Transaction, pgx BeginFunc, bun RunInTx,
//     go-transaction-manager Do, and home-grown helpers inferred as
//     Runner facts): the callback's body;
//   - a function that receives an open transaction as a parameter, and a
//     gorm model hook (AfterCreate, BeforeSave, ...);
//   - a closure stored in a struct field that a transaction body calls
//     (arg.AfterCreate(user) inside execTx): the field carries a CalledInTx
//     fact, and the closure a caller supplies for it runs inside;
//   - in an ent OnCommit hook, the code before next.Commit(ctx, tx).
//
// Closures created inside a region and called synchronously are inside
// too; closures that run later (go, registrars) are not. After-commit code
// is the code after next.Commit in an ent hook, the body of a closure
// handed to an after-commit hook, and a goroutine started inside a region.
package txscope
