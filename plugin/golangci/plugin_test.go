package golangci

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"

	"github.com/latebind/latebind/internal/config"
)

func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin("latebind")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.(*plugin); !ok {
		t.Fatalf("plugin latebind is %T", p)
	}
}

// Settings arrive as golangci-lint's YAML decoder leaves them: maps with
// string keys, []any lists.
func TestSettings(t *testing.T) {
	tests := []struct {
		name     string
		settings any
		want     config.Config
	}{
		{"none", nil, config.Config{}},
		{"empty", map[string]any{}, config.Config{}},
		{"all", map[string]any{
			"disable": []any{"txcapture"},
			"loopcapture": map[string]any{
				"registrars":  []any{"(example.com/jobs.Scheduler).Schedule"},
				"synchronous": []any{"example.com/jobs.Now"},
			},
			"txenqueue": map[string]any{
				"http":          true,
				"enqueuers":     []any{"example.com/jobs.Send"},
				"transactional": []any{"example.com/outbox.Put"},
			},
			"transactions": map[string]any{
				"types":     []any{"*example.com/db.Tx"},
				"begin":     []any{"(*example.com/db.DB).Begin"},
				"end":       []any{"(*example.com/db.Tx).Commit"},
				"callbacks": []any{map[string]any{"func": "(*example.com/db.DB).InTx", "arg": 1}},
			},
		}, config.Config{
			Disable: []string{"txcapture"},
			Loopcapture: config.Loopcapture{
				Registrars:  []string{"(example.com/jobs.Scheduler).Schedule"},
				Synchronous: []string{"example.com/jobs.Now"},
			},
			Txenqueue: config.Txenqueue{
				HTTP:          true,
				Enqueuers:     []string{"example.com/jobs.Send"},
				Transactional: []string{"example.com/outbox.Put"},
			},
			Transactions: config.Transactions{
				Types:     []string{"*example.com/db.Tx"},
				Begin:     []string{"(*example.com/db.DB).Begin"},
				End:       []string{"(*example.com/db.Tx).Commit"},
				Callbacks: []config.Callback{{Func: "(*example.com/db.DB).InTx", Arg: 1}},
			},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := New(tt.settings)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.(*plugin).cfg; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("config = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// A mistake in the settings stops golangci-lint with an error that names
// the key, rather than leaving a check silently unconfigured.
func TestBadSettings(t *testing.T) {
	tests := []struct {
		name     string
		settings any
		want     []string // substrings of the error
	}{
		{"unknown top-level key", map[string]any{"registrars": []any{"x"}},
			[]string{`unknown key "registrars"`, "loopcapture"}},
		{"unknown nested key", map[string]any{"loopcapture": map[string]any{"registrar": []any{"x"}}},
			[]string{`unknown key "loopcapture.registrar"`, "registrars, synchronous"}},
		{"two unknown keys", map[string]any{"txenqueue": map[string]any{"htttp": true, "queues": 1}},
			[]string{`"txenqueue.htttp"`, `"txenqueue.queues"`}},
		{"string for bool", map[string]any{"txenqueue": map[string]any{"http": "yes"}},
			[]string{`key "txenqueue.http"`, "want bool", "got string"}},
		{"string for list", map[string]any{"disable": "txcapture"},
			[]string{`key "disable"`, "want []string"}},
		{"string for callback", map[string]any{"transactions": map[string]any{"callbacks": []any{"x"}}},
			[]string{`key "transactions.callbacks"`, "want config.Callback"}},
		{"settings not a map", []any{"loopcapture"},
			[]string{"latebind settings"}},
		{"unknown check", map[string]any{"disable": []any{"loopcaptur"}},
			[]string{`unknown check "loopcaptur"`, "loopcapture, txenqueue, txcapture"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := New(tt.settings)
			if err == nil {
				t.Fatalf("no error; config %+v", p.(*plugin).cfg)
			}
			for _, w := range append(tt.want, "latebind settings: ") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

// Keys match without regard to case, as encoding/json matches them (and
// golangci-lint lowercases them anyway).
func TestKeyCase(t *testing.T) {
	p, err := New(map[string]any{"TxEnqueue": map[string]any{"HTTP": true}})
	if err != nil {
		t.Fatal(err)
	}
	if !p.(*plugin).cfg.Txenqueue.HTTP {
		t.Error("txenqueue.http not set")
	}
}

func TestLoadMode(t *testing.T) {
	p, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("load mode %q, want %q", got, register.LoadModeTypesInfo)
	}
}

func TestBuildAnalyzers(t *testing.T) {
	tests := []struct {
		disable []any
		want    []string
	}{
		{nil, config.Checks},
		{[]any{"txcapture"}, []string{"loopcapture", "txenqueue"}},
		{[]any{"loopcapture", "txenqueue", "txcapture"}, nil},
	}
	for _, tt := range tests {
		p, err := New(map[string]any{"disable": tt.disable})
		if err != nil {
			t.Fatal(err)
		}
		analyzers, err := p.BuildAnalyzers()
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, a := range analyzers {
			names = append(names, a.Name)
		}
		if !slices.Equal(names, tt.want) {
			t.Errorf("disable %v: analyzers %v, want %v", tt.disable, names, tt.want)
		}
	}
}

// Each plugin gets analyzers of its own: two golangci-lint configurations
// in one process do not share settings.
func TestPluginsIndependent(t *testing.T) {
	a, _ := New(map[string]any{"txenqueue": map[string]any{"http": true}})
	b, _ := New(nil)
	aa, _ := a.BuildAnalyzers()
	ba, _ := b.BuildAnalyzers()
	for i := range aa {
		if aa[i] == ba[i] {
			t.Errorf("analyzer %s shared between plugins", aa[i].Name)
		}
	}
}

// The settings reach the analyzers: run directly (without golangci-lint)
// on package app of testdata/mod, each scenario finds what it should.
// Package notify, slow to load, is left to the integration test. The
// plugin's analyzers leave //nolint to golangci-lint (so that nolintlint
// sees it used): run directly, they report the lb:nolint finding, which
// the integration test shows golangci-lint dropping.
func TestSettingsReachAnalyzers(t *testing.T) {
	marks := markers(t, testmod)
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			want := sc.want
			if slices.Contains(want, "plain") {
				want = append(slices.Clone(want), "nolint")
			}
			checkMarkers(t, marks, direct(t, testmod, sc.settings, "./app"), want, "app")
		})
	}
}

// The finding marked lb:nolint is real: without its //nolint:latebind it
// is reported, so its absence elsewhere is the directive's doing.
func TestNolintLineHasFinding(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, testmod, dir)
	file := filepath.Join(dir, "app", "app.go")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	stripped := strings.Replace(string(src), "//nolint:latebind // lb:nolint", "// lb:nolint", 1)
	if stripped == string(src) {
		t.Fatal("app.go has no //nolint:latebind directive marked lb:nolint")
	}
	if err := os.WriteFile(file, []byte(stripped), 0o644); err != nil {
		t.Fatal(err)
	}
	checkMarkers(t, markers(t, dir), direct(t, dir, nil, "./app"), []string{"plain", "two", "fact", "nolint"}, "app")
}
