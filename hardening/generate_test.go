package hardening

import (
	"bytes"
	"fmt"
	"go/format"
	"strings"
)

// A program generator for FuzzGenerated. Byte-level mutation of Go source
// (FuzzAnalyze) mostly produces code that does not type-check; here every
// byte string is a sequence of choices that builds a well-typed function
// full of loops, closures handed to every kind of consumer latebind knows,
// writes, labels, gotos, selects, switches and transactions. A program
// that does not type-check is a bug of the generator.

// genHeader declares what generated bodies use.
const genHeader = `package gen

import (
	"context"
	"database/sql"
	"sort"
	"sync"
	"testing"
	"time"
)

func use(...any) {}

type store struct {
	fns []func()
	m   map[int]func()
	ch  chan func()
	f   func()
}

type counter struct{ n int }

func (c *counter) incr()   { c.n++ }
func (c counter) get() int { return c.n }

type hooks struct{ after []func() }

func (h *hooks) AfterCommit(f func()) { h.after = append(h.after, f) }

// keep is inferred to keep its callback; call to call it at once.
func keep(f func()) { go f() }
func call(f func()) { f() }

var _ = sort.Ints
var _ = time.Now
`

// genScope is what a statement may use where it is generated.
type genScope struct {
	vars    []string // readable int variables
	loops   int      // enclosing loops of the current function (break/continue)
	labels  []string // labels of enclosing loops of the current function
	depth   int
	inLit   bool // inside a function literal
	noDecl  bool // no declarations at this block level (a goto jumps over it)
	newLoop bool // go1.21 file: no range-over-func, no range over int
}

type gen struct {
	data   []byte
	pos    int
	b      bytes.Buffer
	indent int
	n      int // statements generated
	names  int // fresh names
	old    bool
}

// choose returns a choice in [0, n): the next input byte, or 0 when the
// input is used up (which ends lists and picks the simplest form).
func (g *gen) choose(n int) int {
	if g.pos >= len(g.data) {
		return 0
	}
	c := int(g.data[g.pos]) % n
	g.pos++
	return c
}

func (g *gen) fresh(prefix string) string {
	g.names++
	return fmt.Sprintf("%s%d", prefix, g.names)
}

func (g *gen) line(format string, args ...any) {
	g.b.WriteString(strings.Repeat("\t", g.indent))
	fmt.Fprintf(&g.b, format, args...)
	g.b.WriteByte('\n')
}

// generate returns a gofmt-formatted file for data.
func generate(data []byte) string {
	g := &gen{data: data}
	if g.choose(4) == 1 {
		g.old = true
		g.b.WriteString("//go:build go1.21\n\n")
	}
	g.b.WriteString(genHeader)
	g.b.WriteString("\nfunc F(ctx context.Context, db *sql.DB, t *testing.T, s *store, h *hooks, xs []int, seq func(func(int) bool)) {\n")
	g.indent = 1
	g.line("var a, b, c int")
	g.line("var cn counter")
	g.line("var wg sync.WaitGroup")
	g.line("var tx *sql.Tx")
	sc := genScope{vars: []string{"a", "b", "c"}, newLoop: !g.old}
	g.stmts(sc, 12)
	g.line("use(a, b, c, cn, tx)")
	g.line("wg.Wait()")
	g.b.WriteString("}\n")
	src, err := format.Source(g.b.Bytes())
	if err != nil {
		return g.b.String() // the caller reports it
	}
	return string(src)
}

// stmts generates up to max statements, fewer when the input says so.
func (g *gen) stmts(sc genScope, max int) {
	for range max {
		if g.n > 120 || g.choose(5) == 0 {
			return
		}
		g.n++
		g.stmt(&sc)
	}
}

func (g *gen) pick(vars []string) string { return vars[g.choose(len(vars))] }

