package golangci

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/latebind/latebind/internal/config"
)

// unknownKeys reports the keys of settings that config.Config does not
// have, each with its full path (loopcapture.registrar, not registrar).
// Like encoding/json it matches key names without regard to case. Values
// that do not fit are left to the decoder.
func unknownKeys(settings any) error {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(settings); err != nil {
		return nil // DecodeSettings reports it
	}
	var tree any
	if err := json.Unmarshal(buf.Bytes(), &tree); err != nil {
		return nil
	}
	var errs []error
	walk(tree, reflect.TypeFor[config.Config](), "", &errs)
	return errors.Join(errs...)
}

// walk checks the value v, found at path, against the Go type t.
func walk(v any, t reflect.Type, path string, errs *[]error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		if m, ok := v.(map[string]any); ok {
			walkStruct(m, t, path, errs)
		}
	case reflect.Map:
		if m, ok := v.(map[string]any); ok {
			for _, k := range sortedKeys(m) {
				walk(m[k], t.Elem(), join(path, k), errs)
			}
		}
	case reflect.Slice, reflect.Array:
		if s, ok := v.([]any); ok {
			for i, e := range s {
				walk(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i), errs)
			}
		}
	}
}

// walkStruct checks the keys of m against the json names of t's fields.
func walkStruct(m map[string]any, t reflect.Type, path string, errs *[]error) {
	fields := jsonFields(t)
	for _, k := range sortedKeys(m) {
		f, ok := lookup(fields, k)
		if !ok {
			*errs = append(*errs, fmt.Errorf("unknown key %q (known keys%s: %s)",
				join(path, k), under(path), strings.Join(names(fields), ", ")))
			continue
		}
		walk(m[k], f.Type, join(path, k), errs)
	}
}

// jsonFields maps the json names of t's exported fields to the fields.
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	fields := make(map[string]reflect.StructField)
	for f := range t.Fields() {
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = f.Name
		}
		fields[name] = f
	}
	return fields
}

// lookup finds key among fields as encoding/json does: an exact match
// first, then one that differs only in case.
func lookup(fields map[string]reflect.StructField, key string) (reflect.StructField, bool) {
	if f, ok := fields[key]; ok {
		return f, true
	}
	for name, f := range fields {
		if strings.EqualFold(name, key) {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// typeError rewrites a value that does not fit its key as "key: want T,
// got V"; any other error is returned as it is.
func typeError(err error) error {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) || te.Field == "" {
		return err
	}
	return fmt.Errorf("key %q: want %s, got %s", te.Field, te.Type, te.Value)
}

func names(fields map[string]reflect.StructField) []string {
	return slices.Sorted(maps.Keys(fields))
}

func sortedKeys(m map[string]any) []string {
	return slices.Sorted(maps.Keys(m))
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func under(path string) string {
	if path == "" {
		return ""
	}
	return " under " + path
}
