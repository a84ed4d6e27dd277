package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"

	"gopkg.in/yaml.v3"
)

// Find looks for latebind.yaml in dir and its parents, stopping at the
// module root (the first directory with a go.mod). It returns "" if there
// is none.
func Find(dir string) string {
	for {
		path := filepath.Join(dir, FileName)
		if _, err := os.Stat(path); err == nil {
			return path
		}
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Load reads a configuration file. Errors name the file, the line and the
// key: "latebind.yaml:3: field registrar not found in type config.Loopcapture".
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	cfg, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s:%w", path, err)
	}
	return cfg, nil
}

// Parse decodes a configuration, rejecting unknown keys, values of the
// wrong type and unknown check names. Errors start with the line number.
func Parse(data []byte) (*Config, error) {
	cfg := &Config{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlError(err)
	}
	if err := cfg.validate(data); err != nil {
		return nil, err
	}
	return cfg, nil
}

// yamlError turns yaml.v3's "yaml: line 3: ..." or a TypeError's list
// into "3: ...".
func yamlError(err error) error {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("%s: %s", m[1], m[2])
	}
	return fmt.Errorf("1: %s", msg)
}

var lineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// validate checks what the YAML schema cannot: check names.
func (c *Config) validate(data []byte) error {
	for _, name := range c.Disable {
		if !slices.Contains(Checks, name) {
			return fmt.Errorf("%d: disable: unknown check %q (checks: %v)", lineOf(data, name), name, Checks)
		}
	}
	return nil
}

// lineOf returns the first line that mentions s, for error messages.
func lineOf(data []byte, s string) int {
	for i, line := range bytes.Split(data, []byte("\n")) {
		if bytes.Contains(line, []byte(s)) {
			return i + 1
		}
	}
	return 1
}
