package go121

// The same loops in a file without the downgrade are per-iteration.
func rangeLoop122(xs []int) {
	for i, x := range xs {
		go func() { use(i, x) }()
	}
}
