package main

import (
	"fmt"
	"io"
	"maps"
	"os"
	"slices"

	"github.com/aymanbagabas/go-udiff"
)

// -fix and -diff apply the first suggested fix of each finding, in the
// order of the findings (by position). The edits of all accepted fixes are
// merged per file: an edit identical to one already accepted (two findings
// whose fixes declare the same copy) is dropped, and a fix with an edit that
// overlaps a different accepted edit, or another of its own edits, is
// skipped as a whole with a note on stderr, so that no fix is ever applied
// halfway. Fixes are gofmt-clean by contract, so gofmt is not run. Every
// file is patched in memory before any is written; -diff prints the patches
// (labelled with the file's short path, for patch -p0) instead of writing.
// Findings left without an applied fix are listed on stderr: in these modes
// stdout carries only the diff.

// fixAll applies (or, unless write, diffs) the findings' fixes and returns
// the exit code: 1 if a finding remains, that is, with -diff, any finding,
// and with -fix, any finding whose fix was not applied.
func fixAll(findings []*finding, write bool, cwd string, std stdio) int {
	plan := planFixes(findings, cwd, std.err)
	patched, err := plan.patch()
	if err != nil {
		return fail(std, err)
	}
	if err := emit(patched, write, cwd, std.out); err != nil {
		return fail(std, err)
	}
	writeText(std.err, plan.unfixed, cwd)
	if len(plan.unfixed) > 0 || !write && len(findings) > 0 {
		return exitFindings
	}
	return exitClean
}

// A fixPlan holds the accepted edits per file and the findings left
// unfixed.
type fixPlan struct {
	edits   map[string][]edit
	unfixed []*finding
}

// planFixes chooses the fixes to apply, noting each skipped one on stderr.
func planFixes(findings []*finding, cwd string, stderr io.Writer) *fixPlan {
	plan := &fixPlan{edits: make(map[string][]edit)}
	for _, f := range findings {
		switch {
		case len(f.fixes) == 0:
			plan.unfixed = append(plan.unfixed, f)
		case !plan.accept(f.fixes[0]):
			fmt.Fprintf(stderr, "latebind: %s: %s fix not applied: it overlaps another fix\n",
				shortPosn(f.posn, cwd), f.check)
			plan.unfixed = append(plan.unfixed, f)
		}
	}
	return plan
}

// accept adds the edits of fx to the plan and reports true, unless one of
// them conflicts with an accepted edit or another edit of fx. Exact
// duplicates of accepted edits are dropped.
func (p *fixPlan) accept(fx fix) bool {
	var add []edit
	for _, e := range fx.edits {
		prior := p.edits[e.filename]
		switch {
		case slices.Contains(prior, e) || slices.Contains(add, e):
			// Already there: the same edit from another fix.
		case slices.ContainsFunc(prior, e.conflicts) || slices.ContainsFunc(add, e.conflicts):
			return false
		default:
			add = append(add, e)
		}
	}
	for _, e := range add {
		p.edits[e.filename] = append(p.edits[e.filename], e)
	}
	return true
}

// conflicts reports whether two different edits cannot both be applied:
// they are in the same file and their ranges overlap, or both insert at
// the same offset (whose order would be arbitrary). An insertion at either
// end of a replaced range does not conflict with it.
func (e edit) conflicts(o edit) bool {
	if e.filename != o.filename {
		return false
	}
	if e.start == e.end && o.start == o.end {
		return e.start == o.start
	}
	return e.start < o.end && o.start < e.end
}

// A patchedFile is a file's content before and after the fixes.
type patchedFile struct {
	name     string
	old, new string
}

// patch applies the plan's edits to the files in memory, in file order.
func (p *fixPlan) patch() ([]patchedFile, error) {
	var out []patchedFile
	for _, name := range slices.Sorted(maps.Keys(p.edits)) {
		old, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		edits := make([]udiff.Edit, 0, len(p.edits[name]))
		for _, e := range p.edits[name] {
			edits = append(edits, udiff.Edit{Start: e.start, End: e.end, New: e.new})
		}
		new, err := udiff.Apply(string(old), edits)
		if err != nil {
			return nil, fmt.Errorf("%s: cannot apply fixes: %v (has the file changed?)", name, err)
		}
		out = append(out, patchedFile{name, string(old), new})
	}
	return out, nil
}

// emit writes the patched files or, unless write, prints their diffs.
func emit(files []patchedFile, write bool, cwd string, stdout io.Writer) error {
	for _, f := range files {
		if !write {
			label := shortPath(f.name, cwd)
			fmt.Fprint(stdout, udiff.Unified(label, label, f.old, f.new))
			continue
		}
		if err := writeKeepingMode(f.name, f.new); err != nil {
			return err
		}
	}
	return nil
}

// writeKeepingMode replaces the content of the file name, keeping its
// permissions.
func writeKeepingMode(name, content string) error {
	info, err := os.Stat(name)
	if err != nil {
		return err
	}
	return os.WriteFile(name, []byte(content), info.Mode().Perm())
}