func (g *gen) stmt(sc *genScope) {
	nested := sc.depth < 5
	switch k := g.choose(16); {
	case k == 0 && nested:
		g.loop(*sc)
	case k == 1:
		g.write(sc)
	case k == 2 || k == 3:
		g.closure(*sc)
	case k == 4 && nested:
		g.ifStmt(*sc)
	case k == 5 && sc.loops > 0:
		g.branch(sc)
	case k == 6 && !sc.noDecl:
		d := g.fresh("d")
		g.line("%s := %s", d, g.pick(sc.vars))
		g.line("use(%s)", d)
		sc.vars = append(sc.vars, d)
	case k == 7 && nested && !sc.noDecl:
		g.forwardGoto(*sc)
	case k == 8 && nested:
		g.selectStmt(*sc)
	case k == 9 && nested:
		g.switchStmt(*sc)
	case k == 10:
		g.tx(sc)
	case k == 11 && nested:
		g.scan(*sc)
	case k == 12:
		g.line("cn.incr()")
	default:
		g.line("use(%s)", g.pick(sc.vars))
	}
}

// write assigns one of the shared variables.
func (g *gen) write(sc *genScope) {
	v, from := g.pick([]string{"a", "b", "c"}), g.pick(sc.vars)
	switch g.choose(4) {
	case 0:
		g.line("%s = %s", v, from)
	case 1:
		g.line("%s++", v)
	case 2:
		g.line("cn = counter{n: %s}", from)
	default:
		g.line("%s, %s = %s, %s", v, g.pick([]string{"a", "b", "c"}), from, from)
	}
}

func (g *gen) body(sc genScope, max int) {
	sc.depth++
	sc.noDecl = false
	g.indent++
	g.stmts(sc, max)
	g.indent--
}

// loop generates one loop, maybe labeled, whose body starts by using its
// variable.
func (g *gen) loop(sc genScope) {
	label := ""
	if g.choose(3) == 0 {
		label = g.fresh("L")
		g.line("%s:", label)
	}
	x := g.fresh("x")
	kinds := 6
	if sc.newLoop {
		kinds = 8
	}
	switch g.choose(kinds) {
	case 0:
		g.line("for _, %s := range xs {", x)
	case 1:
		g.line("for %s := 0; %s < len(xs); %s++ {", x, x, x)
	case 2:
		g.line("for %s, _ := range xs {", x)
	case 3:
		v := g.pick([]string{"a", "b", "c"})
		g.line("for _, %s = range xs {", v)
		x = v
	case 4:
		g.line("for %s := len(xs); %s > 0; {", x, x)
		g.line("\t%s--", x)
	case 5:
		g.line("for %s := range xs {", x)
	case 6:
		g.line("for %s := range seq {", x)
	default:
		g.line("for %s := range 3 {", x)
	}
	g.line("\tuse(%s)", x)
	sc.loops++
	sc.vars = append(sc.vars, x)
	if label != "" {
		sc.labels = append(sc.labels, label)
	}
	g.body(sc, 8)
	if label != "" {
		g.line("\tif a > 100 {")
		g.line("\t\tcontinue %s", label)
		g.line("\t}")
	}
	g.line("}")
}

// consumers of a closure, by how they run it: later, or before they return.
var genConsumers = []string{
	"go %s()",
	"defer %s()",
	"s.fns = append(s.fns, %s)",
	"s.m[a] = %s",
	"s.ch <- %s",
	"s.f = %s",
	"h.AfterCommit(%s)",
	"keep(%s)",
	"call(%s)",
	"%s()",
	"wg.Go(%s)",
	"time.AfterFunc(time.Second, %s)",
	"t.Cleanup(%s)",
	"context.AfterFunc(ctx, %s)",
	"use([]func(){%s})",
}

