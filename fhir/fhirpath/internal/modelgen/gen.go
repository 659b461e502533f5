package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"go/format"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// bundle is the part of a StructureDefinition Bundle the generator reads.
type bundle struct {
	Entry []struct {
		Resource jsontext.Value `json:"resource"`
	} `json:"entry"`
}

type structureDefinition struct {
	ResourceType   string `json:"resourceType"`
	ID             string `json:"id"`
	Kind           string `json:"kind"`
	Derivation     string `json:"derivation"`
	Type           string `json:"type"`
	BaseDefinition string `json:"baseDefinition"`
	Snapshot       struct {
		Element []elementDefinition `json:"element"`
	} `json:"snapshot"`
}

type elementDefinition struct {
	Path      string `json:"path"`
	Min       int    `json:"min"`
	IsSummary bool   `json:"isSummary"`
	Base      struct {
		Path string `json:"path"`
	} `json:"base"`
	ContentReference string `json:"contentReference"`
	Type             []struct {
		Code      string `json:"code"`
		Extension []struct {
			URL      string `json:"url"`
			ValueURL string `json:"valueUrl"`
		} `json:"extension"`
	} `json:"type"`
}

// element is one row of the generated elements table.
type element struct {
	parent, name string
	types        []string
	choice       bool
	// path is the model path of a BackboneElement or Element child, or the
	// target of a contentReference: where its own children are declared.
	path string
}

const fhirTypeExtension = "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type"

// generateFiles reads the two StructureDefinition bundles and returns the
// Go source of the fhirpath model (model_gen.go) and of the summary element
// table of package fhir (summary_gen.go).
func generateFiles(typesPath, resourcesPath string) (model, summary []byte, err error) {
	var sds []structureDefinition
	for _, p := range []string{typesPath, resourcesPath} {
		b, err := readMaybeGzip(p)
		if err != nil {
			return nil, nil, err
		}
		var bun bundle
		if err := json.Unmarshal(b, &bun, json.RejectUnknownMembers(false)); err != nil {
			return nil, nil, fmt.Errorf("decoding %s: %w", p, err)
		}
		for _, e := range bun.Entry {
			var head struct {
				ResourceType string `json:"resourceType"`
			}
			if err := json.Unmarshal(e.Resource, &head); err != nil {
				return nil, nil, fmt.Errorf("decoding %s: %w", p, err)
			}
			if head.ResourceType != "StructureDefinition" {
				continue
			}
			var sd structureDefinition
			if err := json.Unmarshal(e.Resource, &sd); err != nil {
				return nil, nil, fmt.Errorf("decoding %s: %w", p, err)
			}
			sds = append(sds, sd)
		}
	}
	if model, err = generate(sds); err != nil {
		return nil, nil, err
	}
	if summary, err = generateSummary(sds); err != nil {
		return nil, nil, err
	}
	return model, summary, nil
}

func readMaybeGzip(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading StructureDefinitions: %w", err)
	}
	if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		return b, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return out, nil
}

