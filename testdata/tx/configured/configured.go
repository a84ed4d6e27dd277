// Package configured has a home-grown database layer and queue that
// latebind knows only through configuration (see txenqueue_test.go).
package configured

// DB opens transactions.
type DB struct{}

// Tx is a home-grown transaction.
type Tx struct{}

// Begin opens a transaction.
func (*DB) Begin() *Tx { return &Tx{} }

// Commit commits it.
func (*Tx) Commit() error { return nil }

// Queue hands jobs to workers.
type Queue struct{}

// Push enqueues a job.
func (*Queue) Push(job string) {}

// PushOutbox writes the job to an outbox table in the same database.
func (*Queue) PushOutbox(tx *Tx, job string) {}

func Signup(db *DB, q *Queue) error {
	tx := db.Begin()
	q.Push("welcome")           // want `configured.Queue.Push hands work to a configured queue while the transaction begun at line 27 is still open`
	q.PushOutbox(tx, "welcome") // configured as transactional
	return tx.Commit()
}
