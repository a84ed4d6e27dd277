// Package loops finds the natural loops of an SSA function. go/ssa has no
// loop API: a loop is found from a back edge (an edge whose target
// dominates its source) and holds every block that reaches the edge's
// source without passing through its header.
package loops

import "golang.org/x/tools/go/ssa"

// A Loop is a natural loop: its header and the blocks of its body (the
// header included). Loops that share a header are merged.
type Loop struct {
	Header *ssa.BasicBlock
	blocks map[int]bool // by BasicBlock.Index: a loop costs its own size, not the function's
	whole  bool         // every block of the function (a range-over-func body)
	walk   *walk        // shared by the loops of one function
}

// walk is the reusable state of Iterates' search, shared by the loops of
// one function: a block is seen when its mark equals gen, so that a search
// allocates nothing after the first.
type walk struct {
	mark  []uint32
	gen   uint32
	stack []*ssa.BasicBlock
}

// Contains reports whether b belongs to the loop.
func (l *Loop) Contains(b *ssa.BasicBlock) bool {
	if b.Parent() != l.Header.Parent() {
		return false
	}
	if l.whole {
		return true
	}
	return l.blocks[b.Index]
}

// Iterates reports whether control can flow from just after instr to the
// start of another iteration of the loop without leaving it and without
// passing an instruction for which barrier returns true.
func (l *Loop) Iterates(instr ssa.Instruction, barrier func(ssa.Instruction) bool) bool {
	b := instr.Block()
	rest := b.Instrs[slicesIndex(b.Instrs, instr)+1:]
	if hasBarrier(rest, barrier) {
		return false
	}
	if l.whole {
		return true
	}
	w := l.walk
	w.gen++
	w.stack = append(w.stack[:0], b)
	for len(w.stack) > 0 {
		cur := w.stack[len(w.stack)-1]
		w.stack = w.stack[:len(w.stack)-1]
		for _, succ := range cur.Succs {
			if succ == l.Header {
				return true
			}
			if l.Contains(succ) && w.mark[succ.Index] != w.gen && !hasBarrier(succ.Instrs, barrier) {
				w.mark[succ.Index] = w.gen
				w.stack = append(w.stack, succ)
			}
		}
	}
	return false
}

func hasBarrier(instrs []ssa.Instruction, barrier func(ssa.Instruction) bool) bool {
	for _, in := range instrs {
		if barrier(in) {
			return true
		}
	}
	return false
}

func slicesIndex(instrs []ssa.Instruction, instr ssa.Instruction) int {
	for i, in := range instrs {
		if in == instr {
			return i
		}
	}
	return len(instrs) - 1
}

// Find returns the natural loops of fn, in no particular order. The body of a range-over-func loop is a synthetic yield function
// that the iterator calls once per iteration: Find returns it as a single
// loop spanning the whole function.
func Find(fn *ssa.Function) []*Loop {
	var loops []*Loop
	if fn.Synthetic == "range-over-func yield" && len(fn.Blocks) > 0 {
		loops = append(loops, &Loop{Header: fn.Blocks[0], whole: true})
	}
	w := &walk{mark: make([]uint32, len(fn.Blocks))}
	byHeader := make(map[*ssa.BasicBlock]*Loop)
	for _, b := range fn.Blocks {
		for _, h := range b.Succs {
			if !h.Dominates(b) {
				continue
			}
			l := byHeader[h]
			if l == nil {
				l = &Loop{Header: h, blocks: make(map[int]bool), walk: w}
				byHeader[h] = l
				loops = append(loops, l)
			}
			l.addBody(b)
		}
	}
	return loops
}

// addBody adds the blocks that reach latch without passing the header.
func (l *Loop) addBody(latch *ssa.BasicBlock) {
	l.blocks[l.Header.Index] = true
	stack := []*ssa.BasicBlock{latch}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if l.blocks[b.Index] {
			continue
		}
		l.blocks[b.Index] = true
		stack = append(stack, b.Preds...)
	}
}

// Size is the number of blocks in the loop; a loop nested in another is
// smaller than it.
func (l *Loop) Size() int {
	if l.whole {
		return len(l.Header.Parent().Blocks) + 1
	}
	return len(l.blocks)
}