// closure hands a function literal to a consumer; its body reads
// variables and may nest loops and closures of its own.
func (g *gen) closure(sc genScope) {
	lit := g.literal(sc)
	switch k := g.choose(len(genConsumers) + 3); {
	case k < len(genConsumers):
		g.line(genConsumers[k], lit)
	case k == len(genConsumers):
		g.line("t.Run(\"sub\", func(t *testing.T) {")
		g.line("\tuse(%s)", g.pick(sc.vars))
		g.line("\tt.Parallel()")
		g.line("\tuse(%s, t)", g.pick(sc.vars))
		g.line("})")
	case k == len(genConsumers)+1:
		g.line("sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j]+%s })", g.pick(sc.vars))
	default:
		g.line("go func(v int) { use(v) }(%s)", g.pick(sc.vars))
	}
}

// literal returns the text of a func() literal; its body is generated
// into a buffer of its own, at the current indentation.
func (g *gen) literal(sc genScope) string {
	outer := g.b
	g.b = bytes.Buffer{}
	inner := genScope{vars: sc.vars, depth: sc.depth + 1, inLit: true, newLoop: sc.newLoop}
	g.indent++
	g.line("use(%s)", g.pick(sc.vars))
	if g.choose(3) == 0 {
		g.line("use(tx)")
	}
	if sc.depth < 4 {
		g.stmts(inner, 4)
	}
	g.indent--
	text := g.b.String()
	g.b = outer
	return "func() {\n" + text + strings.Repeat("\t", g.indent) + "}"
}

func (g *gen) ifStmt(sc genScope) {
	g.line("if %s > %d {", g.pick(sc.vars), g.choose(10))
	g.body(sc, 4)
	if g.choose(2) == 0 {
		g.line("} else {")
		g.body(sc, 4)
	}
	g.line("}")
}

func (g *gen) branch(sc *genScope) {
	kw := g.pick([]string{"break", "continue"})
	target := ""
	if len(sc.labels) > 0 && g.choose(2) == 0 {
		target = " " + g.pick(sc.labels)
	}
	g.line("if %s == %d {", g.pick(sc.vars), g.choose(5))
	g.line("\t%s%s", kw, target)
	g.line("}")
}

// forwardGoto jumps over a run of statements that declare nothing at this
// level, to a label after them.
func (g *gen) forwardGoto(sc genScope) {
	label := g.fresh("G")
	g.line("if %s > %d {", g.pick(sc.vars), g.choose(10))
	g.line("\tgoto %s", label)
	g.line("}")
	sc.noDecl = true
	g.stmts(sc, 4)
	g.line("%s:", label)
	g.line("use(%s)", g.pick(sc.vars))
}

func (g *gen) selectStmt(sc genScope) {
	g.line("select {")
	g.line("case <-ctx.Done():")
	g.body(sc, 3)
	g.line("case s.ch <- func() { use(%s) }:", g.pick(sc.vars))
	g.body(sc, 2)
	g.line("default:")
	g.body(sc, 3)
	g.line("}")
}

func (g *gen) switchStmt(sc genScope) {
	g.line("switch {")
	g.line("case %s > %d:", g.pick(sc.vars), g.choose(10))
	g.body(sc, 3)
	if g.choose(2) == 0 {
		g.line("\tfallthrough")
	}
	g.line("default:")
	g.body(sc, 3)
	g.line("}")
}

// tx begins, uses or ends the transaction.
func (g *gen) tx(sc *genScope) {
	switch g.choose(4) {
	case 0:
		g.line("tx, _ = db.BeginTx(ctx, nil)")
	case 1:
		g.line("tx.Commit()")
	case 2:
		g.line("tx.Rollback()")
	default:
		g.line("tx.ExecContext(ctx, \"UPDATE t SET v = $1\", %s)", g.pick(sc.vars))
	}
}

// scan is the rows.Scan loop: its targets are written by address.
func (g *gen) scan(sc genScope) {
	rows := g.fresh("rows")
	g.line("if %s, err := tx.QueryContext(ctx, \"SELECT 1\"); err == nil {", rows)
	g.line("\tfor %s.Next() {", rows)
	g.line("\t\t%s.Scan(&a, &b)", rows)
	sc.loops++
	sc.depth++
	g.indent++
	g.body(sc, 4)
	g.indent--
	g.line("\t}")
	g.line("}")
}
