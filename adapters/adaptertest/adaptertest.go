// Package adaptertest is the conformance suite every adapters.Source runs
// (as Go CDK's drivertest does for its drivers). An adapter's own tests load
// the suite's fixture into a real instance of the system it reaches (a
// folder, a FHIR server, a database, an adapter node) and call Run.
package adaptertest

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"testing"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/fhir"
)

//go:embed fixture/*.json
var fixtureFiles embed.FS

// FixtureFS returns the standard fixture: two patients and their records,
// one Organization and one Practitioner, as one FHIR JSON file per resource.
func FixtureFS() fs.FS {
	sub, err := fs.Sub(fixtureFiles, "fixture")
	if err != nil {
		panic(err) // the embedded directory is fixed at build time
	}
	return sub
}

// WriteFixture copies the standard fixture into dir, for adapters that read
// files.
func WriteFixture(dir string) error {
	return fs.WalkDir(FixtureFS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(FixtureFS(), path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, path), b, 0o644)
	})
}

// Fixture says what the source under test holds.
type Fixture struct {
	Patients []FixturePatient
	// UnknownNHS is a valid NHS number the source does not know.
	UnknownNHS string
	// Supporting are resources outside any patient compartment that the
	// patients' records reference ("Organization/org1"), which Compartment
	// queries must also return.
	Supporting []string
	// SearchType is the compartment type the subtests that search one type
	// with parameters use (IDSearch, ResidualReported); the first patient
	// must have records of it. Empty means the first of the first
	// patient's types in alphabetical order, so a source whose records
	// are not clinical (social care) runs the same suite.
	SearchType string
}

// searchType returns f.SearchType or its default.
func (f Fixture) searchType() string {
	if f.SearchType != "" {
		return f.SearchType
	}
	if len(f.Patients) == 0 {
		return ""
	}
	types := slices.Sorted(maps.Keys(f.Patients[0].Types))
	if len(types) == 0 {
		return ""
	}
	return types[0]
}

// FixturePatient is one patient the source holds.
type FixturePatient struct {
	NHSNumber string
	LocalID   string
	// Types counts the patient's compartment resources by type.
	Types map[string]int
}

// StandardFixture describes FixtureFS.
func StandardFixture() Fixture {
	return Fixture{
		Patients: []FixturePatient{
			{NHSNumber: "9990000018", LocalID: "pat-a", Types: map[string]int{"Observation": 2, "Condition": 1, "MedicationStatement": 1}},
			{NHSNumber: "9990000026", LocalID: "pat-b", Types: map[string]int{"Observation": 1, "AllergyIntolerance": 1, "Appointment": 1}},
		},
		UnknownNHS: "9990000034",
		Supporting: []string{"Organization/org1", "Practitioner/doc1"},
		SearchType: "Observation",
	}
}

// Harness connects the suite to an adapter.
type Harness struct {
	// New returns a source holding the Fixture's data. It is called once
	// per subtest; cleanup goes through t.Cleanup.
	New     func(t *testing.T) adapters.Source
	Fixture Fixture
}

