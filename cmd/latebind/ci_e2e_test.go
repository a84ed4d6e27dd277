package main

import (
	"bytes"
	"encoding/json"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/tools/go/analysis"

	"github.com/latebind/latebind/internal/suite"
)

// The CI-gate tests run the binary with -format, -fail and -explain, and
// check the SARIF against the SARIF 2.1.0 schema (testdata/README.md says
// where it comes from).

// validateSARIF fails the test unless data is valid against the SARIF
// 2.1.0 JSON schema.
func validateSARIF(t *testing.T, data []byte) {
	t.Helper()
	if err := compileSARIFSchema(t).Validate(decodeJSON(t, data)); err != nil {
		t.Fatalf("SARIF output is not valid SARIF 2.1.0: %v\n%s", err, data)
	}
}

// compileSARIFSchema compiles the SARIF 2.1.0 schema, asserting formats (uri,
// uri-reference, date-time, ...), which the 2020-12 draft it declares
// otherwise only annotates.
func compileSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-2.1.0.json", decodeJSON(t, []byte(readFile(t, "testdata", "sarif-2.1.0.json")))); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("sarif-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	return schema
}

// decodeJSON decodes data as the validator wants it.
func decodeJSON(t *testing.T, data []byte) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, data)
	}
	return v
}

// TestSARIFSchemaRejects makes sure the validator is awake: it must
// reject what GitHub rejects (a column 0, as in r-lib/lintr#2550) and a
// relative rule help URI.
func TestSARIFSchemaRejects(t *testing.T) {
	t.Parallel()
	schema, valid := compileSARIFSchema(t), validSARIF(t)
	for _, c := range []struct{ old, new string }{
		{`"startColumn": 8`, `"startColumn": 0`},
		{`"helpUri": "https://example.com/a"`, `"helpUri": "a.md"`},
		{`"level": "error"`, `"level": "fatal"`},
	} {
		bad := strings.Replace(valid, c.old, c.new, 1)
		if bad == valid {
			t.Fatalf("%s not in the SARIF", c.old)
		}
		if err := schema.Validate(decodeJSON(t, []byte(bad))); err == nil {
			t.Errorf("the schema accepts %s", c.new)
		}
	}
}

// validSARIF returns the SARIF of one finding of check a at 1:8.
func validSARIF(t *testing.T) string {
	dir, file := writeSource(t, "p.go", "package p\n")
	posn := token.Position{Filename: file, Offset: 7, Line: 1, Column: 8}
	var buf bytes.Buffer
	if err := writeSARIF(&buf, []*finding{{check: "a", posn: posn, end: posn, message: "m"}}, testAnalyzers, dir); err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, buf.Bytes())
	return buf.String()
}

// decodeSARIF validates data and decodes it.
func decodeSARIF(t *testing.T, data []byte) sarifRun {
	t.Helper()
	validateSARIF(t, data)
	var log sarifLog
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q, %d runs", log.Version, len(log.Runs))
	}
	return log.Runs[0]
}

func TestStandaloneSARIF(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{"e2e.go": findingSrc})
	r := latebind(t, dir, "-format=sarif")
	wantCode(t, r, exitFindings)
	run := decodeSARIF(t, []byte(r.stdout))
	wantRules(t, run.Tool.Driver)
	if run.ColumnKind != "utf16CodeUnits" || len(run.Results) != 1 {
		t.Fatalf("columnKind %q, %d results", run.ColumnKind, len(run.Results))
	}
	res := run.Results[0]
	if res.RuleID != "loopcapture" || res.RuleIndex == nil || *res.RuleIndex != 0 ||
		res.Level != "error" || !strings.HasPrefix(res.Message.Text, wantMessage) {
		t.Errorf("result: %+v", res)
	}
	wantLocation(t, res.Locations[0], sarifRegion{StartLine: 10, StartColumn: 8, EndLine: 10, EndColumn: 9})
	if len(res.RelatedLocations) != 2 || res.RelatedLocations[0].PhysicalLocation.Region.StartLine != 8 ||
		res.RelatedLocations[0].Message == nil {
		t.Errorf("related locations: %+v", res.RelatedLocations)
	}
	if !strings.HasSuffix(res.PartialFingerprints["primaryLocationLineHash"], ":1") {
		t.Errorf("partialFingerprints: %v", res.PartialFingerprints)
	}
	wantSARIFFix(t, res.Fixes)
}

