package negative

// dep is gorm's migrator shape (migrator.go): a struct that accumulates
// dependencies in the loop and in a deferred closure.
type dep struct{ depends []string }

// accumulate: d is one running state; the deferred closure appends to it
// too. No per-iteration value of d could have been meant.
func accumulate(names []string) dep {
	var d dep
	for _, n := range names {
		d.depends = append(d.depends, n)
		defer func() {
			d.depends = append(d.depends, n+"-late")
		}()
	}
	return d
}

// collect: the loop only appends to all; the deferred closure reads the
// whole list when the function returns, as intended.
func collect(names []string) {
	var all []string
	for _, n := range names {
		all = append(all, n)
		defer func() { use(len(all), all) }()
	}
}

// tally: the goroutine updates the shared total itself (under its own
// synchronization, elided here): it shares total on purpose.
func tally(xs []int, done chan struct{}) {
	total := 0
	for _, x := range xs {
		total = x
		go func() {
			total += 1
			use(total)
			done <- struct{}{}
		}()
	}
}

// Broker is sarama's MockBroker in small: Close waits for the handler
// goroutine, so a handler set on a broker that the same iteration closes
// has run before the loop moves on.
type Broker struct {
	handler    func() int
	stop, done chan struct{}
}

func NewBroker() *Broker {
	b := &Broker{stop: make(chan struct{}), done: make(chan struct{})}
	go func() { defer close(b.done); <-b.stop; use(b.handler) }()
	return b
}

func (b *Broker) SetHandler(h func() int) { b.handler = h }
func (b *Broker) Close()                  { close(b.stop); <-b.done }

func perIterationBroker(xs []int) {
	var cur int
	for _, x := range xs {
		cur = x
		b := NewBroker()
		b.SetHandler(func() int { return cur })
		b.Close()
	}
}
