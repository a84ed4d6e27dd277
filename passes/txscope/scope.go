package txscope

import (
	"fmt"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/latebind/latebind/internal/catalog"
	"github.com/latebind/latebind/internal/ssautil"
	"github.com/latebind/latebind/internal/syntax"
	"github.com/latebind/latebind/passes/callbacks"
)

// scope accumulates the regions of one package.
type scope struct {
	pass      *analysis.Pass
	k         *catalog.Knowledge
	callbacks *callbacks.Result
	inside    map[ssa.Instruction]*Region
	whole     map[*ssa.Function]*Region
	late      map[*ssa.Function]*Late
	runners   map[*ssa.Function][]int     // local Runner inference
	fields    map[*types.Var]string       // local CalledInTx inference
	regionOf  map[*ssa.Function][]*Region // regions that begin in a function
}

func newScope(pass *analysis.Pass, k *catalog.Knowledge, cb *callbacks.Result) *scope {
	return &scope{
		pass:      pass,
		k:         k,
		callbacks: cb,
		inside:    make(map[ssa.Instruction]*Region),
		whole:     make(map[*ssa.Function]*Region),
		late:      make(map[*ssa.Function]*Late),
		runners:   make(map[*ssa.Function][]int),
		fields:    make(map[*types.Var]string),
		regionOf:  make(map[*ssa.Function][]*Region),
	}
}

// base finds the regions that a function has on its own: begin/commit
// regions, a transaction parameter, a gorm hook, an ent commit hook.
func (s *scope) base(fn *ssa.Function) {
	if s.entHook(fn) {
		return
	}
	if reg := s.paramRegion(fn); reg != nil {
		s.whole[fn] = reg
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			if api, ok := txRole(s.k, call.Common()); ok && api.Role == catalog.Begin {
				s.begun(call, api)
			}
		}
	}
}

// paramRegion returns the region of a function that receives an open
// transaction as a parameter, or is a gorm model hook.
func (s *scope) paramRegion(fn *ssa.Function) *Region {
	if isGormHook(fn) {
		p := fn.Params[1]
		return &Region{Kind: Hook, Pos: fn.Pos(), Tx: p,
			Desc: fmt.Sprintf("the transaction gorm runs the %s hook in", fn.Name())}
	}
	for _, p := range fn.Params {
		if isTxType(s.k, p.Type()) && !isRecv(fn, p) {
			return &Region{Kind: Param, Pos: p.Pos(), Tx: p, TxVar: paramVar(p),
				Desc: fmt.Sprintf("the transaction passed in as %s", p.Name())}
		}
	}
	return nil
}

func isRecv(fn *ssa.Function, p *ssa.Parameter) bool {
	return fn.Signature.Recv() != nil && len(fn.Params) > 0 && fn.Params[0] == p
}

func paramVar(p *ssa.Parameter) *types.Var {
	v, _ := p.Object().(*types.Var)
	return v
}

// begun floods the region of a begin call up to the commits and rollbacks
// of the same transaction.
func (s *scope) begun(call *ssa.Call, api catalog.TxAPI) {
	tx := beginResult(call)
	line := s.pass.Fset.Position(call.Pos()).Line
	reg := &Region{Kind: Begun, Pos: syntax.CallStart(s.pass.Files, call.Pos()), Tx: tx,
		Desc: fmt.Sprintf("the transaction begun at line %d", line)}
	aliases := aliasesOf(tx)
	reg.Commit = s.commitOf(aliases)
	forward(call, func(in ssa.Instruction) bool {
		return s.ends(in, aliases)
	}, func(in ssa.Instruction) {
		if s.inside[in] == nil {
			s.inside[in] = reg
		}
	})
	s.regionOf[call.Parent()] = append(s.regionOf[call.Parent()], reg)
}

// commitOf says whether the code commits the transaction whose values are
// aliases: a Commit called on one of them, or one of them handed to other
// code (an argument, a store outside a local variable, a return), which
// may commit it; else it never commits.
func (s *scope) commitOf(aliases map[ssa.Value]bool) Commit {
	if len(aliases) == 0 {
		return MayCommit
	}
	never := true
	for v := range aliases {
		for _, ref := range *v.Referrers() {
			switch ref := ref.(type) {
			case ssa.CallInstruction: // call, defer, go
				switch s.useInCall(ref.Common(), v) {
				case Commits:
					return Commits
				case MayCommit:
					never = false
				}
			case *ssa.Store:
				if _, local := ref.Addr.(*ssa.Alloc); !local || !localOnly(ref.Addr.(*ssa.Alloc)) {
					never = false
				}
			case *ssa.ChangeType, *ssa.MakeInterface, *ssa.Phi, *ssa.ChangeInterface, *ssa.DebugRef:
				// aliases themselves, or no use
			case *ssa.BinOp, *ssa.If:
				// tx == nil
			default:
				never = false // returned, sent, put in a struct, a field taken (sqlx's embedded *sql.Tx commits), ...
			}
		}
	}
	if never {
		return NeverCommits
	}
	return MayCommit
}

