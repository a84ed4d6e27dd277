package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"path/filepath"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// A finding is one diagnostic of a root package, with positions resolved
// and suggested fixes turned into byte-offset edits, so that it no longer
// depends on the package's file set.
type finding struct {
	check       string
	posn, end   token.Position
	message     string
	related     []relatedInfo
	fixes       []fix
	suppression *suppression // non-nil if a directive in the source suppresses it
}

// relatedInfo is a secondary position of a finding. Its end is the zero
// Position when the diagnostic gave none.
type relatedInfo struct {
	posn, end token.Position
	message   string
}

// A suppression is why a finding is suppressed in the source (an ignore
// directive with its reason). Suppressed findings are left out of the
// exit code, the text, JSON and GitHub outputs, and -fix; the SARIF output
// keeps them, marked with a suppressions entry, as SARIF models them.
// Nothing sets it yet: the checks drop the diagnostics that a directive
// covers themselves (internal/directive), so none reaches the driver.
type suppression struct {
	justification string
}

// unsuppressed returns the findings that are not suppressed.
func unsuppressed(findings []*finding) []*finding {
	return slices.DeleteFunc(slices.Clone(findings), func(f *finding) bool { return f.suppression != nil })
}

// A fix is a suggested fix: edits meant to be applied together.
type fix struct {
	message string
	edits   []edit
}

// An edit replaces the bytes [start, end) of a file with new.
type edit struct {
	filename   string
	start, end int
	new        string
}

// collect returns the diagnostics of the graph's root actions as findings,
// without duplicates (a file analyzed in two packages, such as p and its
// test variant, reports the same finding twice), sorted by position.
func collect(graph *checker.Graph) []*finding {
	type key struct {
		check, message string
		posn, end      token.Position
	}
	seen := make(map[key]bool)
	var out []*finding
	for _, act := range graph.Roots {
		for _, d := range act.Diagnostics {
			f := newFinding(act.Analyzer, act.Package, d)
			if k := (key{f.check, f.message, f.posn, f.end}); !seen[k] {
				seen[k] = true
				out = append(out, f)
			}
		}
	}
	slices.SortFunc(out, compareFindings)
	return out
}

// compareFindings orders findings by file, line, column, check and message.
func compareFindings(a, b *finding) int {
	return cmp.Or(
		cmp.Compare(a.posn.Filename, b.posn.Filename),
		cmp.Compare(a.posn.Line, b.posn.Line),
		cmp.Compare(a.posn.Column, b.posn.Column),
		cmp.Compare(a.check, b.check),
		cmp.Compare(a.message, b.message))
}

// newFinding converts a diagnostic of analyzer a on pkg. A fix is dropped
// if it edits anything but pkg's source files (cgo packages are parsed from
// generated files in the build cache).
func newFinding(a *analysis.Analyzer, pkg *packages.Package, d analysis.Diagnostic) *finding {
	fset := pkg.Fset
	f := &finding{check: a.Name, posn: fset.Position(d.Pos), end: fset.Position(d.End), message: d.Message}
	if !d.End.IsValid() {
		f.end = f.posn
	}
	for _, r := range d.Related {
		rel := relatedInfo{posn: fset.Position(r.Pos), message: r.Message}
		if r.End.IsValid() && r.End > r.Pos {
			rel.end = fset.Position(r.End)
		}
		f.related = append(f.related, rel)
	}
	for _, sf := range d.SuggestedFixes {
		if fx, ok := newFix(fset, sf); ok && fx.within(pkg.GoFiles) {
			f.fixes = append(f.fixes, fx)
		}
	}
	return f
}

// newFix converts a suggested fix to byte offsets, reporting false if it
// has no edits or an edit lies outside the file set's files.
func newFix(fset *token.FileSet, sf analysis.SuggestedFix) (fix, bool) {
	fx := fix{message: sf.Message}
	if len(sf.TextEdits) == 0 {
		return fix{}, false
	}
	for _, te := range sf.TextEdits {
		end := te.End
		if !end.IsValid() {
			end = te.Pos
		}
		tf := fset.File(te.Pos)
		if tf == nil || fset.File(end) != tf || end < te.Pos {
			return fix{}, false
		}
		fx.edits = append(fx.edits, edit{tf.Name(), tf.Offset(te.Pos), tf.Offset(end), string(te.NewText)})
	}
	return fx, true
}

