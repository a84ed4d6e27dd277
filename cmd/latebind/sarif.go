package main

import (
	"cmp"
	"encoding/json"
	"go/doc/comment"
	"go/token"
	"io"
	"net/url"
	"path/filepath"
	"runtime/debug"
	"strings"

	"golang.org/x/mod/semver"
	"golang.org/x/tools/go/analysis"
)

// -format=sarif writes one SARIF 2.1.0 log with one run, in the subset
// that GitHub code scanning reads
// (docs.github.com: "SARIF support for code scanning"):
//
//   - tool.driver names latebind, its version, and one rule per check of
//     the suite, enabled or not, so that the rule list does not change
//     with the flags. A rule's descriptions come from the analyzer's Doc,
//     its help from the Doc and its helpUri from Analyzer.URL.
//   - each result carries the check as ruleId and ruleIndex, the message,
//     one location, the diagnostic's related positions as
//     relatedLocations, its suggested fixes as fixes, GitHub's
//     primaryLocationLineHash fingerprint, and, for a finding suppressed
//     in the source, a suppressions entry (which GitHub ignores: it opens
//     an alert anyway, docs/integrations.md says what to do about it).
//   - file URIs are relative to the working directory (uriBaseId
//     %SRCROOT%, which originalUriBaseIds maps to it); GitHub reads
//     relative URIs as relative to the repository root, so run latebind
//     there. Files outside the working directory get absolute file URIs.
//   - columns count UTF-16 code units (see source.go), and the run says so.

const (
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifSrcRoot = "%SRCROOT%"
	latebindURI  = "https://github.com/latebind/latebind"
	// maxDescription is GitHub's limit on a rule's short and full
	// description ("Limited to 1024 characters").
	maxDescription = 1024
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool                  sarifTool                `json:"tool"`
	Invocations           []sarifInvocation        `json:"invocations"`
	OriginalURIBaseIDs    map[string]sarifArtifact `json:"originalUriBaseIds"`
	Results               []sarifResult            `json:"results"`
	DefaultEncoding       string                   `json:"defaultEncoding"`
	DefaultSourceLanguage string                   `json:"defaultSourceLanguage"`
	ColumnKind            string                   `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	InformationURI  string      `json:"informationUri"`
	Version         string      `json:"version,omitempty"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	Rules           []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	ShortDescription     sarifText         `json:"shortDescription"`
	FullDescription      sarifText         `json:"fullDescription"`
	Help                 sarifHelp         `json:"help"`
	HelpURI              string            `json:"helpUri,omitempty"`
	DefaultConfiguration sarifRuleDefaults `json:"defaultConfiguration"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifRuleDefaults struct {
	Level string `json:"level"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool          `json:"executionSuccessful"`
	WorkingDirectory    sarifArtifact `json:"workingDirectory"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           *int               `json:"ruleIndex,omitempty"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	RelatedLocations    []sarifLocation    `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string  `json:"partialFingerprints,omitempty"`
	Fixes               []sarifFix         `json:"fixes,omitempty"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
}

type sarifLocation struct {
	ID               *int             `json:"id,omitempty"`
	PhysicalLocation sarifPhysicalLoc `json:"physicalLocation"`
	Message          *sarifText       `json:"message,omitempty"`
}

type sarifPhysicalLoc struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

// sarifRegion is a text region (lines and UTF-16 columns, end exclusive)
// and, for the deleted region of a fix, also a binary one (bytes), which
// the spec allows when both name the same bytes (§3.30.1): the bytes are
// exact for any consumer, the lines and columns are what viewers show.
type sarifRegion struct {
	StartLine   int  `json:"startLine,omitempty"`
	StartColumn int  `json:"startColumn,omitempty"`
	EndLine     int  `json:"endLine,omitempty"`
	EndColumn   int  `json:"endColumn,omitempty"`
	ByteOffset  *int `json:"byteOffset,omitempty"`
	ByteLength  *int `json:"byteLength,omitempty"`
}

type sarifFix struct {
	Description     sarifText             `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifact      `json:"artifactLocation"`
	Replacements     []sarifReplacement `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion `json:"deletedRegion"`
	InsertedContent *sarifText  `json:"insertedContent,omitempty"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification,omitempty"`
}

