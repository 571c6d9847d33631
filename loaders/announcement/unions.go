package announcement

import "github.com/invopop/jsonschema"

// scalarForm is implemented by types a file may write either as a mapping
// or, in short, as a single string.
type scalarForm interface {
	setFromScalar(s string)
}

func (a *Alias) setFromScalar(s string) { a.Name = s }

func (a *Address) setFromScalar(s string) { a.Text = s }

// JSONSchemaExtend publishes Alias as "a string or the mapping".
func (Alias) JSONSchemaExtend(s *jsonschema.Schema) {
	stringOrObject(s, "Another name: a plain string, or a mapping with name, type and quality.")
}

// JSONSchemaExtend publishes Address as "a string or the mapping".
func (Address) JSONSchemaExtend(s *jsonschema.Schema) {
	stringOrObject(s, "A postal address: a plain string, or a mapping with text, city and country.")
}

func stringOrObject(s *jsonschema.Schema, description string) {
	object := *s
	one := uint64(1)
	*s = jsonschema.Schema{
		Description: description,
		OneOf:       []*jsonschema.Schema{{Type: "string", MinLength: &one}, &object},
	}
}