// wantRules checks the driver: one rule per check of the suite.
func wantRules(t *testing.T, d sarifDriver) {
	t.Helper()
	analyzers := suite.Analyzers()
	if d.Name != "latebind" || d.InformationURI == "" || d.Version == "" || len(d.Rules) != len(analyzers) {
		t.Fatalf("driver: %+v", d)
	}
	for i, a := range analyzers {
		rule := d.Rules[i]
		title, _, _ := strings.Cut(a.Doc, "\n")
		if rule.ID != a.Name || rule.ShortDescription.Text != title || rule.FullDescription.Text == "" ||
			rule.HelpURI != "https://github.com/latebind/latebind/blob/main/docs/checks/"+a.Name+".md" ||
			rule.DefaultConfiguration.Level != "error" || !strings.Contains(rule.Help.Markdown, rule.HelpURI) {
			t.Errorf("rule %d: %+v", i, rule)
		}
	}
}

// wantLocation checks that loc is the region of e2e.go.
func wantLocation(t *testing.T, loc sarifLocation, region sarifRegion) {
	t.Helper()
	phys := loc.PhysicalLocation
	if phys.ArtifactLocation != (sarifArtifact{URI: "e2e.go", URIBaseID: "%SRCROOT%"}) || phys.Region != region {
		t.Errorf("location %+v, want e2e.go %+v", phys, region)
	}
}

// wantSARIFFix checks that the fixes hold the one fix of findingSrc and
// that applying its replacement gives fixedSrc.
func wantSARIFFix(t *testing.T, fixes []sarifFix) {
	t.Helper()
	if len(fixes) != 1 || len(fixes[0].ArtifactChanges) != 1 || len(fixes[0].ArtifactChanges[0].Replacements) != 1 {
		t.Fatalf("fixes: %+v", fixes)
	}
	change := fixes[0].ArtifactChanges[0]
	rep := change.Replacements[0]
	del := rep.DeletedRegion
	if change.ArtifactLocation.URI != "e2e.go" || rep.InsertedContent == nil || rep.InsertedContent.Text != "u := u\n\t\t" ||
		del.StartLine != 9 || del.StartColumn != 3 || del.EndLine != 9 || del.EndColumn != 3 {
		t.Fatalf("fix: %+v", fixes[0])
	}
	start, end := *del.ByteOffset, *del.ByteOffset+*del.ByteLength
	if got := findingSrc[:start] + rep.InsertedContent.Text + findingSrc[end:]; got != fixedSrc {
		t.Errorf("applying the SARIF replacement gives:\n%s", got)
	}
}

func TestStandaloneSARIFClean(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{"e2e.go": fixedSrc})
	r := latebind(t, dir, "-format=sarif")
	wantCode(t, r, exitClean)
	run := decodeSARIF(t, []byte(r.stdout))
	if run.Results == nil || len(run.Results) != 0 || len(run.Tool.Driver.Rules) == 0 {
		t.Errorf("clean run: results %v, %d rules", run.Results, len(run.Tool.Driver.Rules))
	}
}

// TestSARIFMultitool checks the SARIF with Microsoft's SARIF Multitool,
// the validator behind the SARIF web validator that GitHub's docs point
// to, with its SARIF rules and GitHub's ingestion rules. It needs the
// binary (npm pack @microsoft/sarif-multitool-linux; it is self-contained,
// no .NET needed) named by LATEBIND_SARIF_MULTITOOL, and is skipped
// without it.
func TestSARIFMultitool(t *testing.T) {
	tool := os.Getenv("LATEBIND_SARIF_MULTITOOL")
	if tool == "" {
		t.Skip("LATEBIND_SARIF_MULTITOOL is not set")
	}
	t.Parallel()
	dir := newModule(t, map[string]string{"e2e.go": findingSrc})
	r := latebind(t, dir, "-format=sarif")
	wantCode(t, r, exitFindings)
	in, out := filepath.Join(dir, "latebind.sarif"), filepath.Join(dir, "validation.sarif")
	if err := os.WriteFile(in, []byte(r.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tool, "validate", in, "--rule-kind", "Sarif;Gh", "--level", "Error;Warning",
		"-o", out, "--log", "ForceOverwrite")
	if output, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", tool, err, output)
	}
	var log struct {
		Runs []struct{ Results []json.RawMessage }
	}
	if err := json.Unmarshal([]byte(readFile(t, dir, "validation.sarif")), &log); err != nil {
		t.Fatal(err)
	}
	for _, res := range log.Runs[0].Results {
		t.Errorf("Multitool: %s", res)
	}
}

