// Seed copied from passes/loopcapture/testdata/fix/fix.go (standard library only).
// Package fix holds the cases whose suggested fixes are checked against
// fix.go.golden.
package fix

import (
	"database/sql"
	"sync"
)

func use(...any) {}

type hooks struct{ after []func() }

func (h *hooks) AfterCommit(f func()) { h.after = append(h.after, f) }

func simple(ids []int) {
	var u int
	for _, id := range ids {
		u = id
		go func() { use(u) }() // want `u is shared`
	}
}

// Two closures of one block share a single copy; the fixes of both merge.
func twoClosures(h *hooks, ids []int) {
	var u, v int
	for _, id := range ids {
		u, v = id, -id
		h.AfterCommit(func() { use(u, v) }) // want `u is shared` `v is shared`
		h.AfterCommit(func() { use(u) })    // want `u is shared`
	}
}

// The copy goes after the last write of the block: Scan writes both.
func scanned(rows *sql.Rows, wg *sync.WaitGroup) {
	var id int
	var email string
	for rows.Next() {
		_ = rows.Scan(&id, &email)
		use(id)
		wg.Go(func() {
			use(id, email) // want `id is shared` `email is shared`
		})
	}
}

// The closure writes the variable too: it treats n as one running state
// shared with the loop, so it is not reported (and a copy would change its
// meaning).
func writer(ids []int) {
	var n int
	for _, id := range ids {
		n = id
		go func() {
			n++
		}()
	}
}

// A later statement of the block writes the variable: no fix.
func laterWrite(h *hooks, ids []int) {
	var u int
	for _, id := range ids {
		u = id
		h.AfterCommit(func() { use(u) }) // want `u is shared`
		u = 0
	}
}

// In a nested block the copy goes at the top of that block.
func nestedBlock(h *hooks, ids []int) {
	var u int
	for _, id := range ids {
		u = id
		if id > 0 {
			h.AfterCommit(func() { use(u) }) // want `u is shared`
		}
	}
}
