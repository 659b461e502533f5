package fhirpath

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"slices"
	"testing"

	"github.com/go-json-experiment/json"
)

// searchParametersBundle is the official R4 SearchParameter Bundle that the
// search package generates its definitions from (see its README for source
// and licence).
const searchParametersBundle = "../search/internal/gen/r4/search-parameters.json.gz"

// servedTypes are the resource types shcr serves: each of their search
// parameters must compile.
var servedTypes = []string{
	"Resource", "DomainResource",
	"AllergyIntolerance", "Appointment", "AuditEvent", "CarePlan", "Condition",
	"Consent", "DocumentReference", "Encounter", "Flag", "Immunization",
	"Medication", "MedicationRequest", "MedicationStatement", "Observation",
	"Organization", "Patient", "Practitioner", "Procedure", "RelatedPerson",
}

// unsupportedSearchExpressions are the R4 SearchParameter expressions the
// subset does not compile, and why. None belongs to a served type.
var unsupportedSearchExpressions = map[string]string{
	// Bundle-composition and Bundle-message: indexer.
	"Bundle.entry[0].resource": "indexer '[]'",
	// MolecularSequence composite components: environment variable.
	"%resource.referenceSeq.chromosome":     "environment variable %resource",
	"%resource.referenceSeq.referenceSeqId": "environment variable %resource",
}

func TestCompileR4SearchParameterExpressions(t *testing.T) {
	raw, err := os.ReadFile(searchParametersBundle)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	raw, err = io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	var bundle struct {
		Entry []struct {
			Resource struct {
				URL        string   `json:"url"`
				Base       []string `json:"base"`
				Expression string   `json:"expression"`
				Component  []struct {
					Expression string `json:"expression"`
				} `json:"component"`
			} `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(raw, &bundle); err != nil {
		t.Fatal(err)
	}
	compiled, unsupported := 0, 0
	for _, e := range bundle.Entry {
		p := e.Resource
		exprs := []string{p.Expression}
		for _, c := range p.Component {
			exprs = append(exprs, c.Expression)
		}
		for _, expr := range exprs {
			if expr == "" {
				continue
			}
			_, err := Compile(expr)
			want, listed := unsupportedSearchExpressions[expr]
			switch {
			case err == nil && listed:
				t.Errorf("%s: %q compiles but is listed as unsupported", p.URL, expr)
			case err == nil:
				compiled++
			case !listed:
				t.Errorf("%s: Compile(%q) error = %v", p.URL, expr, err)
			case !errors.Is(err, ErrUnsupported):
				t.Errorf("%s: Compile(%q) error = %v, want ErrUnsupported (%s)", p.URL, expr, err, want)
			default:
				unsupported++
				for _, b := range p.Base {
					if slices.Contains(servedTypes, b) {
						t.Errorf("%s: served type %s has an unsupported expression %q", p.URL, b, expr)
					}
				}
			}
		}
	}
	t.Logf("%d expressions compiled, %d unsupported", compiled, unsupported)
	if compiled < 1300 {
		t.Errorf("only %d expressions compiled; is the bundle complete?", compiled)
	}
}
