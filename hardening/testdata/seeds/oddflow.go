// Seed written for the fuzzer: control flow that is unusual around loops
// and closures — labels, goto, select, switch, infinite loops, loops in
// closures in loops, method values, defers that recover, recursion.
// Standard library only.
package oddflow

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"time"
)

func use(...any) {}

type T struct{ n int }

func (t *T) M() { use(t.n) }

func labels(xs [][]int) {
	var cur int
outer:
	for _, row := range xs {
		for _, x := range row {
			cur = x
			if x < 0 {
				continue outer
			}
			if x > 100 {
				break outer
			}
			go func() { use(cur) }()
		}
	}
	i := 0
loop:
	if i < len(xs) {
		cur = i
		defer func() { use(cur) }()
		i++
		goto loop
	}
}

func selects(ctx context.Context, ch chan int, out chan func()) {
	var v int
	for {
		select {
		case <-ctx.Done():
			return
		case v = <-ch:
			out <- func() { use(v) }
		case out <- func() { use(v) }:
		}
	}
}

func methodValues(ts []T) []func() {
	var fs []func()
	var t T
	for i := range ts {
		t = ts[i]
		fs = append(fs, t.M)
		fs = append(fs, (&t).M)
		go t.M()
		defer t.M()
	}
	return fs
}

func nestedLoops(n int) {
	var a, b int
	for i := 0; i < n; i++ {
		a = i
		func() {
			for j := 0; j < n; j++ {
				b = j
				go func() { use(a, b) }()
			}
		}()
		time.AfterFunc(time.Millisecond, func() {
			for k := range n {
				use(k, a)
			}
		})
	}
}

func recovering(xs []int) (err error) {
	var cur int
	for _, x := range xs {
		cur = x
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("%v at %d", r, cur)
			}
		}()
	}
	return nil
}

func rec(n int, f func()) {
	if n == 0 {
		go f()
		return
	}
	rec(n-1, f)
}

func recursive(xs []int) {
	var cur int
	for _, x := range xs {
		cur = x
		rec(3, func() { use(cur) })
	}
}

func switches(xs []any) {
	var s string
	for _, x := range xs {
		switch v := x.(type) {
		case string:
			s = v
		case fmt.Stringer:
			s = v.String()
		default:
			continue
		}
		go func() { use(s) }()
	}
}

func parallelSubtests(t *testing.T, cases []string) {
	var name string
	for _, c := range cases {
		name = c
		t.Run(c, func(t *testing.T) {
			t.Parallel()
			use(name)
		})
	}
}

func txLoop(ctx context.Context, db *sql.DB, ids []int) error {
	var wg sync.WaitGroup
	for _, id := range ids {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		wg.Go(func() { _, _ = tx.ExecContext(ctx, "SELECT $1", id) })
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	wg.Wait()
	var rows *sql.Rows
	for range 3 {
		rows, _ = db.QueryContext(ctx, "SELECT 1")
		defer func() { rows.Close() }()
	}
	return nil
}

func infinite(ch <-chan int) {
	var v int
	for {
		v = <-ch
		go func() { use(v) }()
	}
}

func emptyLoops() {
	for {
		break
	}
	for range 0 {
	}
	for i := range 0 {
		_ = func() int { return i }
	}
}
