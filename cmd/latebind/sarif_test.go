package main

import (
	"bytes"
	"encoding/json"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// testAnalyzers is a suite of two checks for the converter tests.
var testAnalyzers = []*analysis.Analyzer{
	{Name: "a", Doc: "a: report a\n\nLong text of a.", URL: "https://example.com/a"},
	{Name: "b", Doc: "report b"},
}

// writeSource writes a file into a fresh directory and returns both.
func writeSource(t *testing.T, name, content string) (dir, file string) {
	t.Helper()
	dir = t.TempDir()
	file = filepath.Join(dir, name)
	if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, file
}

// posnOf returns the position of the first occurrence of s in content.
func posnOf(file, content, s string) token.Position {
	off := strings.Index(content, s)
	line := 1 + strings.Count(content[:off], "\n")
	col := off - strings.LastIndex(content[:off], "\n")
	return token.Position{Filename: file, Offset: off, Line: line, Column: col}
}

const unicodeSrc = "package p\n\nvar s = \"é日本😀\"; var x = 1\n"

// TestSARIFConverter checks the conversion of a suppressed finding, the
// UTF-16 columns and the rule index, and that the result is valid SARIF.
func TestSARIFConverter(t *testing.T) {
	dir, file := writeSource(t, "p.go", unicodeSrc)
	x := posnOf(file, unicodeSrc, "x =")
	end := x
	end.Offset, end.Column = x.Offset+1, x.Column+1
	findings := []*finding{
		{check: "b", posn: x, end: end, message: "suppressed", suppression: &suppression{"checked by hand"}},
		{check: "a", posn: x, end: end, message: "active"},
	}
	var buf bytes.Buffer
	if err := writeSARIF(&buf, findings, testAnalyzers, dir); err != nil {
		t.Fatal(err)
	}
	run := decodeSARIF(t, buf.Bytes())
	res := run.Results
	if len(res) != 2 || *res[0].RuleIndex != 1 || *res[1].RuleIndex != 0 {
		t.Fatalf("results: %+v", res)
	}
	// x is at byte column 29 but UTF-16 column 22: é is 2 bytes and 1
	// unit, 日 and 本 3 bytes and 1 unit each, 😀 4 bytes and 2 units.
	wantRegion := sarifRegion{StartLine: 3, StartColumn: 22, EndLine: 3, EndColumn: 23}
	if x.Column != 29 || res[0].Locations[0].PhysicalLocation.Region != wantRegion {
		t.Errorf("byte column %d, region %+v, want %+v", x.Column, res[0].Locations[0].PhysicalLocation.Region, wantRegion)
	}
	want := []sarifSuppression{{Kind: "inSource", Justification: "checked by hand"}}
	if !slices.Equal(res[0].Suppressions, want) || res[1].Suppressions != nil {
		t.Errorf("suppressions: %+v and %+v", res[0].Suppressions, res[1].Suppressions)
	}
}

// TestReportSuppressed checks that suppressed findings do not fail the
// run and appear only in the SARIF output.
func TestReportSuppressed(t *testing.T) {
	dir, file := writeSource(t, "p.go", unicodeSrc)
	x := posnOf(file, unicodeSrc, "x =")
	findings := []*finding{{check: "a", posn: x, end: x, message: "m", suppression: &suppression{"ok"}}}
	for _, format := range []string{formatText, formatJSON, formatGitHub, formatSARIF} {
		var out, errs bytes.Buffer
		opts := &options{format: format, suite: testAnalyzers}
		if code := report(opts, findings, dir, stdio{&out, &errs}); code != exitClean {
			t.Errorf("-format=%s: exit %d", format, code)
		}
		if got := strings.Contains(out.String(), `"suppressions"`); got != (format == formatSARIF) {
			t.Errorf("-format=%s printed:\n%s", format, out.String())
		}
	}
}

func TestSARIFRule(t *testing.T) {
	long := &analysis.Analyzer{Name: "long", Doc: "report long\n\n" + strings.Repeat("word ", 150) + "\n\n" + strings.Repeat("more ", 150)}
	rule := newRule(long)
	if rule.ShortDescription.Text != "report long" || len(rule.FullDescription.Text) > maxDescription ||
		!strings.HasPrefix(rule.FullDescription.Text, "word word") || strings.Contains(rule.FullDescription.Text, "more") ||
		!strings.Contains(rule.Help.Text, "more more") {
		t.Errorf("rule: %+v", rule)
	}
	a := newRule(testAnalyzers[0])
	if a.FullDescription.Text != "Long text of a." || a.HelpURI != "https://example.com/a" ||
		a.Help.Text != "report a\n\nLong text of a.\n\nDocumentation: https://example.com/a" {
		t.Errorf("rule a: %+v", a)
	}
	if b := newRule(testAnalyzers[1]); b.FullDescription.Text != "report b" || b.HelpURI != "" {
		t.Errorf("rule b: %+v", b)
	}
}

func TestClip(t *testing.T) {
	for _, c := range []struct {
		s    string
		max  int
		want string
	}{
		{"short", 10, "short"},
		{"one two three four", 12, "one two …"},
		{"para one\n\npara two", 14, "para one"},
		{"日本語日本語", 10, "日本 …"},
	} {
		if got := clip(c.s, c.max); got != c.want || len(got) > c.max {
			t.Errorf("clip(%q, %d) = %q, want %q", c.s, c.max, got, c.want)
		}
	}
}

func TestSARIFArtifact(t *testing.T) {
	c := &sarifConverter{cwd: "/work/repo"}
	for name, want := range map[string]sarifArtifact{
		"/work/repo/a/b.go":        {URI: "a/b.go", URIBaseID: "%SRCROOT%"},
		"/work/repo/with space.go": {URI: "with%20space.go", URIBaseID: "%SRCROOT%"},
		"/work/repo/c:d.go":        {URI: "./c:d.go", URIBaseID: "%SRCROOT%"},
		"/work/other/x.go":         {URI: "file:///work/other/x.go"},
	} {
		if got := c.artifact(name); got != want {
			t.Errorf("artifact(%q) = %+v, want %+v", name, got, want)
		}
	}
	if got := dirURI("/work/repo"); got != "file:///work/repo/" {
		t.Errorf("dirURI = %q", got)
	}
}

func TestSourcePoint(t *testing.T) {
	_, file := writeSource(t, "p.go", unicodeSrc)
	src := newSources()
	x := posnOf(file, unicodeSrc, "x =")
	if got := src.point(x); got != (point{3, 22}) {
		t.Errorf("point(x) = %+v", got)
	}
	stale := x
	stale.Line = 9 // the file changed since the analysis: keep go/token's column
	if got := src.point(stale); got != (point{9, 29}) {
		t.Errorf("point(stale) = %+v", got)
	}
	missing := token.Position{Filename: file + ".gone", Line: 2, Column: 5}
	if got := src.point(missing); got != (point{2, 5}) {
		t.Errorf("point(missing) = %+v", got)
	}
	if pt, ok := src.file(file).at(len(unicodeSrc)); !ok || pt != (point{4, 1}) {
		t.Errorf("at(EOF) = %+v, %v", pt, ok)
	}
}

// TestLineHashes checks the fingerprints against the test vectors of
// github/codeql-action (src/fingerprints.test.ts), which computes them
// when a SARIF upload lacks them.
func TestLineHashes(t *testing.T) {
	helloHashes := []string{
		"e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",
		"b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1",
	}
	for input, want := range map[string][]string{
		"": {"c129715d7a2bc9a3:1"},
		" a\nb\n  \t\tc\n d": {
			"271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1",
		},
		" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End": {
			"8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1",
			"c6805c5e1288b612:1", "b86d3392aea1be30:1", "e6ceba753e1a442:1",
		},
		" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n":             helloHashes,
		" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r":             helloHashes,
		" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n": helloHashes,
		" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n":         helloHashes,
		strings.Repeat("Lorem ipsum dolor sit amet.\n", 10): {
			"a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4",
			"a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6", "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1",
			"55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1",
		},
	} {
		if got := lineHashes([]byte(input)); !slices.Equal(got, want) {
			t.Errorf("lineHashes(%q) =\n%q\nwant\n%q", input, got, want)
		}
	}
}

func TestGitHubCommand(t *testing.T) {
	dir, file := writeSource(t, "p.go", unicodeSrc)
	x := posnOf(file, unicodeSrc, "x =")
	end := x
	end.Offset, end.Column = x.Offset+1, x.Column+1
	f := &finding{
		check: "a", posn: x, end: end, message: "100% wrong,\r\nreally: yes",
		related: []relatedInfo{{posn: posnOf(file, unicodeSrc, "var s"), message: "see"}},
	}
	want := "::error file=p.go,line=3,col=22,endLine=3,endColumn=23,title=latebind a::" +
		"100%25 wrong,%0D%0Areally: yes%0Ap.go:3:1: see"
	if got := githubCommand(f, dir, newSources()); got != want {
		t.Errorf("githubCommand =\n%s\nwant\n%s", got, want)
	}
	if got := escapeProperty("a:b,c%d\n"); got != "a%3Ab%2Cc%25d%0A" {
		t.Errorf("escapeProperty = %q", got)
	}
}

// TestJSONUnchanged checks that -format=json keeps the -json schema.
func TestJSONUnchanged(t *testing.T) {
	dir, file := writeSource(t, "p.go", unicodeSrc)
	x := posnOf(file, unicodeSrc, "x =")
	var out bytes.Buffer
	opts := &options{format: formatJSON, suite: testAnalyzers}
	if code := report(opts, []*finding{{check: "a", posn: x, end: x, message: "m"}}, dir, stdio{&out, &out}); code != exitFindings {
		t.Fatalf("exit %d", code)
	}
	var got []jsonFinding
	if err := json.Unmarshal(out.Bytes(), &got); err != nil || len(got) != 1 || got[0].Posn != x.String() {
		t.Errorf("-format=json: %v\n%s", err, out.String())
	}
}
