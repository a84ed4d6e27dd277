// Package txenqueue defines an Analyzer that reports work handed to
// another system while a database transaction is still open.
//
// # Analyzer txenqueue
//
// txenqueue: report jobs enqueued while their transaction is still open
//
// A job enqueued (River, asynq, machinery, gocraft/work), a workflow
// started (Temporal) or a message published (Kafka, NATS, RabbitMQ, Pub/Sub,
// watermill) inside a transaction reaches the other system before the
// transaction commits. A fast worker reads the rows before they are
// committed, or after they were rolled back:
//
//	tx, _ := db.BeginTx(ctx, nil)
//	id := insertUser(ctx, tx, email)
//	client.EnqueueContext(ctx, welcomeTask(id)) // the worker may run before COMMIT
//	tx.Commit()
//
// Transactions are regions: from the begin call to the commit or rollback,
// the body of a callback-style transaction (gorm Transaction, pgx
// BeginFunc, bun RunInTx, go-transaction-manager, and home-grown helpers
// inferred across packages), a function that receives the transaction, a
// gorm model hook, the code of an ent commit hook before next.Commit, and
// a callback field that a transaction body calls (arg.AfterCreate). Calls
// to functions that enqueue — directly or through other functions, across
// packages — are reported with the chain.
//
// Not reported: transactional variants (River InsertTx), calls after the
// commit, and calls in after-commit hooks after next.Commit. The fix is to
// enqueue transactionally (River: InsertTx, offered as a suggested fix
// when the transaction is in scope), from an on-commit hook, after Commit,
// or through an outbox table written in the same transaction. Outgoing
// HTTP calls are an opt-in category (-txenqueue.http).
package txenqueue