// generate builds the Go source of the model from the base StructureDefinitions.
func generate(sds []structureDefinition) ([]byte, error) {
	bases := map[string]string{}
	var elems []element
	for _, sd := range sds {
		if sd.ResourceType != "StructureDefinition" {
			continue
		}
		switch sd.Kind {
		case "primitive-type", "complex-type", "resource":
		default:
			continue // logical models are not instance types
		}
		// Profiles (derivation "constraint", e.g. SimpleQuantity) are not
		// types of their own: an element of that profile has the base type.
		if sd.Derivation != "specialization" && sd.BaseDefinition != "" {
			continue
		}
		if sd.Type != sd.ID {
			return nil, fmt.Errorf("StructureDefinition %s defines type %s", sd.ID, sd.Type)
		}
		if _, dup := bases[sd.Type]; dup {
			return nil, fmt.Errorf("type %s is defined twice", sd.Type)
		}
		bases[sd.Type] = strings.TrimPrefix(sd.BaseDefinition, "http://hl7.org/fhir/StructureDefinition/")
		if sd.Kind == "primitive-type" {
			// A primitive's JSON form is the value itself; its id and
			// extensions live in the "_name" sibling, which paths skip.
			continue
		}
		for _, ed := range sd.Snapshot.Element {
			dot := strings.LastIndexByte(ed.Path, '.')
			if dot < 0 {
				continue // the type itself
			}
			if ed.Base.Path != ed.Path {
				continue // inherited: found through the base type
			}
			e := element{parent: ed.Path[:dot], name: ed.Path[dot+1:]}
			if n, ok := strings.CutSuffix(e.name, "[x]"); ok {
				e.name, e.choice = n, true
			}
			if ed.ContentReference != "" {
				ref, ok := strings.CutPrefix(ed.ContentReference, "#")
				if !ok {
					return nil, fmt.Errorf("%s: unsupported contentReference %q", ed.Path, ed.ContentReference)
				}
				e.path = ref
				e.types = nil // filled in below from the referenced element
				elems = append(elems, e)
				continue
			}
			for _, t := range ed.Type {
				code, err := typeCode(ed.Path, t.Code, t.Extension)
				if err != nil {
					return nil, err
				}
				e.types = append(e.types, code)
			}
			if len(e.types) == 0 {
				return nil, fmt.Errorf("%s: no type", ed.Path)
			}
			if !e.choice && len(e.types) > 1 {
				return nil, fmt.Errorf("%s: several types but not a choice", ed.Path)
			}
			if !e.choice && (e.types[0] == "BackboneElement" || e.types[0] == "Element") {
				e.path = ed.Path
				bases[ed.Path] = e.types[0]
			}
			elems = append(elems, e)
		}
	}
	// Resolve content references to the type of the element they name.
	byPath := map[string]element{}
	for _, e := range elems {
		byPath[e.parent+"."+e.name] = e
	}
	for i, e := range elems {
		if e.types != nil {
			continue
		}
		target, ok := byPath[e.path]
		if !ok || target.path != e.path {
			return nil, fmt.Errorf("%s.%s: contentReference to %s, which is not a backbone element", e.parent, e.name, e.path)
		}
		elems[i].types = target.types
	}
	// Every base must be defined, so that lookups can walk the chain.
	for t, b := range bases {
		if _, ok := bases[b]; b != "" && !ok {
			return nil, fmt.Errorf("type %s is based on undefined type %s", t, b)
		}
	}
	if len(elems) == 0 {
		return nil, errors.New("no elements found: are these the R4 base StructureDefinitions?")
	}
	sort.Slice(elems, func(i, j int) bool {
		if elems[i].parent != elems[j].parent {
			return elems[i].parent < elems[j].parent
		}
		return elems[i].name < elems[j].name
	})
	for i := 1; i < len(elems); i++ {
		if elems[i].parent == elems[i-1].parent && elems[i].name == elems[i-1].name {
			return nil, fmt.Errorf("element %s.%s is declared twice", elems[i].parent, elems[i].name)
		}
	}
	names := make([]string, 0, len(bases))
	for t := range bases {
		names = append(names, t)
	}
	sort.Strings(names)

	var b bytes.Buffer
	b.WriteString(`// Code generated by modelgen from the FHIR R4 (4.0.1) base StructureDefinitions
// (hl7.fhir.r4.examples@4.0.1 Bundle-types.json and Bundle-resources.json, CC0-1.0). DO NOT EDIT.

package fhirpath

// modelElements lists every element that a FHIR R4 type or backbone element
// declares itself, sorted by parent and name. Inherited elements (id,
// extension, meta, text...) are found by walking modelBases.
var modelElements = [...]modelElement{
`)
	for _, e := range elems {
		fmt.Fprintf(&b, "\t{%q, %q, %q, %t, %q},\n", e.parent, e.name, strings.Join(e.types, " "), e.choice, e.path)
	}
	b.WriteString(`}

// modelBases maps every FHIR R4 type, and every backbone element path, to the
// type it is derived from, sorted by name. The roots (Base types) map to "".
var modelBases = [...]modelBase{
`)
	for _, t := range names {
		fmt.Fprintf(&b, "\t{%q, %q},\n", t, bases[t])
	}
	b.WriteString("}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("formatting the generated model: %w", err)
	}
	return src, nil
}

