package sqlsource

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/shcr/shcr/fhir"
)

// Mapping is a parsed mapping file: for each FHIR resource type the source
// serves, the SQL query that finds its rows, which search parameters the
// query's columns can answer, and the template that turns a row into a
// resource. It is immutable and safe for concurrent use. MAPPING.md
// describes the format.
type Mapping struct {
	types map[string]*typeMapping
}

// typeMapping is one resource type's entry.
type typeMapping struct {
	typ   string
	query compiledSQL
	// id and patient are the output columns holding the resource's id and
	// the id of the Patient whose compartment it is in ("" for types
	// outside any compartment).
	id, patient string
	search      []*searchDecl // sorted by name
	template    *objectNode
}

// Types returns the resource types the mapping serves, sorted.
func (m *Mapping) Types() []string {
	out := make([]string, 0, len(m.types))
	for t := range m.types {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// maxMappingBytes caps a mapping file.
const maxMappingBytes = 4 << 20

// LoadMapping reads and parses the mapping file at path.
func LoadMapping(path string) (*Mapping, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading the mapping: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxMappingBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading the mapping: %w", err)
	}
	m, err := ParseMapping(b)
	if err != nil {
		return nil, fmt.Errorf("mapping %s: %w", path, err)
	}
	return m, nil
}

// ParseMapping parses a mapping file. It is strict: an unknown key, a
// missing query or template, a query using a named parameter that does not
// exist, a template that cannot be written as FHIR JSON, and a Patient
// mapping that cannot resolve NHS numbers are all errors, each naming the
// resource type and the key. Checks that need the database (that the
// columns named exist and have usable types) are made by Source.Describe.
func ParseMapping(data []byte) (*Mapping, error) {
	if len(data) > maxMappingBytes {
		return nil, fmt.Errorf("the mapping is over %d bytes", maxMappingBytes)
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("the mapping is empty")
		}
		return nil, fmt.Errorf("the mapping is not YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, errors.New("the mapping holds more than one YAML document")
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("the mapping must be a YAML mapping with version and resources")
	}
	top, err := keys(doc.Content[0], "mapping", "version", "resources")
	if err != nil {
		return nil, err
	}
	v := top["version"]
	if v == nil {
		return nil, errors.New("version: required; this adapter reads version 1")
	}
	if v.Kind != yaml.ScalarNode || v.Value != "1" {
		return nil, errors.New("version: this adapter reads version 1")
	}
	res := top["resources"]
	if res == nil || res.Kind != yaml.MappingNode || len(res.Content) == 0 {
		return nil, errors.New("resources: required, a mapping from FHIR resource type to its query and template")
	}
	m := &Mapping{types: map[string]*typeMapping{}}
	var errs []error
	for i := 0; i+1 < len(res.Content); i += 2 {
		k, v := res.Content[i], res.Content[i+1]
		typ := k.Value
		if k.Kind != yaml.ScalarNode || !validResourceTypeName(typ) {
			errs = append(errs, fmt.Errorf("resources: %q is not a FHIR resource type name", truncateName(typ)))
			continue
		}
		if _, dup := m.types[typ]; dup {
			errs = append(errs, fmt.Errorf("resources: %s appears twice", typ))
			continue
		}
		tm, err := parseType(typ, v)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		m.types[typ] = tm
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	p, ok := m.types["Patient"]
	if !ok {
		return nil, errors.New("resources: Patient is required: the engine finds each person by NHS number")
	}
	if !p.resolvesNHSNumber() {
		return nil, fmt.Errorf("Patient.search.identifier: required, as a token with a column for the system %s, so the engine can find people by NHS number", fhir.NHSNumberSystem)
	}
	return m, nil
}

// resolvesNHSNumber reports whether the Patient mapping can apply
// identifier=https://fhir.nhs.uk/Id/nhs-number|<n>.
func (t *typeMapping) resolvesNHSNumber() bool {
	d := t.decl("identifier")
	if d == nil || d.kind != kindToken {
		return false
	}
	for _, c := range d.columns {
		if c.system == fhir.NHSNumberSystem {
			return true
		}
	}
	return false
}

func (t *typeMapping) decl(name string) *searchDecl {
	for _, d := range t.search {
		if d.name == name {
			return d
		}
	}
	return nil
}

func parseType(typ string, n *yaml.Node) (*typeMapping, error) {
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: want a mapping with query, id, patient, search and resource", typ)
	}
	k, err := keys(n, typ, "query", "id", "patient", "search", "resource")
	if err != nil {
		return nil, err
	}
	tm := &typeMapping{typ: typ}
	q := k["query"]
	if q == nil || q.Kind != yaml.ScalarNode || strings.TrimSpace(q.Value) == "" {
		return nil, fmt.Errorf("%s.query: required, the SELECT that returns one row per resource", typ)
	}
	tm.query, err = compileNamed(q.Value, func(name string) bool { return name == paramPatient || name == paramID })
	if err != nil {
		return nil, fmt.Errorf("%s.query: %w", typ, err)
	}
	tm.id = "id"
	if idn := k["id"]; idn != nil {
		if tm.id, err = columnName(idn, typ+".id"); err != nil {
			return nil, err
		}
	}
	inCompartment := fhir.InPatientCompartment(typ)
	pn := k["patient"]
	switch {
	case typ == "Patient":
		tm.patient = tm.id
		if pn != nil {
			p, err := columnName(pn, typ+".patient")
			if err != nil {
				return nil, err
			}
			if p != tm.id {
				return nil, fmt.Errorf("Patient.patient: a Patient's compartment is its own id; leave patient out or set it to the id column %s", tm.id)
			}
		}
	case inCompartment:
		if pn == nil {
			return nil, fmt.Errorf("%s.patient: required, the column holding the id of the Patient each %s belongs to", typ, typ)
		}
		if tm.patient, err = columnName(pn, typ+".patient"); err != nil {
			return nil, err
		}
	case pn != nil:
		return nil, fmt.Errorf("%s.patient: %s is not in the patient compartment, so it has no patient column", typ, typ)
	}
	if s := k["search"]; s != nil {
		if tm.search, err = parseSearch(typ, s); err != nil {
			return nil, err
		}
	}
	r := k["resource"]
	if r == nil {
		return nil, fmt.Errorf("%s.resource: required, the template of the %s a row becomes", typ, typ)
	}
	if tm.template, err = parseTemplate(r); err != nil {
		return nil, fmt.Errorf("%s.%w", typ, err)
	}
	return tm, nil
}

// keys reads a YAML mapping whose keys must be among allowed, and returns
// its values by key.
func keys(n *yaml.Node, where string, allowed ...string) (map[string]*yaml.Node, error) {
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: want a mapping with keys %s", where, strings.Join(allowed, ", "))
	}
	out := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode || !slices.Contains(allowed, k.Value) {
			return nil, fmt.Errorf("%s: unknown key %q (want %s)", where, truncateName(k.Value), strings.Join(allowed, ", "))
		}
		if _, dup := out[k.Value]; dup {
			return nil, fmt.Errorf("%s: %s appears twice", where, k.Value)
		}
		out[k.Value] = n.Content[i+1]
	}
	return out, nil
}

// columnName reads an output column name: an ASCII identifier, which the
// adapter quotes when it writes SQL.
func columnName(n *yaml.Node, where string) (string, error) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" || n.Value == "." || !validRefName(n.Value) {
		return "", fmt.Errorf("%s: want a column name (letters, digits and _)", where)
	}
	return n.Value, nil
}

func validResourceTypeName(s string) bool {
	if len(s) < 2 || len(s) > 64 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// columns returns every output column the mapping names outside $each:
// id, patient, search columns and template names.
func (t *typeMapping) columns() map[string]bool {
	out := map[string]bool{t.id: true}
	if t.patient != "" {
		out[t.patient] = true
	}
	for _, d := range t.search {
		for _, c := range d.columnNames() {
			out[c] = true
		}
	}
	rowNames(t.template, out)
	return out
}
