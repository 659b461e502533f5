package sqlsource_test

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/sqlsource"
	"github.com/shcr/shcr/adapters/sqlsource/socialcare"
	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/fhir/fhirpath"
	"github.com/shcr/shcr/fhir/search"
	"github.com/shcr/shcr/internal/pgtest"
)

// demoDB returns a fresh database with the demo organisation loaded.
func demoDB(t testing.TB) string {
	t.Helper()
	dsn := pgtest.DSN(t)
	if err := socialcare.Load(context.Background(), dsn); err != nil {
		t.Fatal(err)
	}
	return dsn
}

func allPatients(t testing.TB, dsn string) []string {
	t.Helper()
	var out []string
	for _, s := range strings.Fields(queryText(t, dsn, "SELECT string_agg(case_ref, ' ' ORDER BY case_ref) FROM people")) {
		out = append(out, s)
	}
	return out
}

// tokenValues are search values for each token parameter of the social
// care mapping: codes that occur, with and without their system, with the
// wrong system, with no system, any code in the system, several at once,
// and codes that occur nowhere.
var tokenValues = map[string][]string{
	"Patient.identifier": {
		fhir.NHSNumberSystem + "|9998381517", "9998381517", "|9998381517", "x|9998381517", fhir.NHSNumberSystem + "|",
		"https://fhir.riverside-council.example.gov.uk/Id/person-id|LAS-181372", "LAS-181372",
		"9998381517,LAS-456840", fhir.NHSNumberSystem + "|9998381517," + fhir.NHSNumberSystem + "|9996472434",
		fhir.NHSNumberSystem + "|9990000018", "https://fhir.riverside-council.example.gov.uk/Id/person-id|",
	},
	"RelatedPerson.relationship": {
		"Carer", "https://fhir.hl7.org.uk/CodeSystem/UKCore-AdditionalPersonRelationshipRole|Carer", "http://terminology.hl7.org/CodeSystem/v2-0131|N",
		"N", "SPS", "DAU,SON", "http://terminology.hl7.org/CodeSystem/v3-RoleCode|", "|SPS", "http://snomed.info/sct|SPS", "nothing",
	},
	"RelatedPerson.identifier": {"carer-olivia-mason", "https://fhir.riverside-council.example.gov.uk/Id/carer-id|carer-olivia-mason", "https://fhir.riverside-council.example.gov.uk/Id/carer-id|", "nobody"},
	"Encounter.status":         {"finished", "in-progress", "planned"},
	"Encounter.type":           {"http://snomed.info/sct|439708006", "710824005", "http://snomed.info/sct|", "x|710824005", "439708006,710824005"},
	"DocumentReference.status": {"current", "superseded"},
	"DocumentReference.type":   {"http://snomed.info/sct|371530004", "734163000", "|734163000"},
	"Observation.status":       {"final", "amended"},
	"Observation.code":         {"http://snomed.info/sct|763264000", "763264000", "http://loinc.org|763264000"},
	"Observation.category":     {"survey", "http://terminology.hl7.org/CodeSystem/observation-category|survey", "vital-signs"},
	"CarePlan.status":          {"active", "revoked", "completed", "revoked,completed", "draft"},
	"CarePlan.category":        {"social-care", "https://fhir.riverside-council.example.gov.uk/CodeSystem/care-plan-category|social-care", "|social-care"},
	"Appointment.status":       {"booked", "fulfilled", "booked,fulfilled", "cancelled"},
}

// referenceValues are values for each reference parameter.
var referenceValues = map[string][]string{
	"Encounter.appointment":       {"appt-181372-1", "Appointment/appt-181372-1", "Appointment/none", "appt-000001-1"},
	"Encounter.participant":       {"staff-001", "Practitioner/staff-002", "Practitioner/staff-001,Practitioner/staff-004", "RelatedPerson/staff-001"},
	"DocumentReference.encounter": {"enc-181372-1", "Encounter/enc-181372-1"},
	"DocumentReference.author":    {"Practitioner/staff-003", "staff-004"},
	"Observation.encounter":       {"Encounter/enc-181372-1"},
	"Observation.performer":       {"Practitioner/staff-001", "Organization/staff-001"},
	"CarePlan.encounter":          {"Encounter/enc-181372-1", "enc-456840-2"},
	"Appointment.practitioner":    {"Practitioner/staff-001", "staff-004,staff-003"},
}

