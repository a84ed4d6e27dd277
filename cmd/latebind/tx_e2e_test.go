package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"text/scanner"
	"time"
)

// The tx end-to-end test runs the binary on the war story of DESIGN.md
// (testdata/tx/story), written against the real ent, River, pgx and asynq,
// as go vet's tool and standalone, and holds both to the story's `// want`
// comments.
//
// The corpus module compiles a few hundred library packages. Both runs
// share the inherited build cache, so that only a cold cache compiles them
// (minutes); go vet's result cache, keyed by the tool binary's content, is
// avoided by vetting with a copy of the binary that differs in its last
// bytes (see freshTool). Measured on 2 busy CPUs: about 45-75 s warm (go
// vet still runs the tool on every dependency for its facts, the
// standalone run analyzes them from source), 3.5 min with an empty cache.
// -short skips it.

const (
	txCorpus = "../../testdata/tx"
	txStory  = "story"
)

// txChecks is the check that reports each story file's bug.
var txChecks = map[string]string{
	"story/bug1.go": "txenqueue",
	"story/bug2.go": "loopcapture",
	"story/bug3.go": "txcapture",
}

// A txReport is one diagnostic: file (slash-separated, relative to the
// corpus module), line and message.
type txReport struct {
	file    string
	line    int
	message string
}

func (r txReport) String() string { return fmt.Sprintf("%s:%d: %s", r.file, r.line, r.message) }

// A txWant is one pattern of a `// want` comment.
type txWant struct {
	file    string
	line    int
	pattern *regexp.Regexp
}