// useInCall classifies a call that uses the transaction value v: a Commit
// of it (Commits), another method of it (NeverCommits: a use, a
// rollback), or v handed to the callee (MayCommit).
func (s *scope) useInCall(call *ssa.CallCommon, v ssa.Value) Commit {
	recv := call.Value
	args := call.Args
	if !call.IsInvoke() {
		if call.Signature().Recv() == nil || len(args) == 0 {
			return MayCommit
		}
		recv, args = args[0], args[1:]
	}
	if recv != v || slices.Contains(args, v) {
		return MayCommit
	}
	api, ok := txRole(s.k, call)
	if ok && api.Role == catalog.End && !isRollback(ssautil.Callee(call).Name()) {
		return Commits // Commit, or a configured end function
	}
	return NeverCommits
}

func isRollback(name string) bool {
	return strings.Contains(name, "Rollback") || strings.Contains(name, "Abort")
}

// localOnly reports whether the local variable a is only loaded, stored
// and captured by closures (whose loads are aliases too): its address is
// not handed on.
func localOnly(a *ssa.Alloc) bool {
	for _, ref := range *a.Referrers() {
		switch ref.(type) {
		case *ssa.UnOp, *ssa.Store, *ssa.MakeClosure, *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

// beginResult returns the transaction value of a begin call: the call
// itself, or the first component of its (tx, error) result.
func beginResult(call *ssa.Call) ssa.Value {
	if _, ok := call.Type().(*types.Tuple); !ok {
		return call
	}
	for _, ref := range *call.Referrers() {
		if ex, ok := ref.(*ssa.Extract); ok && ex.Index == 0 {
			return ex
		}
	}
	return nil
}

// aliasesOf returns the values that are the transaction tx: itself, its
// conversions, and loads of variables it was stored in.
func aliasesOf(tx ssa.Value) map[ssa.Value]bool {
	out := make(map[ssa.Value]bool)
	var visit func(v ssa.Value)
	visit = func(v ssa.Value) {
		if v == nil || out[v] || v.Referrers() == nil {
			return
		}
		out[v] = true
		for _, ref := range *v.Referrers() {
			switch ref := ref.(type) {
			case *ssa.ChangeType, *ssa.MakeInterface, *ssa.Phi, *ssa.ChangeInterface:
				visit(ref.(ssa.Value))
			case *ssa.Store:
				if ref.Val == v {
					visitLoads(ref.Addr, visit)
				}
			}
		}
	}
	visit(tx)
	return out
}

func visitLoads(addr ssa.Value, visit func(ssa.Value)) {
	if _, ok := addr.(*ssa.Alloc); !ok {
		return
	}
	for _, ref := range *addr.Referrers() {
		if load, ok := ref.(*ssa.UnOp); ok {
			visit(load)
		}
	}
	// Loads through closures that capture the variable.
	for _, ref := range *addr.Referrers() {
		mc, ok := ref.(*ssa.MakeClosure)
		if !ok {
			continue
		}
		fn := mc.Fn.(*ssa.Function)
		for i, b := range mc.Bindings {
			if b == addr && i < len(fn.FreeVars) {
				for _, r := range *fn.FreeVars[i].Referrers() {
					if load, ok := r.(*ssa.UnOp); ok {
						visit(load)
					}
				}
			}
		}
	}
}

// ends reports whether in commits or rolls back one of the aliases.
func (s *scope) ends(in ssa.Instruction, aliases map[ssa.Value]bool) bool {
	call, ok := in.(*ssa.Call)
	if !ok {
		return false
	}
	api, ok := txRole(s.k, call.Common())
	if !ok || api.Role != catalog.End {
		return false
	}
	recv := call.Common().Value
	if !call.Common().IsInvoke() {
		if len(call.Common().Args) == 0 {
			return false
		}
		recv = call.Common().Args[0]
	}
	return aliases[recv] || len(aliases) == 0
}

// forward visits the instructions reachable from just after start, not
// going past an instruction for which stop is true (stop instructions
// are not visited).
func forward(start ssa.Instruction, stop func(ssa.Instruction) bool, visit func(ssa.Instruction)) {
	b := start.Block()
	flood(b, slices.Index(b.Instrs, start)+1, stop, visit)
}

// flood visits the instructions reachable from b.Instrs[from], stopping
// at stop instructions.
func flood(b *ssa.BasicBlock, from int, stop func(ssa.Instruction) bool, visit func(ssa.Instruction)) {
	type item struct {
		b    *ssa.BasicBlock
		from int
	}
	seen := make(map[*ssa.BasicBlock]bool)
	work := []item{{b, from}}
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		stopped := false
		for _, in := range it.b.Instrs[it.from:] {
			if stop(in) {
				stopped = true
				break
			}
			visit(in)
		}
		if stopped {
			continue
		}
		for _, succ := range it.b.Succs {
			if !seen[succ] {
				seen[succ] = true
				work = append(work, item{succ, 0})
			}
		}
	}
}