// typeCode is an element type's FHIR type name: the code, or for the
// FHIRPath System types that R4 uses for id and primitive values, the FHIR
// type its extension names.
func typeCode(path, code string, ext []struct {
	URL      string `json:"url"`
	ValueURL string `json:"valueUrl"`
}) (string, error) {
	if !strings.HasPrefix(code, "http://hl7.org/fhirpath/System.") {
		return code, nil
	}
	for _, x := range ext {
		if x.URL == fhirTypeExtension {
			return x.ValueURL, nil
		}
	}
	return "", fmt.Errorf("%s: system type %q without a FHIR type", path, code)
}

// generateSummary builds the Go source of package fhir's summary table:
// for each resource type, the JSON member names of its top-level elements
// marked isSummary, and of those that are mandatory (min > 0), which
// _summary=true and _summary=text keep. A choice element appears under
// each of its JSON names (effectiveDateTime, effectivePeriod...).
func generateSummary(sds []structureDefinition) ([]byte, error) {
	type row struct {
		typ                string
		summary, mandatory []string
	}
	var rows []row
	for _, sd := range sds {
		if sd.ResourceType != "StructureDefinition" || sd.Kind != "resource" || sd.Derivation != "specialization" || sd.Type != sd.ID {
			continue
		}
		r := row{typ: sd.Type}
		for _, ed := range sd.Snapshot.Element {
			rest, ok := strings.CutPrefix(ed.Path, sd.Type+".")
			if !ok || strings.Contains(rest, ".") {
				continue // the type itself, or a nested element
			}
			names := []string{rest}
			if base, ok := strings.CutSuffix(rest, "[x]"); ok {
				names = nil
				for _, t := range ed.Type {
					code, err := typeCode(ed.Path, t.Code, t.Extension)
					if err != nil {
						return nil, err
					}
					names = append(names, base+strings.ToUpper(code[:1])+code[1:])
				}
			}
			if ed.IsSummary {
				r.summary = append(r.summary, names...)
			}
			if ed.Min > 0 {
				r.mandatory = append(r.mandatory, names...)
			}
		}
		sort.Strings(r.summary)
		sort.Strings(r.mandatory)
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		return nil, errors.New("no resource types found: are these the R4 base StructureDefinitions?")
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].typ < rows[j].typ })
	for i := 1; i < len(rows); i++ {
		if rows[i].typ == rows[i-1].typ {
			return nil, fmt.Errorf("resource type %s is defined twice", rows[i].typ)
		}
	}
	list := func(ss []string) string {
		if len(ss) == 0 {
			return "nil"
		}
		q := make([]string, len(ss))
		for i, s := range ss {
			q[i] = fmt.Sprintf("%q", s)
		}
		return "[]string{" + strings.Join(q, ", ") + "}"
	}
	var b bytes.Buffer
	b.WriteString(`// Code generated by modelgen from the FHIR R4 (4.0.1) base StructureDefinitions
// (hl7.fhir.r4.examples@4.0.1 Bundle-resources.json, CC0-1.0). DO NOT EDIT.

package fhir

// summaryTable lists every R4 resource type, sorted, with the JSON names of
// its top-level elements that the base definition marks isSummary (kept by
// _summary=true) and of those with a minimum cardinality above zero (kept
// by _summary=text). Choice elements appear under each of their names. It
// is never written to.
var summaryTable = [...]summaryRow{
`)
	for _, r := range rows {
		fmt.Fprintf(&b, "\t{%q, %s, %s},\n", r.typ, list(r.summary), list(r.mandatory))
	}
	b.WriteString("}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("formatting the generated summary table: %w", err)
	}
	return src, nil
}