// within reports whether every edit of fx is in one of the files.
func (fx fix) within(files []string) bool {
	for _, e := range fx.edits {
		if !slices.Contains(files, e.filename) {
			return false
		}
	}
	return true
}

// writeText prints the findings like go vet: "file:line:col: message",
// each related position on its own line with the message after a tab.
// File names are relative to cwd when that is shorter, as go vet prints
// them (go vet applies the go command's base.ShortPath).
func writeText(w io.Writer, findings []*finding, cwd string) {
	for _, f := range findings {
		fmt.Fprintf(w, "%s: %s\n", shortPosn(f.posn, cwd), f.message)
		for _, r := range f.related {
			fmt.Fprintf(w, "%s: \t%s\n", shortPosn(r.posn, cwd), r.message)
		}
	}
}

// shortPosn formats p with its file name shortened by shortPath.
func shortPosn(p token.Position, cwd string) string {
	p.Filename = shortPath(p.Filename, cwd)
	return p.String()
}

// shortPath returns path relative to cwd if that is shorter.
func shortPath(path, cwd string) string {
	if rel, err := filepath.Rel(cwd, path); err == nil && len(rel) < len(path) {
		return rel
	}
	return path
}

// jsonFinding is a finding in the -json output. That output is one JSON
// array with an object per finding, in the order of the text output ([]
// when there are none). File names are absolute, as go/packages and go vet
// -json report them; start and end are byte offsets from the start of the
// file, end exclusive. Edits of one fix are meant to be applied together.
//
//	[
//	  {
//	    "check": "loopcapture",              // the check's name
//	    "posn": "/abs/file.go:10:8",         // file:line:col of the finding
//	    "end": "/abs/file.go:10:9",          // file:line:col where it ends
//	    "message": "u is shared by ...",
//	    "related": [                         // secondary positions, may be []
//	      {"posn": "/abs/file.go:8:3", "message": "..."}
//	    ],
//	    "suggested_fixes": [                 // may be []; -fix applies the first
//	      {
//	        "message": "declare a per-iteration copy of u",
//	        "edits": [
//	          {"filename": "/abs/file.go", "start": 95, "end": 95, "new": "u := u\n\t\t"}
//	        ]
//	      }
//	    ]
//	  }
//	]
type jsonFinding struct {
	Check          string        `json:"check"`
	Posn           string        `json:"posn"`
	End            string        `json:"end"`
	Message        string        `json:"message"`
	Related        []jsonRelated `json:"related"`
	SuggestedFixes []jsonFix     `json:"suggested_fixes"`
}

// jsonRelated is a related position in the -json output.
type jsonRelated struct {
	Posn    string `json:"posn"`
	Message string `json:"message"`
}

// jsonFix is a suggested fix in the -json output.
type jsonFix struct {
	Message string     `json:"message"`
	Edits   []jsonEdit `json:"edits"`
}

// jsonEdit is a text edit in the -json output.
type jsonEdit struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}

// writeJSON prints the findings in the -json schema.
func writeJSON(w io.Writer, findings []*finding) error {
	out := make([]jsonFinding, 0, len(findings))
	for _, f := range findings {
		out = append(out, toJSON(f))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "\t")
	return enc.Encode(out)
}

// toJSON converts a finding to its -json form.
func toJSON(f *finding) jsonFinding {
	j := jsonFinding{
		Check: f.check, Posn: f.posn.String(), End: f.end.String(), Message: f.message,
		Related: []jsonRelated{}, SuggestedFixes: []jsonFix{},
	}
	for _, r := range f.related {
		j.Related = append(j.Related, jsonRelated{r.posn.String(), r.message})
	}
	for _, fx := range f.fixes {
		jf := jsonFix{Message: fx.message, Edits: []jsonEdit{}}
		for _, e := range fx.edits {
			jf.Edits = append(jf.Edits, jsonEdit{e.filename, e.start, e.end, e.new})
		}
		j.SuggestedFixes = append(j.SuggestedFixes, jf)
	}
	return j
}
