// Package story is the war story of DESIGN.md told end to end with the real
// libraries: ent (example.com/story/ent, schema User{name, email, active}),
// River on pgx (river.Client[pgx.Tx] with riverpgxv5) and asynq.
//
// Each bug has its own file and its fix sits next to it:
//
//	bug1.go  fixed1.go  a job enqueued while the transaction is still open
//	bug2.go  fixed2.go  moved into OnCommit hooks that all read the last user
//	bug3.go  fixed3.go  a hook that uses a tx-bound entity after next.Commit
//
// Want comments mark every line latebind must report, and every enqueuer
// fact txenqueue exports: the package is the end-to-end fixture of
// cmd/latebind (tx_e2e_test.go) and an analysistest fixture of each check,
// where the other checks' expectations go unmatched.
package story

import (
	"fmt"
	"strconv"

	"example.com/story/ent"
	"github.com/hibiken/asynq"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
)

// WelcomeArgs is the River job that sends the welcome email.
type WelcomeArgs struct {
	UserID int `json:"user_id"`
}

// Kind names the River job.
func (WelcomeArgs) Kind() string { return "welcome" }

// welcomeTask is the asynq task that sends the welcome email.
func welcomeTask(id int) *asynq.Task {
	return asynq.NewTask("welcome", []byte(strconv.Itoa(id)))
}

// NewRiver returns a River client whose transactions are pgx.Tx.
func NewRiver(pool *pgxpool.Pool) (*river.Client[pgx.Tx], error) {
	return river.NewClient(riverpgxv5.New(pool), &river.Config{})
}

// rollback rolls tx back and returns err, annotated with any rollback error.
func rollback(tx *ent.Tx, err error) error {
	if rerr := tx.Rollback(); rerr != nil {
		return fmt.Errorf("%w: rolling back: %v", err, rerr)
	}
	return err
}
