package announcement

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/armsgraph/armsgraph/loaders/reference"
)

// The decoder walks the YAML syntax tree itself instead of calling
// yaml.Unmarshal: a strict Unmarshal stops at the first unknown field or
// wrong type, and maintainers are owed every problem of a file at once,
// each with its line and column.

type position struct{ line, column int }

type decoder struct {
	path     string
	ref      *reference.Data
	problems []Problem
	// positions maps a field path (entities[2].imoNumber) to where its
	// value stands, so the cross-field checks can point at it too.
	positions map[string]position
}

func newDecoder(path string, ref *reference.Data) *decoder {
	return &decoder{path: path, ref: ref, positions: make(map[string]position)}
}

func (d *decoder) addAt(pos position, field, format string, args ...any) {
	d.problems = append(d.problems, Problem{
		Path: d.path, Line: pos.line, Column: pos.column, Field: field,
		Message: fmt.Sprintf(format, args...),
	})
}

// add reports a problem at the field's recorded position, or at its
// nearest recorded parent when the field itself is absent.
func (d *decoder) add(field, format string, args ...any) {
	d.addAt(d.position(field), field, format, args...)
}

func (d *decoder) position(field string) position {
	for f := field; f != ""; f = parentField(f) {
		if pos, ok := d.positions[f]; ok {
			return pos
		}
	}
	return position{1, 1}
}

func parentField(field string) string {
	i := strings.LastIndexAny(field, ".[")
	if i < 0 {
		return ""
	}
	return field[:i]
}

func childField(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "." + name
}

// positionOf is where a node starts; a block mapping's own token is the
// colon of its first key, so a mapping is placed at that key instead.
func positionOf(node ast.Node) position {
	switch n := node.(type) {
	case *ast.MappingNode:
		if len(n.Values) > 0 {
			return positionOf(n.Values[0].Key)
		}
	case *ast.MappingValueNode:
		return positionOf(n.Key)
	}
	if node != nil {
		if tk := node.GetToken(); tk != nil && tk.Position != nil && tk.Position.Line >= 1 {
			return position{tk.Position.Line, max(tk.Position.Column, 1)}
		}
	}
	return position{1, 1}
}

// decodeFile parses data and decodes it into a File, collecting problems.
// It returns nil when the YAML itself is unreadable or empty.
func (d *decoder) decodeFile(data []byte) *File {
	parsed, err := parser.ParseBytes(data, 0)
	if err != nil {
		d.syntaxProblem(err)
		return nil
	}
	var docs []*ast.DocumentNode
	for _, doc := range parsed.Docs {
		if doc != nil && doc.Body != nil {
			docs = append(docs, doc)
		}
	}
	if len(docs) == 0 {
		d.addAt(position{1, 1}, "", "empty file: an announcement file needs at least an announcement section")
		return nil
	}
	for _, extra := range docs[1:] {
		d.addAt(positionOf(extra.Body), "", "a second YAML document: one file holds one announcement")
	}
	var file File
	d.decodeValue(docs[0].Body, reflect.ValueOf(&file).Elem(), "", fieldInfo{}, positionOf(docs[0].Body))
	return &file
}

func (d *decoder) syntaxProblem(err error) {
	var yerr yaml.Error
	pos := position{1, 1}
	msg := err.Error()
	if errors.As(err, &yerr) {
		msg = yerr.GetMessage()
		if tk := yerr.GetToken(); tk != nil && tk.Position != nil && tk.Position.Line >= 1 {
			pos = position{tk.Position.Line, max(tk.Position.Column, 1)}
		}
	}
	d.addAt(pos, "", "YAML syntax error: %s", msg)
}

// fieldInfo is what the decoder reads from a struct field's tags.
type fieldInfo struct {
	index    int
	name     string
	required bool
	nullable bool
	nonEmpty bool
	minimum  *int
}

var fieldCache sync.Map // reflect.Type -> []fieldInfo