// dateValues builds date search values around dates that occur in the
// data: each prefix at the exact instant, its day, its month and its year,
// a value in another zone, minutes precision and OR alternatives.
func dateValues(occurring []string) []string {
	var bases []string
	for _, d := range occurring {
		bases = append(bases, d)
		if len(d) >= 16 {
			bases = append(bases, d[:10], d[:7], d[:16]) // the day, the month, minutes precision with no zone (UTC)
		}
	}
	bases = append(bases, "2024-03-15T10:00:00+01:00", "2023-06-30", "2026", "2099")
	var out []string
	for _, b := range bases {
		for _, p := range []string{"", "eq", "ne", "gt", "lt", "ge", "le", "sa", "eb"} {
			out = append(out, p+b)
		}
	}
	return append(out, "2022,2024", "lt2022-01-01,gt2025-06-01", "ap2024")
}

// occurringDates picks dates of the searched element from the resources:
// a few of the first, middle and last.
func occurringDates(rs []*fhir.Resource, lastUpdated bool) []string {
	var out []string
	for _, i := range []int{0, len(rs) - 1} {
		if i < 0 || i >= len(rs) {
			continue
		}
		d := rs[i].DateText
		if lastUpdated {
			d = rs[i].Meta.LastUpdated
		}
		if d != "" && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// TestPushdownMatchesTheEngine checks every search parameter the social
// care mapping declares, over the demo organisation and the conformance
// fixture: for each value, the resources the source returns when it applies
// the parameter must be exactly those the engine's own evaluation
// (fhir/search, which it uses for residual parameters) keeps from the
// unfiltered answer. A parameter the source returns as residual must leave
// the answer unfiltered; only the forms the adapter documents as left to
// the engine (ap, and values it cannot read) may be residual.
func TestPushdownMatchesTheEngine(t *testing.T) {
	reg, err := search.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	datasets := []struct {
		name string
		dsn  func(testing.TB) string
	}{
		{name: "demo", dsn: demoDB},
		{name: "fixture", dsn: fixtureDB},
	}
	for _, ds := range datasets {
		t.Run(ds.name, func(t *testing.T) {
			dsn := ds.dsn(t)
			src := newSource(t, dsn, socialcare.MappingYAML(), sqlsource.Config{}, sqlsource.WithoutValidation())
			ctx := context.Background()
			caps, err := src.Describe(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// Every patient of the fixture; a fifth of the demo's, the
			// scenario people among them, which keeps the race-detector
			// run short and still covers every kind of record.
			patients := allPatients(t, dsn)
			if len(patients) > 20 {
				var some []string
				for i, p := range patients {
					if i%5 == 0 || p == "LAS-181372" || p == "LAS-456840" {
						some = append(some, p)
					}
				}
				patients = some
			}
			applied := 0
			for typ, tc := range caps.Types {
				if !fhir.InPatientCompartment(typ) && typ != "Patient" {
					continue
				}
				base, err := src.Search(ctx, adapters.Query{Type: typ, Patients: patients})
				if err != nil || base.Truncated || len(base.Resources) == 0 {
					t.Fatalf("%s: %v, truncated %v, %d resources", typ, err, base.Truncated, len(base.Resources))
				}
				decoded := map[string]any{}
				for _, r := range base.Resources {
					if decoded[r.ID], err = fhirpath.Decode(r.Raw); err != nil {
						t.Fatal(err)
					}
				}
				for _, name := range tc.SearchParams {
					code, modifier, _ := strings.Cut(name, ":")
					var values []string
					def, ok := reg.Lookup(typ, code)
					if !ok {
						t.Errorf("%s declares %s, which is not an R4 search parameter of %s", typ, code, typ)
						continue
					}
					switch def.Type {
					case search.TypeToken:
						values = tokenValues[typ+"."+code]
						if code == "_id" {
							values = []string{base.Resources[0].ID, base.Resources[0].ID + "," + base.Resources[len(base.Resources)-1].ID, "nope", "LAS-000001"}
						}
					case search.TypeReference:
						values = referenceValues[typ+"."+code]
					case search.TypeDate:
						values = dateValues(occurringDates(base.Resources, code == "_lastUpdated"))
					}
					if len(values) == 0 {
						t.Errorf("%s: no test values for %s", typ, name)
					}
					for _, v := range values {
						q, err := reg.Parse(typ, url.Values{name: {v}}, search.ParseOptions{Strict: true})
						if err != nil {
							t.Fatalf("%s?%s=%s: the engine refuses the value: %v", typ, name, v, err)
						}
						var want []string
						for _, r := range base.Resources {
							ok, err := q.Match(decoded[r.ID])
							if err != nil {
								t.Fatalf("%s?%s=%s: the engine cannot match %s: %v", typ, name, v, r.ID, err)
							}
							if ok {
								want = append(want, typ+"/"+r.ID)
							}
						}
						slices.Sort(want)
						prm := adapters.Param{Name: name, Value: v}
						res, err := src.Search(ctx, adapters.Query{Type: typ, Patients: patients, Params: []adapters.Param{prm}})
						if err != nil {
							t.Fatalf("%s?%s=%s: %v", typ, name, v, err)
						}
						got := ids(res.Resources)
						if slices.Contains(res.Residual, prm) {
							if !strings.HasPrefix(v, "ap") {
								t.Errorf("%s?%s=%s was left to the engine", typ, name, v)
							}
							if len(got) != len(base.Resources) {
								t.Errorf("%s?%s=%s is residual, yet the answer was filtered", typ, name, v)
							}
							continue
						}
						applied++
						if !slices.Equal(got, want) {
							t.Errorf("%s?%s=%s (modifier %q):\n got %q\nwant %q", typ, name, v, modifier, got, want)
						}
					}
				}
			}
			if applied < 500 {
				t.Errorf("only %d searches were applied by the source", applied)
			}
		})
	}
}

// hostile are values an attacker might try through a search parameter.
func hostile() []string {
	return []string{
		"' OR 1=1 --",
		"'; DROP TABLE people; --",
		"LAS-000001' OR '1'='1",
		`") OR 1=1 --`,
		"’ OR ‘1’=‘1’ --",
		"ʼ; DROP TABLE people; --",
		"＇ OR 1=1 --",
		"a\x00b",
		"\x00",
		"\xff\xfe' OR 1=1",
		strings.Repeat("A", 1<<20),
		strings.Repeat("' OR 1=1 --", 10000),
		"$1",
		":patient",
		"*/ OR 1=1 /*",
		"$$; DROP TABLE people; $$",
		`\`,
		`\'`,
		`x\,y`,
		"1) OR (1=1",
		"%' OR '%'='",
		"ge2020-01-01' OR '1'='1",
		"eq' OR 1=1 --",
		"Patient/LAS-000001' OR '1'='1",
		"https://fhir.nhs.uk/Id/nhs-number|9990000018' OR '1'='1",
		"https://fhir.nhs.uk/Id/nhs-number|' OR 1=1 --",
		"' OR 1=1 --|x",
		"9990000018; DELETE FROM people",
	}
}

// TestInjection tries hostile values through every search parameter of
// every type, the patient ids, _id and Read: no extra rows, no error that
// leaks SQL or the value, and the tables intact afterwards.
func TestInjection(t *testing.T) {
	dsn := fixtureDB(t)
	src := newSource(t, dsn, socialcare.MappingYAML(), sqlsource.Config{}, sqlsource.WithoutValidation())
	ctx := context.Background()
	caps, err := src.Describe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	before := tableCounts(t, dsn)
	checkErr := func(what string, err error, h string) {
		t.Helper()
		if err == nil {
			return
		}
		msg := err.Error()
		if code := src.Code(err); code != adapters.InvalidArgument {
			t.Errorf("%s: %v (%v), want no error or InvalidArgument", what, err, code)
		}
		for _, leak := range []string{"SELECT", "shcr_row", "people", "WHERE"} {
			if strings.Contains(msg, leak) {
				t.Errorf("%s: the error shows SQL: %v", what, err)
			}
		}
		if len(h) > 3 && utf8.ValidString(h) && strings.Contains(msg, h) {
			t.Errorf("%s: the error repeats the value", what)
		}
	}
	for typ, tc := range caps.Types {
		var patients []string
		if fhir.InPatientCompartment(typ) || typ == "Patient" {
			patients = []string{"LAS-000001"}
		}
		base, err := src.Search(ctx, adapters.Query{Type: typ, Patients: patients, Params: []adapters.Param{}})
		if typ != "Patient" && patients == nil && err != nil {
			t.Fatal(err)
		}
		baseIDs := ids(base.Resources)
		for _, name := range tc.SearchParams {
			for _, h := range hostile() {
				what := fmt.Sprintf("%s?%s=%.40q", typ, name, h)
				prm := adapters.Param{Name: name, Value: h}
				res, err := src.Search(ctx, adapters.Query{Type: typ, Patients: patients, Params: []adapters.Param{prm}})
				checkErr(what, err, h)
				if err != nil {
					continue
				}
				got := ids(res.Resources)
				for _, id := range got {
					if !slices.Contains(baseIDs, id) {
						t.Errorf("%s returned %s, which the unfiltered search does not", what, id)
					}
				}
				if !slices.Contains(res.Residual, prm) && !strings.HasSuffix(name, ":not") && len(got) > 0 {
					t.Errorf("%s matched %q", what, got)
				}
				if typ == "Patient" {
					// Without the patient scope, as the engine resolves people.
					res, err := src.Search(ctx, adapters.Query{Type: typ, Params: []adapters.Param{prm}})
					checkErr(what+" (no patient)", err, h)
					if err == nil && len(res.Resources) > 0 && !strings.HasSuffix(name, ":not") {
						t.Errorf("%s without a patient matched %q", what, ids(res.Resources))
					}
				}
			}
		}
		for _, h := range hostile() {
			what := fmt.Sprintf("%s with patient/_id/Read %.40q", typ, h)
			if patients != nil {
				res, err := src.Search(ctx, adapters.Query{Type: typ, Patients: []string{h}})
				checkErr(what, err, h)
				if err == nil && len(res.Resources) > 0 {
					t.Errorf("%s: the patient matched %q", what, ids(res.Resources))
				}
				res, err = src.Search(ctx, adapters.Query{Compartment: true, Patients: []string{h, "LAS-000002"}})
				checkErr(what+" (compartment)", err, h)
				if err == nil {
					for _, r := range res.Resources {
						if fhir.InPatientCompartment(r.Type) && !slices.Contains(r.PatientRefs, "Patient/LAS-000002") {
							t.Errorf("%s: the compartment holds %s/%s", what, r.Type, r.ID)
						}
					}
				}
			}
			res, err := src.Search(ctx, adapters.Query{Type: typ, Patients: patients, Params: []adapters.Param{{Name: "_id", Value: h}}})
			checkErr(what+" (_id)", err, h)
			if err == nil && len(res.Resources) > 0 {
				t.Errorf("%s: _id matched %q", what, ids(res.Resources))
			}
			_, err = src.Read(ctx, typ, h)
			if code := src.Code(err); code != adapters.NotFound {
				t.Errorf("%s: Read gave %v (%v), want NotFound", what, err, code)
			}
		}
	}
	if after := tableCounts(t, dsn); after != before {
		t.Errorf("the tables changed: before %s, after %s", before, after)
	}
}

// tableCounts counts the rows of every table in the public schema.
func tableCounts(t testing.TB, dsn string) string {
	t.Helper()
	return queryText(t, dsn, `SELECT string_agg(format('%s=%s', table_name,
		(xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', table_name), false, true, '')))[1]::text), ' ' ORDER BY table_name)
		FROM information_schema.tables WHERE table_schema = 'public'`)
}
