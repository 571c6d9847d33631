package announcement

import (
	"encoding/json"

	"github.com/invopop/jsonschema"
)

// JSONSchema generates the JSON Schema (draft 2020-12) of the file format
// from the Go types, as published in schema/announcement.schema.json.
func JSONSchema() ([]byte, error) {
	r := &jsonschema.Reflector{
		RequiredFromJSONSchemaTags: true,
		ExpandedStruct:             true,
	}
	s := r.Reflect(&File{})
	// The schema is used by path (editor modelines, tests), so it claims no URL.
	s.ID = ""
	s.Title = "armsgraph announcement file"
	s.Description = "One sanctions announcement: its metadata, the entities it names, the designations it makes, and the relationships, ports and transfers its sources state. Documented in loaders/announcement/FORMAT.md."
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}