func fieldsOf(t reflect.Type) []fieldInfo {
	if cached, ok := fieldCache.Load(t); ok {
		return cached.([]fieldInfo)
	}
	var fields []fieldInfo
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		info := fieldInfo{index: i, name: name}
		for _, tag := range strings.Split(f.Tag.Get("jsonschema"), ",") {
			key, value, _ := strings.Cut(tag, "=")
			switch key {
			case "required":
				info.required = true
			case "nullable":
				info.nullable = true
			case "minLength":
				info.nonEmpty = value == "1"
			case "minimum":
				if n, err := strconv.Atoi(value); err == nil {
					info.minimum = &n
				}
			}
		}
		fields = append(fields, info)
	}
	fieldCache.Store(t, fields)
	return fields
}

// unwrap looks through anchors and non-string tags to the value.
func unwrap(node ast.Node) ast.Node {
	for {
		switch n := node.(type) {
		case *ast.AnchorNode:
			node = n.Value
		case *ast.TagNode:
			if n.Start.Value == "!!str" {
				return node
			}
			node = n.Value
		default:
			return node
		}
	}
}

func (d *decoder) decodeValue(node ast.Node, dst reflect.Value, field string, info fieldInfo, keyPos position) {
	node = unwrap(node)
	pos := keyPos
	if _, isNull := node.(*ast.NullNode); !isNull && node != nil {
		pos = positionOf(node)
	}
	d.positions[field] = pos

	switch node.(type) {
	case nil, *ast.NullNode:
		switch {
		case info.nullable:
		case info.required:
			d.addAt(pos, field, "required field has no value")
		default:
			d.addAt(pos, field, "expected %s, got an empty value", expected(dst.Type()))
		}
		return
	case *ast.AliasNode:
		d.addAt(pos, field, "YAML aliases (*name) are not supported in announcement files; write the value out")
		return
	}

	switch dst.Kind() {
	case reflect.Pointer:
		elem := reflect.New(dst.Type().Elem())
		d.decodeValue(node, elem.Elem(), field, info, keyPos)
		dst.Set(elem)
	case reflect.Struct:
		if short, ok := dst.Addr().Interface().(scalarForm); ok {
			if text, isString := stringScalar(node); isString {
				if strings.TrimSpace(text) == "" {
					d.addAt(pos, field, "must not be empty")
				}
				short.setFromScalar(text)
				return
			}
		}
		d.decodeStruct(node, dst, field, pos, keyPos)
	case reflect.Slice:
		seq, ok := node.(*ast.SequenceNode)
		if !ok {
			d.addAt(pos, field, "expected a list, got %s", describe(node))
			return
		}
		items := reflect.MakeSlice(dst.Type(), len(seq.Values), len(seq.Values))
		for i, item := range seq.Values {
			d.decodeValue(item, items.Index(i), fmt.Sprintf("%s[%d]", field, i), fieldInfo{}, positionOf(item))
		}
		dst.Set(items)
	case reflect.String:
		text, ok := stringScalar(node)
		if !ok {
			d.addAt(pos, field, "expected a string, got %s%s", describe(node), quoteHint(node))
			return
		}
		dst.SetString(text)
		if info.nonEmpty && strings.TrimSpace(text) == "" {
			d.addAt(pos, field, "must not be empty")
			return
		}
		d.checkValue(dst, field, pos)
	case reflect.Int:
		n, ok := intScalar(node)
		if !ok {
			d.addAt(pos, field, "expected a whole number, got %s", describe(node))
			return
		}
		dst.SetInt(int64(n))
		if info.minimum != nil && n < *info.minimum {
			d.addAt(pos, field, "%d is below the minimum %d", n, *info.minimum)
			return
		}
		d.checkValue(dst, field, pos)
	default:
		panic("announcement: no decoding for " + dst.Type().String())
	}
}

