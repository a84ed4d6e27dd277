package loopcapture_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	xtest "golang.org/x/tools/go/analysis/analysistest"

	"github.com/latebind/latebind/passes/loopcapture"
)

// wantPrechecked fails t unless every file with a finding passes the
// pre-check on its own: the pre-check lets no finding through that the
// full analysis would report. (The whole-package pre-check is weaker: any
// other file of the package could let it through.)
func wantPrechecked(t *testing.T, results []*xtest.Result) {
	t.Helper()
	checked := 0
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if strings.Contains(d.Message, "latebind directive") {
				continue // reported whatever the pre-check says
			}
			f := fileOf(r.Pass.Files, d.Pos)
			if f == nil || !loopcapture.MayCaptureFile(r.Pass.TypesInfo, f) {
				t.Errorf("%s: the pre-check skips the file of this finding: %s", r.Pass.Fset.Position(d.Pos), d.Message)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Error("no finding to check the pre-check against")
	}
}

func fileOf(files []*ast.File, pos token.Pos) *ast.File {
	for _, f := range files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// TestPrecheckSkips lists files where no loop literal can capture a
// variable the loop writes: the pre-check must say so, or SSA is built
// for nothing.
func TestPrecheckSkips(t *testing.T) {
	for name, tc := range map[string]struct {
		src  string
		want bool
	}{
		"table-driven test": {want: false, src: `
func run(name string, f func()) { f() }
func T(tests []struct{ name string; in int }) {
	for _, tt := range tests {
		run(tt.name, func() { _ = tt.in })
	}
}`},
		"literal reads only what the loop does not write": {want: false, src: `
func T(xs []int, k int) {
	total := 0
	for _, x := range xs {
		total += x
		go func() { _ = k + x }()
	}
	_ = total
}`},
		"literal reads a variable the loop reassigns": {want: true, src: `
func T(xs []int) {
	var u int
	for _, x := range xs {
		u = x
		go func() { _ = u }()
	}
}`},
		"old file, range variable": {want: true, src: `//go:build go1.21

package p

func T(xs []int) {
	for _, x := range xs {
		go func() { _ = x }()
	}
}`},
		"go1.22 file, range variable": {want: false, src: `
func T(xs []int) {
	for _, x := range xs {
		go func() { _ = x }()
	}
}`},
		"address taken in the loop": {want: true, src: `
func scan(p *int) {}
func T(xs []int) {
	var u int
	for range xs {
		scan(&u)
		go func() { _ = u }()
	}
}`},
		"field of a struct written": {want: true, src: `
type S struct{ f int }
func T(xs []int) {
	var s S
	for _, x := range xs {
		s.f = x
		defer func() { _ = s }()
	}
}`},
		"pointer method on a struct": {want: true, src: `
type S struct{ f int }
func (s *S) Set(v int) { s.f = v }
func T(xs []int) {
	var s S
	for _, x := range xs {
		s.Set(x)
		defer func() { _ = s.f }()
	}
}`},
		"op-assignment": {want: true, src: `
func T(xs []int) {
	u := 0
	for _, x := range xs {
		u += x
		go func() { _ = u }()
	}
}`},
		"written in a nested loop": {want: true, src: `
func T(xs [][]int) {
	var u int
	for _, row := range xs {
		for _, x := range row {
			u = x
		}
		go func() { _ = u }()
	}
}`},
	} {
		t.Run(name, func(t *testing.T) {
			src := tc.src
			if !strings.HasPrefix(src, "//go:build") {
				src = "package p\n" + src
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			info := &types.Info{
				Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{},
				Types: map[ast.Expr]types.TypeAndValue{}, Selections: map[*ast.SelectorExpr]*types.Selection{},
				FileVersions: map[*ast.File]string{},
			}
			conf := types.Config{Importer: importer.Default(), GoVersion: "go1.26"}
			if _, err := conf.Check("p", fset, []*ast.File{f}, info); err != nil {
				t.Fatal(err)
			}
			if got := loopcapture.MayCaptureFile(info, f); got != tc.want {
				t.Errorf("MayCaptureFile = %v, want %v", got, tc.want)
			}
		})
	}
}
