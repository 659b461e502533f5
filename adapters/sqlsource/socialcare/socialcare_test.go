package socialcare_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/sqlsource"
	"github.com/shcr/shcr/adapters/sqlsource/socialcare"
	"github.com/shcr/shcr/adapters/sqlsource/socialcare/internal/seedgen"
	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/internal/pgtest"
	"github.com/shcr/shcr/testdata/demogen"
)

var update = flag.Bool("update", false, "rewrite seed.sql from the demo population generator")

// demoDir is the committed demo data, relative to this package.
const demoDir = "../../../testdata/demo"

// TestSeedIsGenerated keeps seed.sql equal to what the generator makes of
// the demo population's riverside-council records.
func TestSeedIsGenerated(t *testing.T) {
	pop, err := demogen.Generate(demogen.Config{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := seedgen.Generate(pop.Files())
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("seed.sql", got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if want := socialcare.SeedSQL(); string(got) != want {
		t.Fatalf("seed.sql is not what the generator makes of the demo population (%d bytes, want %d); regenerate with\n"+
			"  go test ./adapters/sqlsource/socialcare -run TestSeedIsGenerated -update", len(want), len(got))
	}
}

// TestMappingParses checks the shipped mapping without a database.
func TestMappingParses(t *testing.T) {
	m, err := sqlsource.ParseMapping(socialcare.MappingYAML())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Appointment", "CarePlan", "DocumentReference", "Encounter", "Flag", "Observation",
		"Organization", "Patient", "Practitioner", "PractitionerRole", "RelatedPerson"}
	if got := m.Types(); !slices.Equal(got, want) {
		t.Fatalf("types = %q, want %q", got, want)
	}
}

// loaded returns a database with the demo organisation loaded, and a
// source over it.
func loaded(t testing.TB) (string, *sqlsource.Source) {
	t.Helper()
	dsn := pgtest.DSN(t)
	ctx := context.Background()
	if err := socialcare.Load(ctx, dsn); err != nil {
		t.Fatal(err)
	}
	m, err := sqlsource.ParseMapping(socialcare.MappingYAML())
	if err != nil {
		t.Fatal(err)
	}
	src, err := sqlsource.New(ctx, sqlsource.Config{DSN: sqlsource.Secret(dsn)}, sqlsource.WithMapping(m))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(src.Close)
	if _, err := src.Describe(ctx); err != nil {
		t.Fatal(err)
	}
	return dsn, src
}

func TestLoadIsIdempotent(t *testing.T) {
	dsn := pgtest.DSN(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { errs[i] = socialcare.Load(ctx, dsn) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("concurrent Load %d: %v", i, err)
		}
	}
	if err := socialcare.Load(ctx, dsn); err != nil {
		t.Errorf("Load of a loaded database: %v", err)
	}
}

func TestLoadRefusesAnotherDatabase(t *testing.T) {
	tests := []struct {
		name    string
		setup   string
		wantErr string
	}{
		{name: "someone else's people table", setup: "CREATE TABLE people (id int)", wantErr: "empty database"},
		{name: "another seed version", setup: "CREATE TABLE socialcare_seed (digest text); INSERT INTO socialcare_seed VALUES ('old')", wantErr: "another version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dsn := pgtest.DSN(t)
			pgtest.Exec(t, dsn, tt.setup)
			err := socialcare.Load(context.Background(), dsn)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Load: %v, want an error mentioning %q", err, tt.wantErr)
			}
		})
	}
	err := socialcare.Load(context.Background(), "postgres://nobody:secret-password@127.0.0.1:1/none?connect_timeout=1")
	if err == nil || strings.Contains(err.Error(), "secret-password") {
		t.Errorf("Load of an unreachable database: %v", err)
	}
}