func (d *decoder) checkValue(v reflect.Value, field string, pos position) {
	if c, ok := v.Interface().(checkedValue); ok {
		if msg := c.problem(); msg != "" {
			d.addAt(pos, field, "%s", msg)
			return
		}
	}
	if r, ok := v.Interface().(referencedValue); ok {
		if msg := r.referenceProblem(d.ref); msg != "" {
			d.addAt(pos, field, "%s", msg)
		}
	}
}

// decodeStruct reports a missing field at keyPos, the key that holds the
// mapping (or the start of a list item), where a reader looks for it.
func (d *decoder) decodeStruct(node ast.Node, dst reflect.Value, field string, pos, keyPos position) {
	mapping, ok := node.(ast.MapNode)
	if !ok {
		d.addAt(pos, field, "expected %s, got %s", expected(dst.Type()), describe(node))
		return
	}
	fields := fieldsOf(dst.Type())
	seen := make(map[string]bool)
	for iter := mapping.MapRange(); iter.Next(); {
		key := iter.Key()
		name := key.GetToken().Value
		keyPos := positionOf(key)
		var info *fieldInfo
		for i := range fields {
			if fields[i].name == name {
				info = &fields[i]
				break
			}
		}
		child := childField(field, name)
		if info == nil {
			d.addAt(keyPos, child, "unknown field %q%s", name, suggest(name, fields))
			continue
		}
		seen[name] = true
		d.decodeValue(iter.Value(), dst.Field(info.index), child, *info, keyPos)
	}
	for _, f := range fields {
		if f.required && !seen[f.name] {
			d.addAt(keyPos, childField(field, f.name), "missing required field %q", f.name)
		}
	}
}

// suggest names a known field that differs from an unknown one only in
// case, the usual slip (imoNumber written imonumber, IMONumber).
func suggest(name string, fields []fieldInfo) string {
	for _, f := range fields {
		if strings.EqualFold(f.name, name) {
			return fmt.Sprintf(" (did you mean %q?)", f.name)
		}
	}
	var known []string
	for _, f := range fields {
		known = append(known, f.name)
	}
	return " (known fields: " + strings.Join(known, ", ") + ")"
}

func stringScalar(node ast.Node) (string, bool) {
	switch n := node.(type) {
	case *ast.StringNode:
		return n.Value, true
	case *ast.LiteralNode:
		return n.Value.Value, true
	case *ast.TagNode:
		if n.Start.Value == "!!str" {
			if _, isScalar := n.Value.(ast.ScalarNode); isScalar {
				return n.Value.GetToken().Value, true
			}
		}
	}
	return "", false
}

func intScalar(node ast.Node) (int, bool) {
	n, ok := node.(*ast.IntegerNode)
	if !ok {
		return 0, false
	}
	switch v := n.Value.(type) {
	case int64:
		if int64(int(v)) == v {
			return int(v), true
		}
	case uint64:
		if v <= uint64(int(^uint(0)>>1)) {
			return int(v), true
		}
	}
	return 0, false
}

func expected(t reflect.Type) string {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if _, short := reflect.New(t).Interface().(scalarForm); short {
		return "a string or a mapping"
	}
	switch t.Kind() {
	case reflect.Struct:
		return "a mapping"
	case reflect.Slice:
		return "a list"
	case reflect.Int:
		return "a whole number"
	}
	return "a string"
}

func describe(node ast.Node) string {
	switch n := node.(type) {
	case *ast.StringNode, *ast.LiteralNode:
		return "a string"
	case *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return "the number " + n.GetToken().Value
	case *ast.BoolNode:
		return "the boolean " + n.GetToken().Value
	case *ast.SequenceNode:
		return "a list"
	case ast.MapNode:
		return "a mapping"
	case *ast.TagNode:
		return "a value tagged " + n.Start.Value
	}
	return "a " + strings.ToLower(node.Type().String())
}

// quoteHint helps with the commonest slip: an unquoted number or date-like
// value where the format wants a string, such as an IMO number.
func quoteHint(node ast.Node) string {
	switch node.(type) {
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode:
		return fmt.Sprintf(" (quote it: %q)", node.GetToken().Value)
	}
	return ""
}
