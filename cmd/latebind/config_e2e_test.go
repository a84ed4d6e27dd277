package main

import (
	"strings"
	"testing"
)

// latebind.yaml at the module root configures every front-end.

func TestConfigFileDisables(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{"e2e.go": findingSrc, "latebind.yaml": "disable: [loopcapture]\n"})
	wantCode(t, latebind(t, dir), exitClean)
}

func TestConfigFileUnderGoVet(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{
		"e2e.go":        strings.NewReplacer("go func() {", "later(func() {", "}()", "})").Replace(findingSrc),
		"later.go":      "package e2e\n\nfunc later(f func()) { _ = f }\n",
		"latebind.yaml": "loopcapture:\n  registrars: [example.com/e2e.later]\n",
	})
	// later only discards f: inference does not see it as a registrar, the
	// configuration does.
	r := run(t, dir, "go", "vet", "-vettool="+latebindBin, "./...")
	if !strings.Contains(r.stderr, "the callback kept by e2e.later reads it") {
		t.Errorf("go vet did not use latebind.yaml:\n%s", r.stderr)
	}
}

func TestConfigFileMalformed(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{"e2e.go": findingSrc, "latebind.yaml": "loopcapture:\n  registrar: [x]\n"})
	r := latebind(t, dir)
	wantCode(t, r, exitError)
	if !strings.Contains(r.stderr, "latebind.yaml:2: field registrar not found") {
		t.Errorf("stderr does not name the file, line and key:\n%s", r.stderr)
	}
}
