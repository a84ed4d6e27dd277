// Package loopcapture defines an Analyzer that reports closures which run
// after their loop iteration has ended and read a variable that all
// iterations share.
//
// # Analyzer loopcapture
//
// loopcapture: report late-running closures that read a loop-shared variable
//
// A closure registered inside a loop — started with go, deferred, handed to
// errgroup.Group.Go, time.AfterFunc, t.Cleanup, an ent Tx.OnCommit hook, any
// function inferred to keep its callback, or stored in a slice, map, field or
// channel — usually runs after the loop has moved on. It reads its captured
// variables when it runs, not when it was registered. If such a variable is
// shared by all iterations (declared before the loop, or a loop variable of a
// file compiled with Go semantics older than 1.22) and the loop writes it,
// every closure sees the value of the last iteration:
//
//	var u *ent.User
//	for _, id := range ids {
//		u, _ = tx.User.UpdateOneID(id).SetActive(true).Save(ctx)
//		tx.OnCommit(func(next ent.Committer) ent.Committer {
//			return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
//				if err := next.Commit(ctx, tx); err != nil {
//					return err
//				}
//				return enqueueWelcome(u.ID) // every hook sees the last u
//			})
//		})
//	}
//
// The suggested fix declares a per-iteration copy (u := u) right before the
// statement that creates the closure, when the closure only reads the
// variable and nothing later in that block writes it.
//
// Closures that run before the call returns (sort.Slice, gorm Transaction,
// pgx BeginFunc, sync.Once.Do, t.Run without t.Parallel, an immediately
// called literal) are never reported.
package loopcapture