func TestStandaloneGitHub(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{"e2e.go": findingSrc})
	r := latebind(t, dir, "-format=github")
	wantCode(t, r, exitFindings)
	want := "::error file=e2e.go,line=10,col=8,endLine=10,endColumn=9,title=latebind loopcapture::" + wantMessage
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], want+"%0Ae2e.go:8:3: ") {
		t.Errorf("-format=github printed:\n%s\nwant one line starting with:\n%s", r.stdout, want)
	}
}

func TestStandaloneFailNone(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{"e2e.go": findingSrc})
	r := latebind(t, dir, "-fail=none", "-format=github")
	wantCode(t, r, exitClean)
	if !strings.HasPrefix(r.stdout, "::error file=e2e.go,") {
		t.Errorf("-fail=none must still report:\n%s", r.stdout)
	}
	broken := newModule(t, map[string]string{"e2e.go": "package e2e\n\nvar X int = \"s\"\n"})
	wantCode(t, latebind(t, broken, "-fail=none"), exitError)
}

func TestStandaloneJSONAlias(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{"e2e.go": findingSrc})
	json1, json2 := latebind(t, dir, "-json"), latebind(t, dir, "-format=json")
	wantCode(t, json1, exitFindings)
	if json1.stdout != json2.stdout || !strings.HasPrefix(json1.stdout, "[") {
		t.Errorf("-json printed:\n%s\n-format=json printed:\n%s", json1.stdout, json2.stdout)
	}
}

func TestExplain(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := latebind(t, dir, "-explain", "loopcapture")
	wantCode(t, r, exitClean)
	for _, want := range []string{
		"loopcapture: report late-running closures that read a loop-shared variable\n\nA closure registered",
		"\nDocumentation: https://github.com/latebind/latebind/blob/main/docs/checks/loopcapture.md\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("-explain loopcapture lacks %q:\n%s", want, r.stdout)
		}
	}
	r = latebind(t, dir, "-explain=nosuch")
	wantCode(t, r, exitError)
	if !strings.Contains(r.stderr, `unknown check "nosuch"; the checks are: loopcapture, txenqueue, txcapture`) {
		t.Errorf("-explain=nosuch: stderr:\n%s", r.stderr)
	}
}

func TestUsageDocumentsExitCodes(t *testing.T) {
	t.Parallel()
	r := latebind(t, t.TempDir(), "-h")
	wantCode(t, r, exitClean)
	for _, want := range []string{"-format text", "-fail any", "-explain check", "Exit status:", "-fail=none"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("-h lacks %q:\n%s", want, r.stderr)
		}
	}
}

func TestOutputFlags(t *testing.T) {
	analyzers := []*analysis.Analyzer{{Name: "a", Doc: "a: check a"}}
	for _, args := range [][]string{
		{"-format=xml"}, {"-fail=some"}, {"-json", "-format=sarif"},
		{"-format=sarif", "-fix"}, {"-format=github", "-diff"},
	} {
		_, err := parseFlags(args, analyzers, &bytes.Buffer{})
		if err == nil {
			t.Errorf("parseFlags(%q) accepted", args)
		}
	}
	for args, want := range map[string]string{
		"":                          formatText,
		"-json":                     formatJSON,
		"-json -format=json":        formatJSON,
		"-format=sarif":             formatSARIF,
		"-format github -fail=none": formatGitHub,
	} {
		opts, err := parseFlags(strings.Fields(args), analyzers, &bytes.Buffer{})
		if err != nil || opts.format != want || opts.failOnFindings == slices.Contains(strings.Fields(args), "-fail=none") {
			t.Errorf("parseFlags(%q) = %+v, %v; want format %s", args, opts, err, want)
		}
	}
}
