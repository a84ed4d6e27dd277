package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const example = `# latebind.yaml
disable: [txcapture]
loopcapture:
  registrars:
    - "(*example.com/app/db.Tx).AfterCommit"
  synchronous: [example.com/app/util.Each]
txenqueue:
  http: true
  enqueuers: ["(*example.com/app/queue.Client).Push"]
  transactional: ["(*example.com/app/queue.Client).PushTx"]
transactions:
  types: ["*example.com/app/db.Tx"]
  begin: ["(*example.com/app/db.DB).Begin"]
  end: ["(*example.com/app/db.Tx).Commit", "(*example.com/app/db.Tx).Rollback"]
  callbacks:
    - {func: "(*example.com/app/db.DB).WithTx", arg: 1}
`

func TestParse(t *testing.T) {
	cfg, err := Parse([]byte(example))
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Disable: []string{"txcapture"},
		Loopcapture: Loopcapture{
			Registrars:  []string{"(*example.com/app/db.Tx).AfterCommit"},
			Synchronous: []string{"example.com/app/util.Each"},
		},
		Txenqueue: Txenqueue{
			HTTP:          true,
			Enqueuers:     []string{"(*example.com/app/queue.Client).Push"},
			Transactional: []string{"(*example.com/app/queue.Client).PushTx"},
		},
		Transactions: Transactions{
			Types:     []string{"*example.com/app/db.Tx"},
			Begin:     []string{"(*example.com/app/db.DB).Begin"},
			End:       []string{"(*example.com/app/db.Tx).Commit", "(*example.com/app/db.Tx).Rollback"},
			Callbacks: []Callback{{Func: "(*example.com/app/db.DB).WithTx", Arg: 1}},
		},
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("got %+v\nwant %+v", cfg, want)
	}
	if cfg.Enabled("txcapture") || !cfg.Enabled("loopcapture") {
		t.Error("disable not honoured")
	}
	k := cfg.Knowledge()
	if _, ok := k.Registrar("(*example.com/app/db.Tx).AfterCommit"); !ok {
		t.Error("registrar not in the knowledge")
	}
	if !k.IsTxType("*example.com/app/db.Tx") {
		t.Error("tx type not in the knowledge")
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"loopcapture:\n  registrar: [x]\n", "2: field registrar not found"},
		{"txenqueue:\n  http: maybe\n", "2: cannot unmarshal"},
		{"disable: [loopcapture, nosuch]\n", `1: disable: unknown check "nosuch"`},
		{"loopcapture: [\n", "1: did not find expected node content"},
		{"colour: blue\n", "1: field colour not found"},
		{"transactions:\n  callbacks:\n    - {func: f, arg: one}\n", "3: cannot unmarshal"},
	} {
		_, err := Parse([]byte(tc.src))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, want an error starting %q", tc.src, err, tc.want)
		}
	}
	if cfg, err := Parse(nil); err != nil || !reflect.DeepEqual(cfg, &Config{}) {
		t.Errorf("an empty file is the default configuration: %v %v", cfg, err)
	}
}

func TestLoadAndFind(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "internal", "app")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(path, s string) {
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(root, "go.mod"), "module example.com/app\n")
	if got := Find(sub); got != "" {
		t.Errorf("Find without a file = %q", got)
	}
	path := filepath.Join(root, FileName)
	write(path, "txenqueue:\n  htp: true\n")
	if got := Find(sub); got != path {
		t.Errorf("Find = %q, want %q", got, path)
	}
	_, err := Load(path)
	if err == nil || !strings.HasPrefix(err.Error(), path+":2: field htp not found") {
		t.Errorf("Load error = %v, want it to name the file, line and key", err)
	}
}

// The example in docs/configuration.md is a valid configuration that sets
// every key.
func TestDocumentedExample(t *testing.T) {
	doc, err := os.ReadFile("../../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "```yaml\n")
	block, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("docs/configuration.md has no yaml example")
	}
	cfg, err := Parse([]byte(block))
	if err != nil {
		t.Fatalf("the documented example does not parse: %v", err)
	}
	v := reflect.ValueOf(*cfg)
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if f.Tag.Get("yaml") != "-" && v.Field(i).IsZero() {
			t.Errorf("the example does not set %s", f.Name)
		}
		if sub := v.Field(i); sub.Kind() == reflect.Struct {
			for j := range sub.NumField() {
				if sub.Field(j).IsZero() {
					t.Errorf("the example does not set %s.%s", f.Name, sub.Type().Field(j).Name)
				}
			}
		}
	}
}