// writeSARIF prints the findings, suppressed ones included, as a SARIF
// log whose rules are the checks of suite.
func writeSARIF(w io.Writer, findings []*finding, suite []*analysis.Analyzer, cwd string) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(newSARIFLog(findings, suite, cwd, newSources()))
}

// newSARIFLog converts the findings; src supplies the files' contents
// for columns and fingerprints.
func newSARIFLog(findings []*finding, suite []*analysis.Analyzer, cwd string, src *sources) sarifLog {
	c := &sarifConverter{cwd: cwd, src: src, ruleIndex: make(map[string]int)}
	run := sarifRun{
		Tool:                  sarifTool{Driver: newDriver(suite)},
		Invocations:           []sarifInvocation{{ExecutionSuccessful: true, WorkingDirectory: sarifArtifact{URI: dirURI(cwd)}}},
		OriginalURIBaseIDs:    map[string]sarifArtifact{sarifSrcRoot: {URI: dirURI(cwd)}},
		Results:               []sarifResult{},
		DefaultEncoding:       "utf-8",
		DefaultSourceLanguage: "go",
		ColumnKind:            "utf16CodeUnits",
	}
	for i, a := range suite {
		c.ruleIndex[a.Name] = i
	}
	for _, f := range findings {
		run.Results = append(run.Results, c.result(f))
	}
	return sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}}
}

// newDriver describes latebind and its checks.
func newDriver(suite []*analysis.Analyzer) sarifDriver {
	// A build without a module version (go build in a checkout without
	// VCS stamping) says 0.0.0-devel: SARIF validators want a version that
	// starts with a number.
	d := sarifDriver{Name: "latebind", InformationURI: latebindURI, Version: "0.0.0-devel", Rules: []sarifRule{}}
	if v := toolVersion(); v != "" {
		d.Version, d.SemanticVersion = v, strings.TrimPrefix(v, "v")
	}
	for _, a := range suite {
		d.Rules = append(d.Rules, newRule(a))
	}
	return d
}

// toolVersion returns latebind's module version, as "go install
// ...@v1.2.3" or a build in a VCS checkout stamps it (a pseudo-version
// such as v0.0.0-20260102150405-abcdef012345+dirty), or "" if the build
// has none.
func toolVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok || !semver.IsValid(bi.Main.Version) {
		return ""
	}
	return bi.Main.Version
}

// newRule describes a check: shortDescription is the first line of its
// Doc, fullDescription the rest (cut at a paragraph to GitHub's 1024
// characters), help the whole Doc as text and Markdown with a link to the
// check's page.
func newRule(a *analysis.Analyzer) sarifRule {
	title, rest := splitDoc(a)
	more := "\n\nDocumentation: " + a.URL
	if a.URL == "" {
		more = ""
	}
	return sarifRule{
		ID:                   a.Name,
		ShortDescription:     sarifText{clip(title, maxDescription)},
		FullDescription:      sarifText{clip(cmp.Or(rest, title), maxDescription)},
		Help:                 sarifHelp{Text: strings.TrimSpace(title+"\n\n"+rest) + more, Markdown: markdownDoc(a)},
		HelpURI:              a.URL,
		DefaultConfiguration: sarifRuleDefaults{Level: "error"},
	}
}

// splitDoc returns the first line of a's Doc, without a leading "name: "
// (analysisdoc strips it already, other analyzers may not), and the rest.
func splitDoc(a *analysis.Analyzer) (title, rest string) {
	title, rest, _ = strings.Cut(strings.TrimSpace(a.Doc), "\n")
	return strings.TrimPrefix(title, a.Name+": "), strings.TrimSpace(rest)
}

// clip shortens s to at most max bytes (so also to at most max UTF-16
// units or characters), preferring to end at a paragraph, then at a
// word, and marking the cut with "…".
func clip(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := s[:max-len(" …")]
	if i := strings.LastIndex(cut, "\n\n"); i > 0 {
		return cut[:i]
	}
	if i := strings.LastIndexAny(cut, " \n"); i > 0 {
		cut = cut[:i]
	}
	return strings.ToValidUTF8(cut, "") + " …"
}

// markdownDoc renders a's Doc, a Go doc comment, as Markdown, with a
// link to the check's page.
func markdownDoc(a *analysis.Analyzer) string {
	title, rest := splitDoc(a)
	var p comment.Parser
	var pr comment.Printer
	md := "**" + a.Name + "**: " + title + "\n\n" + string(pr.Markdown(p.Parse(rest)))
	if a.URL != "" {
		md += "\n[Documentation](" + a.URL + ")\n"
	}
	return md
}

