// Package directive implements latebind's suppression comments, honoured
// by every check in every front-end (go vet, standalone, golangci-lint):
//
//	//latebind:ignore loopcapture the hook copies u itself
//	//latebind:file-ignore txenqueue,txcapture this file is the outbox relay
//	//nolint:latebind
//	//nolint:loopcapture // golangci-lint's form, honoured outside it too
//
// A line directive applies to its own line, or to the next line when the
// comment stands alone. A file directive applies to the whole file. A
// latebind directive must give a reason, and one that suppresses nothing
// is itself reported, so stale directives do not pile up. Generated files
// (// Code generated ... DO NOT EDIT.) are never reported.
package directive

import (
	"bytes"
	"go/ast"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// A directive is one suppression comment.
type directive struct {
	pos    token.Pos
	checks []string // "latebind" (or empty for a bare //nolint) means all
	reason string
	file   bool // file scope
	nolint bool
	line   int // the line it applies to (line scope)
	used   bool
}

func (d *directive) covers(check string) bool {
	return len(d.checks) == 0 || slices.Contains(d.checks, "latebind") || slices.Contains(d.checks, check)
}

// parse returns the directives of a file, given its source.
func parse(tf *token.File, src []byte, f *ast.File) []*directive {
	var out []*directive
	for _, group := range f.Comments {
		for _, c := range group.List {
			if d := parseComment(c.Text); d != nil {
				d.pos = c.Pos()
				d.line = appliesTo(tf, src, c)
				out = append(out, d)
			}
		}
	}
	return out
}

func parseComment(text string) *directive {
	switch {
	case strings.HasPrefix(text, "//latebind:ignore"):
		return latebind(strings.TrimPrefix(text, "//latebind:ignore"), false)
	case strings.HasPrefix(text, "//latebind:file-ignore"):
		return latebind(strings.TrimPrefix(text, "//latebind:file-ignore"), true)
	case strings.HasPrefix(text, "//nolint"):
		return nolint(strings.TrimPrefix(text, "//nolint"))
	}
	return nil
}

// latebind parses " <checks> <reason>"; a trailing "// comment" is not
// part of the reason.
func latebind(rest string, file bool) *directive {
	if rest != "" && rest[0] != ' ' {
		return nil
	}
	rest, _, _ = strings.Cut(rest, "//")
	fields := strings.Fields(rest)
	d := &directive{file: file}
	if len(fields) > 0 {
		d.checks = strings.Split(fields[0], ",")
		d.reason = strings.Join(fields[1:], " ")
	}
	return d
}

// nolint parses golangci-lint's ":a,b // reason" (or nothing: all).
func nolint(rest string) *directive {
	if rest != "" && rest[0] != ':' && rest[0] != ' ' {
		return nil
	}
	d := &directive{nolint: true}
	if strings.HasPrefix(rest, ":") {
		list, _, _ := strings.Cut(rest[1:], " ")
		for _, c := range strings.Split(list, ",") {
			if c = strings.TrimSpace(c); c != "" {
				d.checks = append(d.checks, c)
			}
		}
		if len(d.checks) == 0 {
			return nil
		}
	}
	return d
}

// appliesTo returns the line a line directive covers: its own, or the
// next when nothing but blanks precede the comment on its line.
func appliesTo(tf *token.File, src []byte, c *ast.Comment) int {
	line := tf.Line(c.Pos())
	start, end := tf.Offset(tf.LineStart(line)), tf.Offset(c.Pos())
	if src != nil && end <= len(src) && len(bytes.TrimSpace(src[start:end])) == 0 {
		return line + 1
	}
	return line
}

// Reporter reports one check's diagnostics through the directives of its
// package, and reports the directives that are malformed or unused.
type Reporter struct {
	pass           *analysis.Pass
	check          string
	nolintByDriver bool
	byFile         map[*token.File][]*directive
	generated      map[*token.File]bool
}

// NewReporter parses the directives of the pass's files. With
// nolintByDriver, //nolint comments are left to the driver
// (golangci-lint), which must see them used.
func NewReporter(pass *analysis.Pass, check string, nolintByDriver bool) *Reporter {
	r := &Reporter{pass: pass, check: check, nolintByDriver: nolintByDriver,
		byFile: make(map[*token.File][]*directive), generated: make(map[*token.File]bool)}
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.Pos())
		if tf == nil {
			continue
		}
		r.generated[tf] = ast.IsGenerated(f)
		if hasDirective(f) { // most files have none: read no source for them
			src, _ := pass.ReadFile(tf.Name())
			r.byFile[tf] = parse(tf, src, f)
		}
	}
	return r
}

// hasDirective reports whether a comment of f may be a directive.
func hasDirective(f *ast.File) bool {
	for _, group := range f.Comments {
		for _, c := range group.List {
			if strings.HasPrefix(c.Text, "//latebind:") || strings.HasPrefix(c.Text, "//nolint") {
				return true
			}
		}
	}
	return false
}

// Report passes d on unless a directive suppresses it or it is in a
// generated file.
func (r *Reporter) Report(d analysis.Diagnostic) {
	tf := r.pass.Fset.File(d.Pos)
	if tf == nil || r.generated[tf] && !mapsElsewhere(r.pass.Fset, tf, d.Pos) {
		return
	}
	line := tf.Line(d.Pos)
	for _, dir := range r.byFile[tf] {
		if dir.nolint && r.nolintByDriver {
			continue
		}
		if dir.covers(r.check) && (dir.file || dir.line == line) && (dir.nolint || dir.reason != "") {
			dir.used = true
			return
		}
	}
	r.pass.Report(d)
}

// mapsElsewhere reports whether a position in a generated file maps, by a
// //line directive, to another file: cmd/cgo's output is generated, but
// its code is the user's, positioned in the user's file.
func mapsElsewhere(fset *token.FileSet, tf *token.File, pos token.Pos) bool {
	return fset.Position(pos).Filename != tf.Name()
}

// Finish reports the latebind directives naming this check that give no
// reason or suppressed nothing. Call it after the last Report.
func (r *Reporter) Finish() {
	for tf, dirs := range r.byFile {
		if r.generated[tf] {
			continue
		}
		for _, dir := range dirs {
			if dir.nolint || !slices.Contains(dir.checks, r.check) {
				continue
			}
			switch {
			case dir.reason == "":
				r.pass.Reportf(dir.pos, "latebind directive for %s needs a reason: //latebind:ignore %s <why this is fine>", r.check, r.check)
			case !dir.used:
				r.pass.Reportf(dir.pos, "unused latebind directive: %s reports nothing here", r.check)
			}
		}
	}
}
