package main

import (
	"go/token"
	"os"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Columns. go/token, go vet and the text and JSON outputs count columns
// in bytes. The CI formats (-format=sarif and -format=github) count them
// in UTF-16 code units instead:
//
//   - SARIF requires a run with results to say how it counts
//     (run.columnKind, §3.14.27): "utf16CodeUnits" or
//     "unicodeCodePoints"; bytes are not an option.
//   - GitHub does not document a unit for code scanning or for workflow
//     command annotations. The SARIF SDK (behind the validator GitHub's
//     docs point to) defaults a run to "utf16CodeUnits", and GitHub's
//     viewers are JavaScript, whose strings index UTF-16 code units. So
//     latebind writes columnKind "utf16CodeUnits" explicitly and annotates
//     with the same columns.
//
// The two counts agree on ASCII lines; on a line with "é" or "日本"
// before the finding they do not, so the CI formats recompute the column
// from the file's content. A rune above U+FFFF counts two.

// sources reads the files that findings point into, once each, for one
// output run.
type sources struct {
	files map[string]*sourceFile
}

// A sourceFile is a file's content and where its lines start; content is
// nil if the file could not be read.
type sourceFile struct {
	content    []byte
	lineStarts []int    // byte offset of each line's first byte
	hashes     []string // primaryLocationLineHash per line (index 0 is line 1), computed on demand
}

// newSources returns an empty file cache.
func newSources() *sources {
	return &sources{files: make(map[string]*sourceFile)}
}

// file returns the named file, reading it on first use.
func (s *sources) file(name string) *sourceFile {
	if f, ok := s.files[name]; ok {
		return f
	}
	f := &sourceFile{}
	if data, err := os.ReadFile(name); err == nil {
		f.content = data
		f.lineStarts = lineStarts(data)
	}
	s.files[name] = f
	return f
}

// lineStarts returns the byte offset at which each line of data starts.
// Lines end at "\n", as for go/token ("\r\n" ends a line at its "\n").
func lineStarts(data []byte) []int {
	starts := []int{0}
	for i, b := range data {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// A point is a 1-based line and a 1-based column in UTF-16 code units.
type point struct {
	line, col int
}

// at returns the point of the byte offset, reporting false if the file
// was not read or the offset is outside it.
func (f *sourceFile) at(offset int) (point, bool) {
	if f.content == nil || offset < 0 || offset > len(f.content) {
		return point{}, false
	}
	line := lineOf(f.lineStarts, offset)
	start := f.lineStarts[line-1]
	return point{line, 1 + utf16Len(f.content[start:offset])}, true
}

// lineOf returns the 1-based line that contains offset.
func lineOf(starts []int, offset int) int {
	lo, hi := 0, len(starts) // starts[lo] <= offset < starts[hi]
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if starts[mid] <= offset {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + 1
}

// utf16Len returns the number of UTF-16 code units that encode b. An
// invalid byte counts as one U+FFFD, as a JavaScript decoder makes it.
func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		n += utf16.RuneLen(r)
		b = b[size:]
	}
	return n
}

// point converts a go/token position in the file to a UTF-16 point,
// falling back to the position's own (byte) column when the file cannot
// be read or has changed.
func (s *sources) point(p token.Position) point {
	if pt, ok := s.file(p.Filename).at(p.Offset); ok && pt.line == p.Line {
		return pt
	}
	return point{p.Line, max(p.Column, 1)}
}

// lineHash returns the primaryLocationLineHash of the 1-based line of the
// file, or "" if the file cannot be read.
func (f *sourceFile) lineHash(line int) string {
	if f.content == nil {
		return ""
	}
	if f.hashes == nil {
		f.hashes = lineHashes(f.content)
	}
	if line < 1 || line > len(f.hashes) {
		return ""
	}
	return f.hashes[line-1]
}

// lineHashes computes, for every line of content, the fingerprint that
// GitHub's upload-sarif action (github/codeql-action, src/fingerprints.ts)
// stores as partialFingerprints.primaryLocationLineHash when a SARIF
// result has none: a polynomial rolling hash (base 37, modulo 2^64) of the
// first 100 UTF-16 code units from the start of the line, skipping spaces
// and tabs and reading "\r\n" and "\r" as "\n", continued into the
// following lines and past the end of the file (a 65535 end marker, then
// zeros). A hash that repeats is numbered: "<hex>:1", "<hex>:2", ...
// Computing it here, the same way, makes the value the same whether the
// SARIF goes through upload-sarif or straight to the REST API, and lets
// the action find it consistent instead of warning.
func lineHashes(content []byte) []string {
	h := newLineHasher()
	for _, r := range string(content) {
		for _, u := range utf16.AppendRune(nil, r) {
			h.add(int64(u))
		}
	}
	h.add(0xFFFF)
	for range hashWindow {
		h.flush()
	}
	return h.out
}

// hashWindow is the number of code units each line's hash covers.
const hashWindow = 100

// lineHasher is the state of lineHashes' rolling hash.
type lineHasher struct {
	window    [hashWindow]int64 // the last hashWindow code units
	lineAt    [hashWindow]int   // the line that starts at that unit, or 0
	index     int               // the next slot of window
	hash      uint64
	topPower  uint64 // 37^hashWindow, to drop the unit that leaves the window
	line      int    // lines started so far
	lineStart bool   // the next unit starts a line
	prevCR    bool
	counts    map[string]int
	out       []string
}

// newLineHasher returns a hasher at the start of a file.
func newLineHasher() *lineHasher {
	h := &lineHasher{topPower: 1, lineStart: true, counts: make(map[string]int)}
	for range hashWindow {
		h.topPower *= 37
	}
	return h
}

// add feeds one UTF-16 code unit.
func (h *lineHasher) add(u int64) {
	if u == ' ' || u == '\t' || h.prevCR && u == '\n' {
		h.prevCR = false
		return
	}
	h.prevCR = u == '\r'
	if u == '\r' {
		u = '\n'
	}
	if h.lineAt[h.index] != 0 {
		h.emit()
	}
	if h.lineStart {
		h.lineStart = false
		h.line++
		h.lineAt[h.index] = h.line
	}
	h.lineStart = u == '\n'
	h.roll(u)
}

// flush emits the hash of a line near the end of the file, if one is due,
// and pads the window with a zero.
func (h *lineHasher) flush() {
	if h.lineAt[h.index] != 0 {
		h.emit()
	}
	h.roll(0)
}

// roll moves the window on by one code unit.
func (h *lineHasher) roll(u int64) {
	gone := h.window[h.index]
	h.window[h.index] = u
	h.hash = 37*h.hash + uint64(u) - h.topPower*uint64(gone)
	h.index = (h.index + 1) % hashWindow
}

// emit records the current hash as the hash of the line that starts at
// the window's current slot.
func (h *lineHasher) emit() {
	hex := strconv.FormatUint(h.hash, 16)
	h.counts[hex]++
	h.out = append(h.out, hex+":"+strconv.Itoa(h.counts[hex]))
	h.lineAt[h.index] = 0
}
