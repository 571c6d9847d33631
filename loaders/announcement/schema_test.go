package announcement

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/seed"
)

const schemaFile = "../../schema/announcement.schema.json"

func TestSchemaIsUpToDate(t *testing.T) {
	generated, err := JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(generated, committed) {
		t.Errorf("%s differs from the schema generated from the Go types; run: go generate ./loaders/announcement", schemaFile)
	}
}

func compiledSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	raw, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("announcement.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("announcement.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// validateYAML checks a YAML file against the schema as an editor would:
// decoded to plain values, then seen as JSON. Unreadable YAML counts as
// rejected.
func validateYAML(s *jsonschema.Schema, data []byte) error {
	var value any
	if err := yaml.Unmarshal(data, &value); err != nil {
		return err
	}
	asJSON, err := json.Marshal(value)
	if err != nil {
		return err
	}
	instance, err := jsonschema.UnmarshalJSON(bytes.NewReader(asJSON))
	if err != nil {
		return err
	}
	return s.Validate(instance)
}

func TestSchemaAcceptsGoodFiles(t *testing.T) {
	s := compiledSchema(t)
	files, err := yamlFiles(filepath.Join("testdata", "good"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := validateYAML(s, data); err != nil {
			t.Errorf("%s fails the schema: %v", f, err)
		}
	}
}

// seedAnnouncements is whatever seed/announcements holds when the test runs.
func seedAnnouncements(t *testing.T) map[string][]byte {
	t.Helper()
	names, err := fs.Glob(seed.Files, "announcements/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files := make(map[string][]byte)
	for _, name := range names {
		data, err := fs.ReadFile(seed.Files, name)
		if err != nil {
			t.Fatal(err)
		}
		files["seed/"+name] = data
	}
	return files
}

func TestSchemaAcceptsSeedAnnouncements(t *testing.T) {
	s := compiledSchema(t)
	for name, data := range seedAnnouncements(t) {
		if err := validateYAML(s, data); err != nil {
			t.Errorf("%s fails the schema: %v", name, err)
		}
	}
}

// TestSeedAnnouncementsParse parses the shipped announcements against the
// shipped reference data, as `armsgraph load` will.
func TestSeedAnnouncementsParse(t *testing.T) {
	for name, data := range seedAnnouncements(t) {
		if _, err := Parse(name, data, reference.Default()); err != nil {
			t.Errorf("%s:\n%v", name, err)
		}
	}
}

// TestSchemaAgreesOnBadFiles checks both directions: the schema rejects
// every bad file whose problem it can express, and accepts the others,
// which keeps the schemaRejects column of badFiles honest.
func TestSchemaAgreesOnBadFiles(t *testing.T) {
	s := compiledSchema(t)
	for _, bf := range badFiles {
		data, err := os.ReadFile(filepath.Join("testdata", "bad", bf.name+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		err = validateYAML(s, data)
		switch {
		case bf.schemaRejects && err == nil:
			t.Errorf("%s: the schema accepts it, want rejected", bf.name)
		case !bf.schemaRejects && err != nil:
			t.Errorf("%s: the schema rejects it (%v), want accepted: only the parser can see this problem", bf.name, err)
		}
	}
}

// TestSchemaDescribesEveryField walks the published schema: every property
// of every object carries a description, for the editor's hover text.
func TestSchemaDescribesEveryField(t *testing.T) {
	raw, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]any
	if err := json.Unmarshal(raw, &root); err != nil {
		t.Fatal(err)
	}
	described := func(prop map[string]any) bool {
		if d, ok := prop["description"].(string); ok && d != "" {
			return true
		}
		// A nullable property is oneOf [the value, null]; the value holds it.
		if alts, ok := prop["oneOf"].([]any); ok && len(alts) > 0 {
			if first, ok := alts[0].(map[string]any); ok {
				d, _ := first["description"].(string)
				return d != ""
			}
		}
		return false
	}
	count := 0
	var walk func(where string, node any)
	walk = func(where string, node any) {
		switch n := node.(type) {
		case map[string]any:
			if props, ok := n["properties"].(map[string]any); ok {
				if n["additionalProperties"] != false {
					t.Errorf("%s allows additional properties", where)
				}
				for name, prop := range props {
					count++
					if p, ok := prop.(map[string]any); !ok || !described(p) {
						t.Errorf("%s.%s has no description", where, name)
					}
				}
			}
			for key, child := range n {
				walk(where+"/"+key, child)
			}
		case []any:
			for i, child := range n {
				walk(fmt.Sprintf("%s/%d", where, i), child)
			}
		}
	}
	walk("#", root)
	if count < 60 {
		t.Errorf("walked %d properties; the schema looks truncated", count)
	}
}