// wantsIn parses the `// want` comments of the Go files under dir/sub as
// x/tools' analysistest does (see fileWants). Fact expectations are
// skipped: go vet does not print facts.
func wantsIn(t *testing.T, dir, sub string) []txWant {
	t.Helper()
	var wants []txWant
	fset := token.NewFileSet()
	err := filepath.WalkDir(filepath.Join(dir, sub), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		ws, err := fileWants(fset, f, filepath.ToSlash(rel))
		wants = append(wants, ws...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return wants
}

// fileWants returns the diagnostic expectations of f, named file: every
// line comment whose text starts with "want", or holds "// want" (a comment
// on a comment), followed by quoted regular expressions, name:"fact"
// expectations and an optional +N line offset.
func fileWants(fset *token.FileSet, f *ast.File, file string) ([]txWant, error) {
	var wants []txWant
	for _, group := range f.Comments {
		for _, c := range group.List {
			text, ok := strings.CutPrefix(c.Text, "//")
			if !ok {
				continue
			}
			if i := strings.Index(text, "// want"); i >= 0 {
				text = text[i+len("// "):]
			}
			rest, ok := strings.CutPrefix(strings.TrimSpace(text), "want")
			if !ok {
				continue
			}
			line := fset.Position(c.Pos()).Line
			delta, patterns, err := wantPatterns(rest)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: in 'want' comment: %v", file, line, err)
			}
			for _, p := range patterns {
				wants = append(wants, txWant{file, line + delta, p})
			}
		}
	}
	return wants, nil
}

// wantPatterns parses the expectations after "want" (the grammar of
// x/tools' analysistest): it returns the line offset and the diagnostic
// patterns.
func wantPatterns(text string) (int, []*regexp.Regexp, error) {
	var sc scanner.Scanner
	sc.Init(strings.NewReader(text))
	var scanErr error
	sc.Error = func(_ *scanner.Scanner, msg string) { scanErr = errors.New(msg) }
	sc.Mode = scanner.ScanIdents | scanner.ScanStrings | scanner.ScanRawStrings | scanner.ScanInts
	delta, out := 0, []*regexp.Regexp{}
	for {
		switch tok := sc.Scan(); tok {
		case '+':
			if sc.Scan() != scanner.Int {
				return 0, nil, fmt.Errorf("want +Int after +")
			}
			delta, _ = strconv.Atoi(sc.TokenText())
		case scanner.String, scanner.RawString:
			re, err := scanPattern(&sc, tok)
			if err != nil {
				return 0, nil, err
			}
			out = append(out, re)
		case scanner.Ident: // a fact: name:"pattern"
			name := sc.TokenText()
			if sc.Scan() != ':' {
				return 0, nil, fmt.Errorf("want ':' after %s", name)
			}
			if _, err := scanPattern(&sc, sc.Scan()); err != nil {
				return 0, nil, err
			}
		case scanner.EOF:
			return delta, out, scanErr
		default:
			return 0, nil, fmt.Errorf("unexpected %s", scanner.TokenString(tok))
		}
	}
}

// scanPattern compiles the string literal tok that sc has just scanned.
func scanPattern(sc *scanner.Scanner, tok rune) (*regexp.Regexp, error) {
	if tok != scanner.String && tok != scanner.RawString {
		return nil, fmt.Errorf("got %s, want a regular expression", scanner.TokenString(tok))
	}
	pattern, err := strconv.Unquote(sc.TokenText())
	if err != nil {
		return nil, err
	}
	return regexp.Compile(pattern)
}

// matchWants pairs every report with a distinct want on its line whose
// pattern matches the message, and fails t for every report left without
// one and every want left unmatched.
func matchWants(t *testing.T, reports []txReport, wants []txWant) {
	t.Helper()
	if len(reports) == 0 {
		t.Error("no reports at all")
	}
	used := make([]bool, len(wants))
	for _, r := range reports {
		i := nextWant(wants, 0, r)
		for i >= 0 && used[i] {
			i = nextWant(wants, i+1, r)
		}
		if i < 0 {
			t.Errorf("unexpected report %s", r)
			continue
		}
		used[i] = true
	}
	for i, w := range wants {
		if !used[i] {
			t.Errorf("%s:%d: no report matching `%s`", w.file, w.line, w.pattern)
		}
	}
}

// nextWant returns the index of the first want from i on that matches r,
// or -1.
func nextWant(wants []txWant, i int, r txReport) int {
	for ; i < len(wants); i++ {
		if w := wants[i]; w.file == r.file && w.line == r.line && w.pattern.MatchString(r.message) {
			return i
		}
	}
	return -1
}

// vetLine is a line of go vet's text output: "file:line:col: message".
// Related positions repeat the form with a tab before their message.
var vetLine = regexp.MustCompile(`^(.+\.go):(\d+):\d+: (.*)$`)

// vetReports parses go vet's stderr, skipping related positions, package
// headers and anything else that is not a diagnostic.
func vetReports(stderr string) []txReport {
	var out []txReport
	for l := range strings.Lines(stderr) {
		m := vetLine.FindStringSubmatch(strings.TrimSuffix(l, "\n"))
		if m == nil || strings.HasPrefix(m[3], "\t") {
			continue
		}
		line, _ := strconv.Atoi(m[2])
		out = append(out, txReport{filepath.ToSlash(m[1]), line, m[3]})
	}
	return out
}

// freshTool returns a copy of the binary under test with a nonce appended:
// it runs the same, but its content hash, on which go vet keys its cached
// results (-V=full prints it), is new, so go vet runs it again. The
// loader ignores bytes past the end of the executable's segments (checked
// on linux/amd64).
func freshTool(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(latebindBin)
	if err != nil {
		t.Fatal(err)
	}
	nonce := fmt.Sprintf("\nlatebind e2e nonce %d\n", time.Now().UnixNano())
	bin := filepath.Join(t.TempDir(), "latebind")
	if err := os.WriteFile(bin, append(data, nonce...), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

// skipLong skips the tx tests under -short.
func skipLong(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("compiles the real libraries of testdata/tx; slow with a cold build cache")
	}
}

// TestTxStoryVet runs go vet -vettool on the story and compares its
// reports with the `// want` comments.
func TestTxStoryVet(t *testing.T) {
	skipLong(t)
	t.Parallel()
	tool := freshTool(t)
	r := runCache(t, txCorpus, "", "go", "vet", "-vettool="+tool, "./"+txStory+"/...")
	if r.code == 0 {
		t.Fatalf("go vet exited 0, want findings\nstderr:\n%s", r.stderr)
	}
	reports := vetReports(r.stderr)
	matchWants(t, reports, wantsIn(t, txCorpus, txStory))
	if t.Failed() {
		t.Logf("go vet stderr:\n%s", r.stderr)
	}
}

// TestTxStoryStandalone runs the binary standalone with -json on the
// story: the same findings, each from the check its file is about, and the
// River finding carries the fix Insert → InsertTx.
func TestTxStoryStandalone(t *testing.T) {
	skipLong(t)
	t.Parallel()
	r := runCache(t, txCorpus, "", latebindBin, "-json", "./"+txStory+"/...")
	wantCode(t, r, exitFindings)
	var findings []jsonFinding
	if err := json.Unmarshal([]byte(r.stdout), &findings); err != nil {
		t.Fatalf("-json output does not parse: %v\n%s", err, r.stdout)
	}
	abs, err := filepath.Abs(txCorpus)
	if err != nil {
		t.Fatal(err)
	}
	var reports []txReport
	for _, f := range findings {
		rep := jsonReport(t, abs, f)
		if check := txChecks[rep.file]; f.Check != check {
			t.Errorf("%s: reported by %s, want %q", rep, f.Check, check)
		}
		reports = append(reports, rep)
	}
	matchWants(t, reports, wantsIn(t, txCorpus, txStory))
	checkRiverFix(t, findings)
}

// jsonReport converts a -json finding, whose file name is absolute, to a
// report relative to the module at dir.
func jsonReport(t *testing.T, dir string, f jsonFinding) txReport {
	t.Helper()
	m := vetLine.FindStringSubmatch(f.Posn + ": " + f.Message)
	if m == nil {
		t.Fatalf("bad posn %q", f.Posn)
	}
	rel, err := filepath.Rel(dir, m[1])
	if err != nil {
		t.Fatal(err)
	}
	line, _ := strconv.Atoi(m[2])
	return txReport{filepath.ToSlash(rel), line, f.Message}
}

// checkRiverFix applies the first fix of the River finding to its file and
// checks that exactly the Insert call became InsertTx with the transaction.
func checkRiverFix(t *testing.T, findings []jsonFinding) {
	t.Helper()
	i := slices.IndexFunc(findings, func(f jsonFinding) bool {
		return strings.HasPrefix(f.Message, "river.Client.Insert ")
	})
	if i < 0 {
		t.Fatal("no River finding")
	}
	f := findings[i]
	if len(f.SuggestedFixes) == 0 {
		t.Fatalf("the River finding has no suggested fix: %+v", f)
	}
	edits := f.SuggestedFixes[0].Edits
	if len(edits) == 0 {
		t.Fatalf("the River fix has no edits: %+v", f.SuggestedFixes[0])
	}
	src, err := os.ReadFile(edits[0].Filename)
	if err != nil {
		t.Fatal(err)
	}
	got, err := applyEdits(string(src), edits)
	if err != nil {
		t.Fatal(err)
	}
	const before = "jobs.Insert(ctx, WelcomeArgs{UserID: id}, nil)"
	const after = "jobs.InsertTx(ctx, tx, WelcomeArgs{UserID: id}, nil)"
	if strings.Count(string(src), before) != 1 {
		t.Fatalf("%s does not hold %s once", edits[0].Filename, before)
	}
	if want := strings.Replace(string(src), before, after, 1); got != want {
		t.Errorf("the River fix gives:\n%s\nwant:\n%s", got, want)
	}
	if formatted, err := format.Source([]byte(got)); err != nil || string(formatted) != got {
		t.Errorf("the River fix is not gofmt-clean (err %v)", err)
	}
}

// applyEdits applies edits of one file to src, from last to first.
func applyEdits(src string, edits []jsonEdit) (string, error) {
	edits = slices.Clone(edits)
	slices.SortFunc(edits, func(a, b jsonEdit) int { return b.Start - a.Start })
	end := len(src)
	for _, e := range edits {
		if e.Filename != edits[0].Filename || e.Start > e.End || e.End > end {
			return "", fmt.Errorf("bad edits: %+v", edits)
		}
		src = src[:e.Start] + e.New + src[e.End:]
		end = e.Start
	}
	return src, nil
}
