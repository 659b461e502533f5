package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// servedTypes are the resource types shcr serves. Parameters whose base is
// Resource (_id, _lastUpdated, _tag, _security, _profile, _source) apply to
// all of them.
func servedTypes() []string {
	return []string{
		"AllergyIntolerance", "Appointment", "AuditEvent", "CarePlan", "CareTeam", "Condition",
		"Consent", "DiagnosticReport", "DocumentReference", "Encounter", "EpisodeOfCare",
		"Flag", "Goal", "Immunization", "Location", "Medication", "MedicationRequest",
		"MedicationStatement", "Observation", "Organization", "Patient", "Practitioner",
		"PractitionerRole", "Procedure", "RelatedPerson", "ServiceRequest",
	}
}

// modifiersFor returns the modifiers FHIR R4 allows on a parameter type
// (search.html §3.1.1.5), and false for an unknown type. A reference
// parameter also takes :[type] for each of its targets, which the
// definitions list separately.
func modifiersFor(paramType string) ([]string, bool) {
	switch paramType {
	case "number", "date", "quantity", "composite":
		return []string{"missing"}, true
	case "string":
		return []string{"contains", "exact", "missing"}, true
	case "token":
		return []string{"above", "below", "in", "missing", "not", "not-in", "of-type", "text"}, true
	case "reference":
		return []string{"above", "below", "identifier", "missing"}, true
	case "uri":
		return []string{"above", "below", "missing"}, true
	case "special":
		return nil, true
	}
	return nil, false
}

type searchParameter struct {
	URL        string   `json:"url"`
	Code       string   `json:"code"`
	Base       []string `json:"base"`
	Type       string   `json:"type"`
	Expression string   `json:"expression"`
	XPathUsage string   `json:"xpathUsage"`
	Target     []string `json:"target"`
	Comparator []string `json:"comparator"`
	Modifier   []string `json:"modifier"`
	Component  []struct {
		Definition string `json:"definition"`
		Expression string `json:"expression"`
	} `json:"component"`
}

// definition is one line of definitions.json. The field order is the file's.
type definition struct {
	Base        string      `json:"base"`
	Code        string      `json:"code"`
	Type        string      `json:"type"`
	Expression  string      `json:"expression"`
	URL         string      `json:"url"`
	Usage       string      `json:"usage,omitempty"`
	Targets     []string    `json:"targets,omitempty"`
	Modifiers   []string    `json:"modifiers,omitempty"`
	Comparators []string    `json:"comparators,omitempty"`
	Components  []component `json:"components,omitempty"`
}

type component struct {
	Code       string `json:"code"`
	Type       string `json:"type"`
	Expression string `json:"expression"`
}

func generateFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the SearchParameter bundle: %w", err)
	}
	if len(b) > 2 && b[0] == 0x1f && b[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", path, err)
		}
		if b, err = io.ReadAll(zr); err != nil {
			return nil, fmt.Errorf("reading %s: %w", path, err)
		}
	}
	var bundle struct {
		Entry []struct {
			Resource searchParameter `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(b, &bundle); err != nil {
		return nil, fmt.Errorf("decoding %s: %w", path, err)
	}
	params := make([]searchParameter, 0, len(bundle.Entry))
	for _, e := range bundle.Entry {
		params = append(params, e.Resource)
	}
	return generate(params)
}

func generate(params []searchParameter) ([]byte, error) {
	byURL := map[string]searchParameter{}
	for _, p := range params {
		byURL[p.URL] = p
	}
	served := servedTypes()
	var defs []definition
	for _, p := range params {
		modifiers, ok := modifiersFor(p.Type)
		if !ok {
			return nil, fmt.Errorf("%s: unknown parameter type %q", p.URL, p.Type)
		}
		if len(p.Modifier) > 0 {
			return nil, fmt.Errorf("%s: the R4 bundle was not expected to list modifiers", p.URL)
		}
		for _, base := range p.Base {
			if base != "Resource" && !slices.Contains(served, base) {
				continue
			}
			if p.Expression == "" {
				continue // _query, _content, _text: no expression to evaluate
			}
			d := definition{
				Base:        base,
				Code:        p.Code,
				Type:        p.Type,
				URL:         p.URL,
				Targets:     sorted(p.Target),
				Modifiers:   modifiers,
				Comparators: p.Comparator,
			}
			if p.XPathUsage != "normal" {
				d.Usage = p.XPathUsage
			}
			expr, err := expressionFor(p.Expression, base, len(p.Base) > 1)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p.URL, err)
			}
			d.Expression = expr
			for _, c := range p.Component {
				ref, ok := byURL[c.Definition]
				if !ok {
					return nil, fmt.Errorf("%s: component %s is not in the bundle", p.URL, c.Definition)
				}
				d.Components = append(d.Components, component{Code: ref.Code, Type: ref.Type, Expression: c.Expression})
			}
			defs = append(defs, d)
		}
	}
	sort.Slice(defs, func(i, j int) bool {
		if defs[i].Base != defs[j].Base {
			return defs[i].Base < defs[j].Base
		}
		return defs[i].Code < defs[j].Code
	})
	for i := 1; i < len(defs); i++ {
		if defs[i].Base == defs[i-1].Base && defs[i].Code == defs[i-1].Code {
			return nil, fmt.Errorf("parameter %s is defined twice for %s", defs[i].Code, defs[i].Base)
		}
	}

	var out bytes.Buffer
	out.WriteString(`{
"source": "FHIR R4 (4.0.1) SearchParameter Bundle, search-parameters.json (hl7.fhir.r4.examples@4.0.1 Bundle-searchParams.json), HL7 International, CC0-1.0; generated by fhir/search/internal/gen",
"fhirVersion": "4.0.1",
"resourceTypes": `)
	rt, err := json.Marshal(served)
	if err != nil {
		return nil, err
	}
	out.Write(rt)
	out.WriteString(",\n\"definitions\": [\n")
	for i, d := range defs {
		line, err := json.Marshal(d, jsontext.EscapeForHTML(false))
		if err != nil {
			return nil, fmt.Errorf("encoding %s %s: %w", d.Base, d.Code, err)
		}
		out.Write(line)
		if i < len(defs)-1 {
			out.WriteByte(',')
		}
		out.WriteByte('\n')
	}
	out.WriteString("]\n}\n")
	return out.Bytes(), nil
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

// expressionFor returns the part of expr that applies to base. An
// expression shared by several resource types is a union whose branches
// each start with their type: "AllergyIntolerance.code |
// (MedicationRequest.medication as CodeableConcept)".
func expressionFor(expr, base string, shared bool) (string, error) {
	if !shared {
		return expr, nil
	}
	var kept []string
	for _, part := range splitUnion(expr) {
		root := rootType(part)
		if root == "" {
			return "", fmt.Errorf("union branch %q does not start with a type", part)
		}
		if root == base {
			kept = append(kept, part)
		}
	}
	if len(kept) == 0 {
		return "", fmt.Errorf("no branch of %q applies to %s", expr, base)
	}
	return strings.Join(kept, " | "), nil
}

// splitUnion splits expr at the | operators outside parentheses and string
// literals, trimming the branches.
func splitUnion(expr string) []string {
	var parts []string
	depth, start := 0, 0
	inString := false
	for i := 0; i < len(expr); i++ {
		c := expr[i]
		switch {
		case inString:
			if c == '\\' {
				i++
			} else if c == '\'' {
				inString = false
			}
		case c == '\'':
			inString = true
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == '|' && depth == 0:
			parts = append(parts, strings.TrimSpace(expr[start:i]))
			start = i + 1
		}
	}
	return append(parts, strings.TrimSpace(expr[start:]))
}

// rootType returns the leading type name of a union branch.
func rootType(part string) string {
	part = strings.TrimLeft(part, "( ")
	end := strings.IndexAny(part, ". )")
	if end < 0 {
		end = len(part)
	}
	name := part[:end]
	if name == "" || name[0] < 'A' || name[0] > 'Z' {
		return ""
	}
	return name
}
