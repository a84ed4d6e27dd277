// Package analysisdoc extracts an analyzer's documentation from the package
// comment of its doc.go, the way x/tools' analyzers do: the section that
// starts with "# Analyzer <name>" becomes Analyzer.Doc, so the doc is written
// once, next to the code, and shown by go doc, -help and -explain alike.
package analysisdoc

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// Extract returns the "# Analyzer name" section of the package comment in
// the Go source content. It panics if the section is missing: that is a bug
// in latebind, caught by every test that builds the analyzer.
func Extract(content, name string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil || f.Doc == nil {
		panic(fmt.Sprintf("analysisdoc: no package comment for %s: %v", name, err))
	}
	lines := strings.Split(f.Doc.Text(), "\n")
	start := -1
	for i, line := range lines {
		if start < 0 && strings.TrimSpace(line) == "# Analyzer "+name {
			start = i + 1
			continue
		}
		if start >= 0 && strings.HasPrefix(line, "# ") {
			return trim(lines[start:i], name)
		}
	}
	if start < 0 {
		panic("analysisdoc: no \"# Analyzer " + name + "\" section")
	}
	return trim(lines[start:], name)
}

// trim joins the section and strips the "name: " that starts its summary
// line, as x/tools does: drivers print the name themselves.
func trim(lines []string, name string) string {
	text := strings.TrimSpace(strings.Join(lines, "\n"))
	return strings.TrimPrefix(text, name+": ")
}