// sarifConverter turns findings into SARIF results.
type sarifConverter struct {
	cwd       string
	src       *sources
	ruleIndex map[string]int
}

// result converts one finding.
func (c *sarifConverter) result(f *finding) sarifResult {
	r := sarifResult{
		RuleID:    f.check,
		Level:     "error",
		Message:   sarifText{f.message},
		Locations: []sarifLocation{c.location(f.posn, f.end)},
	}
	if i, ok := c.ruleIndex[f.check]; ok {
		r.RuleIndex = &i
	}
	if h := c.src.file(f.posn.Filename).lineHash(f.posn.Line); h != "" {
		r.PartialFingerprints = map[string]string{"primaryLocationLineHash": h}
	}
	for i, rel := range f.related {
		loc := c.location(rel.posn, rel.end)
		loc.ID, loc.Message = ptr(i+1), &sarifText{rel.message}
		r.RelatedLocations = append(r.RelatedLocations, loc)
	}
	for _, fx := range f.fixes {
		r.Fixes = append(r.Fixes, c.fix(fx))
	}
	if f.suppression != nil {
		r.Suppressions = []sarifSuppression{{Kind: "inSource", Justification: f.suppression.justification}}
	}
	return r
}

// location converts the range [start, end) of a file. An end that is
// unknown (an invalid position) leaves the region open, which SARIF reads
// as "to the end of the line".
func (c *sarifConverter) location(start, end token.Position) sarifLocation {
	from := c.src.point(start)
	region := sarifRegion{StartLine: from.line, StartColumn: from.col}
	if end.IsValid() {
		to := c.src.point(end)
		region.EndLine, region.EndColumn = to.line, to.col
	}
	return sarifLocation{PhysicalLocation: sarifPhysicalLoc{ArtifactLocation: c.artifact(start.Filename), Region: region}}
}

// fix converts a suggested fix: one artifactChange per file, in the order
// the edits name the files.
func (c *sarifConverter) fix(fx fix) sarifFix {
	out := sarifFix{Description: sarifText{fx.message}}
	index := make(map[string]int)
	for _, e := range fx.edits {
		i, ok := index[e.filename]
		if !ok {
			i = len(out.ArtifactChanges)
			index[e.filename] = i
			out.ArtifactChanges = append(out.ArtifactChanges, sarifArtifactChange{ArtifactLocation: c.artifact(e.filename)})
		}
		change := &out.ArtifactChanges[i]
		change.Replacements = append(change.Replacements, c.replacement(e))
	}
	return out
}

// replacement converts an edit. Its deleted region is given in bytes and,
// when the file can be read, also in lines and columns.
func (c *sarifConverter) replacement(e edit) sarifReplacement {
	region := sarifRegion{ByteOffset: ptr(e.start), ByteLength: ptr(e.end - e.start)}
	f := c.src.file(e.filename)
	from, ok1 := f.at(e.start)
	to, ok2 := f.at(e.end)
	if ok1 && ok2 {
		region.StartLine, region.StartColumn, region.EndLine, region.EndColumn = from.line, from.col, to.line, to.col
	}
	r := sarifReplacement{DeletedRegion: region}
	if e.new != "" {
		r.InsertedContent = &sarifText{e.new}
	}
	return r
}

// artifact returns the location of the file name: relative to %SRCROOT%
// (the working directory) if it is inside it, else an absolute file URI.
func (c *sarifConverter) artifact(name string) sarifArtifact {
	if rel, err := filepath.Rel(c.cwd, name); err == nil && filepath.IsLocal(rel) {
		return sarifArtifact{URI: (&url.URL{Path: filepath.ToSlash(rel)}).String(), URIBaseID: sarifSrcRoot}
	}
	return sarifArtifact{URI: fileURI(name)}
}

// fileURI returns the file URI of an absolute path.
func fileURI(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive: file:///C:/...
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// dirURI returns the file URI of a directory, which ends in "/" as SARIF
// requires of a base URI.
func dirURI(dir string) string {
	return strings.TrimSuffix(fileURI(dir), "/") + "/"
}

// ptr returns a pointer to a copy of v.
func ptr[T any](v T) *T {
	return &v
}
