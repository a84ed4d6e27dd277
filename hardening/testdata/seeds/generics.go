// Seed written for the fuzzer: generic functions and types whose loops
// start closures that capture type-parametered variables. Standard
// library only.
package generics

import (
	"cmp"
	"context"
	"database/sql"
	"iter"
	"slices"
	"sync"
)

type Number interface {
	~int | ~int64 | ~float64
}

func use(...any) {}

func Sum[T Number](xs []T) T {
	var total, cur T
	var wg sync.WaitGroup
	for _, x := range xs {
		cur = x
		wg.Add(1)
		go func() {
			defer wg.Done()
			use(cur)
		}()
		total += x
	}
	wg.Wait()
	return total
}

type Registry[K comparable, V any] struct {
	mu    sync.Mutex
	hooks map[K]func() V
	later []func()
}

func (r *Registry[K, V]) Add(k K, f func() V) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.hooks[k] = f
}

func (r *Registry[K, V]) Defer(f func()) { r.later = append(r.later, f) }

func Fill[K cmp.Ordered, V any](r *Registry[K, V], m map[K]V) {
	var last V
	for _, k := range slices.Sorted(func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}) {
		last = m[k]
		r.Add(k, func() V { return last })
		r.Defer(func() { use(k, last) })
	}
}

func Each[T any](seq iter.Seq[T], f func(T)) {
	for v := range seq {
		f(v)
	}
}

func Collect[T any](seq iter.Seq[T]) []func() T {
	var out []func() T
	var cur T
	for v := range seq {
		cur = v
		out = append(out, func() T { return cur })
	}
	Each(seq, func(v T) { cur = v })
	return out
}

type Row[T any] struct{ Val T }

func ScanAll[T any](ctx context.Context, tx *sql.Tx, q string) ([]Row[T], error) {
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Row[T]
	var v T
	var wg sync.WaitGroup
	for rows.Next() {
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		wg.Go(func() { out = append(out, Row[T]{v}) })
	}
	wg.Wait()
	go func() { _, _ = tx.ExecContext(ctx, q) }()
	return out, rows.Err()
}

func Instantiate() {
	_ = Sum([]int{1, 2})
	_ = Sum([]float64{1})
	r := &Registry[string, int]{hooks: map[string]func() int{}}
	Fill(r, map[string]int{"a": 1})
	_ = Collect(slices.Values([]string{"x"}))
}