// dirRecords reads the council's folder of FHIR files: every resource by
// Type/id, and each person's compartment.
func dirRecords(t *testing.T) (map[string]any, map[string][]string) {
	t.Helper()
	root := filepath.Join(demoDir, socialcare.SourceID)
	all := map[string]any{}
	people := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var v map[string]any
		if err := json.Unmarshal(b, &v); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		key := v["resourceType"].(string) + "/" + v["id"].(string)
		all[key] = v
		if rel, _ := filepath.Rel(root, path); strings.HasPrefix(rel, "people"+string(filepath.Separator)) {
			person := filepath.Base(filepath.Dir(path))
			people[person] = append(people[person], key)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return all, people
}

func decode(t *testing.T, r *fhir.Resource) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(r.Raw, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestSameRecordsAsTheFolder is the check that an sql source can replace
// the dir source for riverside-council: for every person, the compartment
// the SQL source builds from the database holds exactly the resources of the
// council's folder of FHIR files, with the same ids and the same content,
// plus the Practitioners and Organization they refer to; and every shared
// resource reads the same by id.
func TestSameRecordsAsTheFolder(t *testing.T) {
	_, src := loaded(t)
	all, people := dirRecords(t)
	ctx := context.Background()
	if len(people) < 50 {
		t.Fatalf("the folder has %d people", len(people))
	}
	persons := make([]string, 0, len(people))
	for p := range people {
		persons = append(persons, p)
	}
	sort.Strings(persons)
	compared := map[string]bool{}
	for _, person := range persons {
		res, err := src.Search(ctx, adapters.Query{Compartment: true, Patients: []string{person}})
		if err != nil {
			t.Fatalf("%s: %v", person, err)
		}
		if res.Truncated {
			t.Errorf("%s: the answer is truncated (%d invalid rows so far)", person, src.InvalidRows())
		}
		var got []string
		for _, r := range res.Resources {
			key := r.Type + "/" + r.ID
			if fhir.InPatientCompartment(r.Type) || r.Type == "Patient" {
				got = append(got, key)
			}
			want, ok := all[key]
			if !ok {
				t.Errorf("%s: %s is not in the folder", person, key)
				continue
			}
			compared[key] = true
			if g := decode(t, r); !reflect.DeepEqual(g, want) {
				gb, _ := json.Marshal(g)
				wb, _ := json.Marshal(want)
				t.Errorf("%s: %s differs\n got %s\nwant %s", person, key, gb, wb)
			}
		}
		sort.Strings(got)
		want := slices.Clone(people[person])
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: compartment\n got %q\nwant %q", person, got, want)
		}
	}
	for key, want := range all {
		typ, id, _ := strings.Cut(key, "/")
		if fhir.InPatientCompartment(typ) || typ == "Patient" {
			continue
		}
		r, err := src.Read(ctx, typ, id)
		if err != nil {
			t.Errorf("Read(%s): %v", key, err)
			continue
		}
		compared[key] = true
		if g := decode(t, r); !reflect.DeepEqual(g, want) {
			t.Errorf("%s differs", key)
		}
	}
	if len(compared) != len(all) {
		t.Errorf("compared %d resources, the folder has %d", len(compared), len(all))
	}
	if n := src.InvalidRows(); n != 0 {
		t.Errorf("%d rows did not build valid resources", n)
	}
}

type scenarios struct {
	Scenarios []struct {
		Name      string            `json:"name"`
		NHSNumber string            `json:"nhsNumber"`
		KnownTo   []string          `json:"knownTo"`
		LocalIDs  map[string]string `json:"localIds"`
		CarerUser string            `json:"carerUser"`
	} `json:"scenarios"`
}

// TestScenarios resolves the scenario people known to riverside-council by
// NHS number, as the engine does, and reads their records: valid FHIR, all
// theirs. The person the council holds without an NHS number is not found
// by it, but is there under their local id.
func TestScenarios(t *testing.T) {
	_, src := loaded(t)
	b, err := os.ReadFile(filepath.Join(demoDir, "scenarios.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sc scenarios
	if err := json.Unmarshal(b, &sc); err != nil {
		t.Fatal(err)
	}
	v, err := fhir.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	resolve := func(nhs string) []string {
		res, err := src.Search(ctx, adapters.Query{Type: "Patient", Params: []adapters.Param{{Name: "identifier", Value: fhir.NHSNumberSystem + "|" + nhs}}})
		if err != nil {
			t.Fatalf("resolving: %v", err)
		}
		var ids []string
		for _, r := range res.Resources {
			ids = append(ids, r.ID)
		}
		return ids
	}
	checked := 0
	for _, s := range sc.Scenarios {
		local := s.LocalIDs[socialcare.SourceID]
		if !slices.Contains(s.KnownTo, socialcare.SourceID) {
			if got := resolve(s.NHSNumber); len(got) != 0 {
				t.Errorf("%s: resolved to %q, but the council does not know them", s.Name, got)
			}
			continue
		}
		checked++
		t.Run(s.Name, func(t *testing.T) {
			got := resolve(s.NHSNumber)
			if s.Name == "social-no-nhs-number" {
				if len(got) != 0 {
					t.Fatalf("resolved to %q, but the council holds no NHS number for them", got)
				}
			} else if !slices.Equal(got, []string{local}) {
				t.Fatalf("resolved to %q, want [%s]", got, local)
			}
			res, err := src.Search(ctx, adapters.Query{Compartment: true, Patients: []string{local}})
			if err != nil {
				t.Fatal(err)
			}
			types := map[string]int{}
			for _, r := range res.Resources {
				types[r.Type]++
				if err := v.Validate(r.Raw); err != nil {
					t.Errorf("%s/%s is not valid FHIR R4: %v", r.Type, r.ID, err)
				}
				switch {
				case r.Type == "Patient":
					if r.ID != local {
						t.Errorf("the compartment holds Patient/%s", r.ID)
					}
				case fhir.InPatientCompartment(r.Type):
					if !slices.Contains(r.PatientRefs, "Patient/"+local) {
						t.Errorf("%s/%s belongs to %q", r.Type, r.ID, r.PatientRefs)
					}
				}
			}
			for _, typ := range []string{"Patient", "CarePlan", "Encounter", "DocumentReference", "Practitioner", "Organization"} {
				if types[typ] == 0 {
					t.Errorf("the record has no %s: %v", typ, types)
				}
			}
			if s.CarerUser != "" {
				res, err := src.Search(ctx, adapters.Query{Type: "RelatedPerson", Patients: []string{local},
					Params: []adapters.Param{{Name: "identifier", Value: "https://fhir.riverside-council.example.gov.uk/Id/carer-id|" + s.CarerUser}}})
				if err != nil || len(res.Resources) != 1 || len(res.Residual) != 0 {
					t.Errorf("the carer %s: %v, %d resources", s.CarerUser, err, len(res.Resources))
				}
			}
		})
	}
	if checked < 3 {
		t.Fatalf("only %d scenarios are known to %s", checked, socialcare.SourceID)
	}
}

// TestSeedHasPeopleWithoutNHSNumbers checks the seed keeps the council's
// people without NHS numbers, whom demographic matching must find.
func TestSeedHasPeopleWithoutNHSNumbers(t *testing.T) {
	withNHS, without := 0, 0
	for _, line := range strings.Split(socialcare.SeedSQL(), "\n") {
		if !strings.HasPrefix(line, "  (") || !strings.Contains(line, "'Riverside Surgery'") && !strings.Contains(line, "'Millbrook Medical Centre'") {
			continue
		}
		if strings.HasPrefix(strings.SplitN(line, ", ", 3)[1], "NULL") {
			without++
		} else {
			withNHS++
		}
	}
	if without < 5 || withNHS < 30 {
		t.Errorf("people with an NHS number: %d, without: %d", withNHS, without)
	}
}