// Run runs the conformance suite.
func Run(t *testing.T, h Harness) {
	validator, err := fhir.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	t.Run("Describe", func(t *testing.T) {
		src := h.New(t)
		caps, err := src.Describe(ctx)
		if err != nil {
			t.Fatalf("Describe: %v", err)
		}
		if !caps.Serves("Patient") {
			t.Error("Describe does not list Patient")
		}
		for _, p := range h.Fixture.Patients {
			for typ := range p.Types {
				if !caps.Serves(typ) {
					t.Errorf("Describe does not list %s, which the source holds", typ)
				}
			}
		}
	})

	t.Run("ResolvePatient", func(t *testing.T) {
		src := h.New(t)
		for _, p := range h.Fixture.Patients {
			got := resolve(t, src, p.NHSNumber)
			if !slices.Equal(got, []string{p.LocalID}) {
				t.Errorf("resolving %s = %q, want [%s]", p.NHSNumber, got, p.LocalID)
			}
		}
		if got := resolve(t, src, h.Fixture.UnknownNHS); len(got) != 0 {
			t.Errorf("resolving an unknown NHS number = %q, want none", got)
		}
	})

	t.Run("PatientSearchNeedsCriteria", func(t *testing.T) {
		src := h.New(t)
		_, err := src.Search(ctx, adapters.Query{Type: "Patient"})
		if code := src.Code(err); code != adapters.InvalidArgument {
			t.Fatalf("Search(Patient) with no criteria: error %v with code %v, want InvalidArgument", err, code)
		}
	})

	t.Run("CompartmentSearchNeedsPatient", func(t *testing.T) {
		src := h.New(t)
		_, err := src.Search(ctx, adapters.Query{Type: "Observation"})
		if code := src.Code(err); code != adapters.InvalidArgument {
			t.Fatalf("Search(Observation) with no patient: error %v with code %v, want InvalidArgument", err, code)
		}
	})

	t.Run("TypeSearch", func(t *testing.T) {
		src := h.New(t)
		for _, p := range h.Fixture.Patients {
			for typ, want := range p.Types {
				res, err := src.Search(ctx, adapters.Query{Type: typ, Patients: []string{p.LocalID}})
				if err != nil {
					t.Fatalf("Search(%s, %s): %v", typ, p.LocalID, err)
				}
				if len(res.Resources) != want {
					t.Errorf("Search(%s, %s) returned %d resources, want %d", typ, p.LocalID, len(res.Resources), want)
				}
				for _, r := range res.Resources {
					checkResource(t, validator, r, typ)
					if !slices.Contains(r.PatientRefs, "Patient/"+p.LocalID) {
						t.Errorf("%s/%s returned for patient %s links to %q", r.Type, r.ID, p.LocalID, r.PatientRefs)
					}
				}
			}
		}
	})

	t.Run("Compartment", func(t *testing.T) {
		src := h.New(t)
		for _, p := range h.Fixture.Patients {
			res, err := src.Search(ctx, adapters.Query{Compartment: true, Patients: []string{p.LocalID}})
			if err != nil {
				t.Fatalf("Search(compartment %s): %v", p.LocalID, err)
			}
			counts := map[string]int{}
			var supporting []string
			for _, r := range res.Resources {
				checkResource(t, validator, r, "")
				if fhir.InPatientCompartment(r.Type) || r.Type == "Patient" {
					counts[r.Type]++
				} else {
					supporting = append(supporting, r.Type+"/"+r.ID)
				}
			}
			want := maps.Clone(p.Types)
			want["Patient"] = 1
			if fmt.Sprint(counts) != fmt.Sprint(want) {
				t.Errorf("compartment of %s has %v, want %v", p.LocalID, counts, want)
			}
			for _, s := range supporting {
				if !slices.Contains(h.Fixture.Supporting, s) {
					t.Errorf("compartment of %s includes %s, which is not a supporting resource of the fixture", p.LocalID, s)
				}
			}
			if len(supporting) == 0 {
				t.Errorf("compartment of %s includes none of the resources its records reference (%q)", p.LocalID, h.Fixture.Supporting)
			}
		}
	})

	searchType := h.Fixture.searchType()

	t.Run("ResidualReported", func(t *testing.T) {
		src := h.New(t)
		caps, err := src.Describe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		p := h.Fixture.Patients[0]
		params := []adapters.Param{
			{Name: "code", Value: "http://snomed.info/sct|27113001"},
			{Name: "date", Value: "ge2025-01-01"},
			{Name: "_lastUpdated", Value: "gt2000-01-01"},
			{Name: "status:not", Value: "entered-in-error"},
		}
		res, err := src.Search(ctx, adapters.Query{Type: searchType, Patients: []string{p.LocalID}, Params: params})
		if err != nil {
			t.Fatalf("Search(%s): %v", searchType, err)
		}
		tc := caps.Types[searchType]
		for _, q := range params {
			inResidual := slices.Contains(res.Residual, q)
			if tc.Supports(q.Name) == inResidual {
				t.Errorf("parameter %s: declared supported = %v but returned as residual = %v", q.Name, tc.Supports(q.Name), inResidual)
			}
		}
		for _, q := range res.Residual {
			if !slices.Contains(params, q) {
				t.Errorf("residual %v was not in the query", q)
			}
		}
	})

	t.Run("IDSearch", func(t *testing.T) {
		src := h.New(t)
		p := h.Fixture.Patients[0]
		all, err := src.Search(ctx, adapters.Query{Type: searchType, Patients: []string{p.LocalID}})
		if err != nil {
			t.Fatalf("Search(%s): %v", searchType, err)
		}
		if len(all.Resources) == 0 {
			t.Fatalf("Search(%s) for %s returned nothing; the fixture's first patient must have records of its SearchType", searchType, p.LocalID)
		}
		id := all.Resources[0].ID
		res, err := src.Search(ctx, adapters.Query{Type: searchType, Patients: []string{p.LocalID}, Params: []adapters.Param{{Name: "_id", Value: id}}})
		if err != nil {
			t.Fatal(err)
		}
		got := filterResidual(t, res)
		if len(got) != 1 || got[0].ID != id {
			t.Fatalf("_id=%s returned %d resources", id, len(got))
		}
	})

	t.Run("Read", func(t *testing.T) {
		src := h.New(t)
		rd, ok := src.(adapters.Reader)
		if !ok {
			t.Skip("the source does not implement adapters.Reader")
		}
		p := h.Fixture.Patients[0]
		r, err := rd.Read(ctx, "Patient", p.LocalID)
		if err != nil {
			t.Fatalf("Read(Patient/%s): %v", p.LocalID, err)
		}
		checkResource(t, validator, r, "Patient")
		if r.ID != p.LocalID {
			t.Errorf("Read returned Patient/%s", r.ID)
		}
		_, err = rd.Read(ctx, "Patient", "no-such-id")
		if code := src.Code(err); code != adapters.NotFound {
			t.Errorf("Read of a missing id: error %v with code %v, want NotFound", err, code)
		}
	})

	t.Run("Cancelled", func(t *testing.T) {
		src := h.New(t)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		p := h.Fixture.Patients[0]
		_, err := src.Search(cctx, adapters.Query{Compartment: true, Patients: []string{p.LocalID}})
		if code := src.Code(err); code != adapters.Canceled {
			t.Errorf("Search with a cancelled context: error %v with code %v, want Canceled", err, code)
		}
		dctx, dcancel := context.WithTimeout(ctx, 0)
		defer dcancel()
		<-dctx.Done()
		_, err = src.Search(dctx, adapters.Query{Compartment: true, Patients: []string{p.LocalID}})
		if code := src.Code(err); code != adapters.DeadlineExceeded {
			t.Errorf("Search past its deadline: error %v with code %v, want DeadlineExceeded", err, code)
		}
	})

	t.Run("Concurrent", func(t *testing.T) {
		src := h.New(t)
		p := h.Fixture.Patients[0]
		want := ids(t, src, p.LocalID)
		var wg sync.WaitGroup
		errs := make(chan error, 16)
		for range 16 {
			wg.Go(func() {
				res, err := src.Search(ctx, adapters.Query{Compartment: true, Patients: []string{p.LocalID}})
				if err != nil {
					errs <- err
					return
				}
				if got := sortedIDs(res.Resources); !slices.Equal(got, want) {
					errs <- fmt.Errorf("concurrent search returned %q, want %q", got, want)
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	})
}

func resolve(t *testing.T, src adapters.Source, nhs string) []string {
	t.Helper()
	res, err := src.Search(context.Background(), adapters.Query{Type: "Patient", Params: []adapters.Param{{Name: "identifier", Value: fhir.NHSNumberSystem + "|" + nhs}}})
	if err != nil {
		t.Fatalf("resolving %s: %v", nhs, err)
	}
	var out []string
	for _, r := range filterResidual(t, res) {
		if r.Type != "Patient" {
			t.Errorf("patient search returned a %s", r.Type)
		}
		out = append(out, r.ID)
	}
	return out
}

// filterResidual fails the test if the source left any of the suite's
// parameters unapplied where the suite relies on them being applied.
func filterResidual(t *testing.T, res *adapters.Result) []*fhir.Resource {
	t.Helper()
	if len(res.Residual) > 0 {
		t.Fatalf("the source left %v unapplied; _id and Patient identifier must be applied by every source", res.Residual)
	}
	return res.Resources
}

func checkResource(t *testing.T, v *fhir.Validator, r *fhir.Resource, wantType string) {
	t.Helper()
	if wantType != "" && r.Type != wantType {
		t.Errorf("got a %s, want %s", r.Type, wantType)
	}
	if r.ID == "" {
		t.Errorf("a %s has no id", r.Type)
	}
	again, err := fhir.Parse(r.Raw, fhir.DefaultLimits())
	if err != nil {
		t.Errorf("%s/%s does not parse strictly: %v", r.Type, r.ID, err)
	} else if again.Type != r.Type || again.ID != r.ID {
		t.Errorf("%s/%s: its bytes say %s/%s", r.Type, r.ID, again.Type, again.ID)
	}
	if err := v.Validate(r.Raw); err != nil {
		t.Errorf("%s/%s is not valid FHIR R4: %v", r.Type, r.ID, err)
	}
}

func ids(t *testing.T, src adapters.Source, patient string) []string {
	t.Helper()
	res, err := src.Search(context.Background(), adapters.Query{Compartment: true, Patients: []string{patient}})
	if err != nil {
		t.Fatal(err)
	}
	return sortedIDs(res.Resources)
}

func sortedIDs(rs []*fhir.Resource) []string {
	out := make([]string, 0, len(rs))
	for _, r := range rs {
		out = append(out, r.Type+"/"+r.ID)
	}
	sort.Strings(out)
	return out
}
