package main

import (
	"fmt"
	"io"
	"strings"
)

// -format=github prints one GitHub Actions workflow command per finding,
// which the runner turns into an error annotation on the file and line:
//
//	::error file=e2e.go,line=10,col=8,endLine=10,endColumn=9,title=latebind loopcapture::u is shared ...
//
// File names are relative to the working directory (GitHub reads them as
// relative to the repository root: run latebind there), columns count
// UTF-16 code units like GitHub does (see source.go), and the related
// positions follow the message on lines of their own, as in the text
// output. Values are escaped as the runner unescapes them
// (actions/toolkit, packages/core/src/command.ts).

// writeGitHub prints the findings as workflow commands.
func writeGitHub(w io.Writer, findings []*finding, cwd string) {
	src := newSources()
	for _, f := range findings {
		fmt.Fprintln(w, githubCommand(f, cwd, src))
	}
}

// githubCommand returns the ::error command of a finding.
func githubCommand(f *finding, cwd string, src *sources) string {
	from, to := src.point(f.posn), src.point(f.end)
	props := []string{
		"file=" + escapeProperty(shortPath(f.posn.Filename, cwd)),
		fmt.Sprintf("line=%d,col=%d,endLine=%d,endColumn=%d", from.line, from.col, to.line, to.col),
		"title=" + escapeProperty("latebind "+f.check),
	}
	msg := f.message
	for _, r := range f.related {
		msg += "\n" + shortPosn(r.posn, cwd) + ": " + r.message
	}
	return "::error " + strings.Join(props, ",") + "::" + escapeData(msg)
}

// escapeData escapes a workflow command's message: %, CR and LF.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value: as a
// message, and also the ':' and ',' that delimit properties.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
