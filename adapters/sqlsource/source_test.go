package sqlsource_test

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/adaptertest"
	"github.com/shcr/shcr/adapters/sqlsource"
	"github.com/shcr/shcr/adapters/sqlsource/socialcare"
	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/internal/pgtest"
)

//go:embed testdata/conformance.sql
var conformanceSQL string

// fixtureDB returns a fresh database holding the social care schema and
// the conformance fixture.
func fixtureDB(t testing.TB) string {
	t.Helper()
	dsn := pgtest.DSN(t)
	pgtest.Exec(t, dsn, socialcare.SchemaSQL())
	pgtest.Exec(t, dsn, conformanceSQL)
	return dsn
}

// validator is built once per test binary run by whoever needs it first;
// building one takes a while.
var validator = sync.OnceValues(fhir.NewValidator)

func newSource(t testing.TB, dsn string, mapping []byte, cfg sqlsource.Config, opts ...sqlsource.Option) *sqlsource.Source {
	t.Helper()
	m, err := sqlsource.ParseMapping(mapping)
	if err != nil {
		t.Fatal(err)
	}
	v, err := validator()
	if err != nil {
		t.Fatal(err)
	}
	cfg.DSN = sqlsource.Secret(dsn)
	src, err := sqlsource.New(context.Background(), cfg, append([]sqlsource.Option{sqlsource.WithMapping(m), sqlsource.WithValidator(v)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(src.Close)
	return src
}

func conformanceFixture() adaptertest.Fixture {
	return adaptertest.Fixture{
		Patients: []adaptertest.FixturePatient{
			{NHSNumber: "9990000018", LocalID: "LAS-000001", Types: map[string]int{
				"RelatedPerson": 1, "Flag": 2, "Encounter": 3, "DocumentReference": 2, "Observation": 1, "CarePlan": 2, "Appointment": 2}},
			{NHSNumber: "9990000026", LocalID: "LAS-000002", Types: map[string]int{
				"Flag": 1, "Encounter": 1, "CarePlan": 1, "Appointment": 1}},
		},
		UnknownNHS: "9990000034",
		Supporting: []string{"Organization/riverside-council", "Organization/brightcare",
			"Practitioner/staff-001", "Practitioner/staff-002", "Practitioner/staff-003"},
		SearchType: "CarePlan",
	}
}

// TestConformance runs the adapter conformance suite over the social care
// mapping and a real PostgreSQL database, one fresh database per run.
func TestConformance(t *testing.T) {
	dsn := fixtureDB(t)
	adaptertest.Run(t, adaptertest.Harness{
		New: func(t *testing.T) adapters.Source {
			return newSource(t, dsn, socialcare.MappingYAML(), sqlsource.Config{})
		},
		Fixture: conformanceFixture(),
	})
}

func ids(rs []*fhir.Resource) []string {
	out := make([]string, 0, len(rs))
	for _, r := range rs {
		out = append(out, r.Type+"/"+r.ID)
	}
	sort.Strings(out)
	return out
}

// TestNullsAndArrays checks what the fixture's gaps become: no NHS number,
// no verification status, no middle name, no telephones, an address
// without a district, a current and an old address, an open period.
func TestNullsAndArrays(t *testing.T) {
	src := newSource(t, fixtureDB(t), socialcare.MappingYAML(), sqlsource.Config{})
	ctx := context.Background()
	tests := []struct {
		name, typ, id string
		want          string
	}{
		{name: "everything present", typ: "Patient", id: "LAS-000001",
			want: `{"resourceType":"Patient","id":"LAS-000001","meta":{"lastUpdated":"2026-01-15T10:00:00Z","profile":["https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"]},"identifier":[{"extension":[{"url":"https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus","valueCodeableConcept":{"coding":[{"system":"https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland","code":"01","display":"Number present and verified"}]}}],"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9990000018"},{"system":"https://fhir.riverside-council.example.gov.uk/Id/person-id","value":"LAS-000001"}],"active":true,"name":[{"use":"official","family":"O'Brien","given":["Ada","Mary"],"prefix":["Mrs"]}],"telecom":[{"system":"phone","value":"01632 960111","use":"home"},{"system":"phone","value":"07700 900111","use":"mobile"}],"gender":"female","birthDate":"1938-02-11","address":[{"use":"home","type":"both","line":["1 Mill Lane","Flat 2"],"district":"Northbank","city":"Riverside","postalCode":"RV1 1AA","country":"GB"}],"generalPractitioner":[{"identifier":{"system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"X1A01"},"display":"Riverside Surgery"}],"managingOrganization":{"reference":"Organization/riverside-council","display":"Riverside Council Adult Social Care"}}`},
		{name: "NULLs leave elements out", typ: "Patient", id: "LAS-000002",
			want: `{"resourceType":"Patient","id":"LAS-000002","meta":{"lastUpdated":"2026-03-02T09:00:00Z","profile":["https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"]},"identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9990000026"},{"system":"https://fhir.riverside-council.example.gov.uk/Id/person-id","value":"LAS-000002"}],"active":true,"name":[{"use":"official","family":"Nuñez","given":["Bert"]}],"gender":"male","birthDate":"1950-07-30","deceasedDateTime":"2026-03-01T04:30:00Z","address":[{"use":"home","type":"both","line":["2 Quay Street"],"city":"Riverside","postalCode":"RV2 2BB","country":"GB"}],"managingOrganization":{"reference":"Organization/riverside-council","display":"Riverside Council Adult Social Care"}}`},
		{name: "no NHS number, no address", typ: "Patient", id: "LAS-000003",
			want: `{"resourceType":"Patient","id":"LAS-000003","meta":{"lastUpdated":"2025-05-05T05:05:05Z","profile":["https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"]},"identifier":[{"system":"https://fhir.riverside-council.example.gov.uk/Id/person-id","value":"LAS-000003"}],"active":true,"name":[{"use":"official","family":"Stone","given":["Cleo"],"prefix":["Ms"]}],"telecom":[{"system":"phone","value":"07700 900333","use":"mobile"}],"gender":"female","birthDate":"1990-01-01","generalPractitioner":[{"identifier":{"system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"X1A01"},"display":"Riverside Surgery"}],"managingOrganization":{"reference":"Organization/riverside-council","display":"Riverside Council Adult Social Care"}}`},
		{name: "an array from a json aggregate, references to two organisations", typ: "CarePlan", id: "cp-000001-2",
			want: `{"resourceType":"CarePlan","id":"cp-000001-2","meta":{"lastUpdated":"2024-06-30T16:10:00Z","profile":["https://fhir.hl7.org.uk/StructureDefinition/UKCore-CarePlan"]},"status":"active","intent":"plan","category":[{"coding":[{"system":"https://fhir.riverside-council.example.gov.uk/CodeSystem/care-plan-category","code":"social-care","display":"Adult social care"}],"text":"Social care"}],"title":"Home care - two calls a day","description":"Help with washing, dressing and medicines, morning and evening.","subject":{"reference":"Patient/LAS-000001"},"encounter":{"reference":"Encounter/enc-000001-2"},"period":{"start":"2024-06-30T14:00:00Z"},"created":"2024-06-30T14:00:00Z","author":{"reference":"Practitioner/staff-003","display":"Sophie Bell"},"activity":[{"detail":{"status":"in-progress","description":"Morning call: personal care and medicines prompt","performer":[{"reference":"Organization/brightcare","display":"BrightCare Homecare Ltd"}]}},{"detail":{"status":"in-progress","description":"Evening call: meal preparation and medicines prompt","performer":[{"reference":"Organization/brightcare","display":"BrightCare Homecare Ltd"}]}}]}`},
		{name: "escaping: quotes, angle brackets, ampersand", typ: "Flag", id: "flag-000002-1",
			want: `{"resourceType":"Flag","id":"flag-000002-1","meta":{"lastUpdated":"2025-02-01T08:30:00Z","profile":["https://fhir.hl7.org.uk/StructureDefinition/UKCore-Flag"]},"status":"active","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/flag-category","code":"behavioral","display":"Behavioral"}]}],"code":{"text":"Risk to staff: \"dog\" <in> the yard & more"},"subject":{"reference":"Patient/LAS-000002"},"period":{"start":"2025-02-01T08:00:00Z"},"author":{"reference":"Organization/riverside-council","display":"Riverside Council Adult Social Care"}}`},
		{name: "base64 of unicode text, dates and instants", typ: "DocumentReference", id: "doc-000001-1",
			want: `{"resourceType":"DocumentReference","id":"doc-000001-1","meta":{"lastUpdated":"2021-03-05T12:30:00Z","profile":["https://fhir.hl7.org.uk/StructureDefinition/UKCore-DocumentReference"]},"status":"current","docStatus":"final","type":{"coding":[{"system":"http://snomed.info/sct","code":"371530004","display":"Clinical consultation report"}],"text":"Care Act 2014 needs assessment"},"subject":{"reference":"Patient/LAS-000001"},"date":"2021-03-05T12:00:00Z","author":[{"reference":"Practitioner/staff-001","display":"Sharon Gray"}],"custodian":{"reference":"Organization/riverside-council","display":"Riverside Council Adult Social Care"},"description":"Care Act 2014 needs assessment","content":[{"attachment":{"contentType":"text/plain; charset=utf-8","language":"en-GB","data":"TmVlZHMgYXNzZXNzbWVudDogZWxpZ2libGUuIExpdmVzIGFsb25lOiB5ZXMuIMOcbsOvY8O2ZMOpIOKAlCDigJxxdW90ZWTigJ0gdGV4dC4=","title":"Care Act 2014 needs assessment","creation":"2021-03-05T12:00:00Z"}}],"context":{"encounter":[{"reference":"Encounter/enc-000001-1"}]}}`},
		{name: "a related person with a carer identifier and three relationships", typ: "RelatedPerson", id: "rp-000001-1",
			want: `{"resourceType":"RelatedPerson","id":"rp-000001-1","meta":{"lastUpdated":"2021-03-01T12:00:00Z","profile":["https://fhir.hl7.org.uk/StructureDefinition/UKCore-RelatedPerson"]},"identifier":[{"system":"https://fhir.riverside-council.example.gov.uk/Id/carer-id","value":"carer-eve-obrien"}],"active":true,"patient":{"reference":"Patient/LAS-000001"},"relationship":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-RoleCode","code":"DAU","display":"natural daughter"}]},{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0131","code":"N","display":"Next-of-Kin"}]},{"coding":[{"system":"https://fhir.hl7.org.uk/CodeSystem/UKCore-AdditionalPersonRelationshipRole","code":"Carer","display":"Carer of patient"}]}],"name":[{"use":"official","family":"O'Brien","given":["Eve"]}],"telecom":[{"system":"phone","value":"07700 900444","use":"mobile"}],"gender":"female","period":{"start":"2021-03-01"}}`},
		{name: "a practitioner without a telephone", typ: "Practitioner", id: "staff-002",
			want: `{"resourceType":"Practitioner","id":"staff-002","meta":{"lastUpdated":"2016-06-01T10:18:00Z","profile":["https://fhir.hl7.org.uk/StructureDefinition/UKCore-Practitioner"]},"identifier":[{"system":"https://fhir.riverside-council.example.gov.uk/Id/staff-number","value":"RC74786"}],"active":true,"name":[{"use":"official","family":"Collins","given":["Edward"],"prefix":["Dr"]}],"gender":"male"}`},
		{name: "an organisation with no telephone or address", typ: "Organization", id: "brightcare",
			want: `{"resourceType":"Organization","id":"brightcare","meta":{"lastUpdated":"2020-01-01T09:00:00Z","profile":["https://fhir.hl7.org.uk/StructureDefinition/UKCore-Organization"]},"identifier":[{"use":"official","system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"X9Z99"}],"active":true,"type":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/organization-type","code":"prov","display":"Healthcare Provider"}]}],"name":"BrightCare Homecare Ltd","address":[{"country":"GB","use":"work"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := src.Read(ctx, tt.typ, tt.id)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(r.Raw); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestReadErrors checks reads that find nothing.
func TestReadErrors(t *testing.T) {
	src := newSource(t, fixtureDB(t), socialcare.MappingYAML(), sqlsource.Config{})
	tests := []struct {
		name, typ, id string
	}{
		{name: "unknown id", typ: "CarePlan", id: "cp-999999-1"},
		{name: "unmapped type", typ: "Condition", id: "cond-1"},
		{name: "not an id", typ: "Patient", id: "LAS-000001' OR '1'='1"},
		{name: "empty id", typ: "Patient", id: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := src.Read(context.Background(), tt.typ, tt.id)
			if code := src.Code(err); code != adapters.NotFound {
				t.Errorf("Read: %v (%v), want NotFound", err, code)
			}
		})
	}
}

// TestCompartmentTypes checks that Types narrows a compartment query,
// supporting resources included.
func TestCompartmentTypes(t *testing.T) {
	src := newSource(t, fixtureDB(t), socialcare.MappingYAML(), sqlsource.Config{})
	res, err := src.Search(context.Background(), adapters.Query{Compartment: true, Patients: []string{"LAS-000001"}, Types: []string{"Flag", "CarePlan", "Organization"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"CarePlan/cp-000001-1", "CarePlan/cp-000001-2", "Flag/flag-000001-1", "Flag/flag-000001-2",
		"Organization/brightcare", "Organization/riverside-council"}
	if got := ids(res.Resources); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestInvalidRowsAreDropped checks a row that does not build a valid
// resource: it is left out and counted, the answer says it is truncated,
// the rest arrives, and the log says so without a value from the row.
func TestInvalidRowsAreDropped(t *testing.T) {
	dsn := fixtureDB(t)
	pgtest.Exec(t, dsn, `UPDATE staff SET gender = 'unknown' WHERE staff_id = 'staff-003';
		ALTER TABLE alerts DROP CONSTRAINT alerts_status_check;
		UPDATE alerts SET status = 'Très secret' WHERE alert_ref = 'flag-000001-2'`)
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	src := newSource(t, dsn, socialcare.MappingYAML(), sqlsource.Config{}, sqlsource.WithLogger(logger))
	res, err := src.Search(context.Background(), adapters.Query{Type: "Flag", Patients: []string{"LAS-000001"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res.Resources); !slices.Equal(got, []string{"Flag/flag-000001-1"}) || !res.Truncated {
		t.Errorf("got %q, truncated %v; want the valid flag alone, truncated", got, res.Truncated)
	}
	if src.InvalidRows() != 1 {
		t.Errorf("InvalidRows = %d, want 1", src.InvalidRows())
	}
	for _, leak := range []string{"Très", "secret", "Key safe", "LAS-000001", "flag-000001"} {
		if strings.Contains(logs.String(), leak) {
			t.Errorf("the log shows %q:\n%s", leak, logs.String())
		}
	}
	if !strings.Contains(logs.String(), `"dropped":1`) {
		t.Errorf("the log does not count the dropped row:\n%s", logs.String())
	}
}

// TestMaxRows checks a query with more rows than max_rows stops and says
// it is truncated.
func TestMaxRows(t *testing.T) {
	src := newSource(t, fixtureDB(t), socialcare.MappingYAML(), sqlsource.Config{MaxRows: 2})
	res, err := src.Search(context.Background(), adapters.Query{Type: "Encounter", Patients: []string{"LAS-000001"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Resources) != 2 || !res.Truncated {
		t.Errorf("got %d resources, truncated %v; want 2, truncated", len(res.Resources), res.Truncated)
	}
}

// slowMapping serves Organizations through a query that sleeps, so a call
// is still running when its deadline passes.
const slowMapping = `
version: 1
resources:
  Patient:
    query: SELECT p.case_ref AS id, p.nhs_number FROM people p
    search:
      identifier: {type: token, columns: {https://fhir.nhs.uk/Id/nhs-number: nhs_number}}
    resource:
      active: true
  Organization:
    query: SELECT o.org_id AS id, o.name FROM organisations o CROSS JOIN LATERAL (SELECT pg_sleep(30)) AS slow
    resource:
      name: ${name}
`

// TestDeadlinesAndCancellation checks that a slow query is abandoned when
// the caller's context ends or the query timeout passes, promptly and with
// the right code.
func TestDeadlinesAndCancellation(t *testing.T) {
	dsn := fixtureDB(t)
	tests := []struct {
		name    string
		cfg     sqlsource.Config
		ctx     func() (context.Context, context.CancelFunc)
		want    adapters.Code
		onStart func(cancel context.CancelFunc)
	}{
		{name: "the caller's deadline", ctx: func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 300*time.Millisecond)
		}, want: adapters.DeadlineExceeded},
		{name: "the query timeout", cfg: sqlsource.Config{QueryTimeout: 300 * time.Millisecond}, ctx: func() (context.Context, context.CancelFunc) {
			return context.WithCancel(context.Background())
		}, want: adapters.DeadlineExceeded},
		{name: "the caller cancels", ctx: func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			return ctx, cancel
		}, want: adapters.Canceled, onStart: func(cancel context.CancelFunc) { cancel() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := newSource(t, dsn, []byte(slowMapping), tt.cfg)
			if _, err := src.Describe(context.Background()); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := tt.ctx()
			defer cancel()
			start := time.Now()
			done := make(chan error, 1)
			go func() {
				_, err := src.Read(ctx, "Organization", "riverside-council")
				done <- err
			}()
			if tt.onStart != nil {
				tt.onStart(cancel)
			}
			err := <-done
			if code := src.Code(err); code != tt.want {
				t.Errorf("Read: %v (%v), want %v", err, code, tt.want)
			}
			if elapsed := time.Since(start); elapsed > 10*time.Second {
				t.Errorf("Read returned after %v", elapsed)
			}
		})
	}
}

// TestUnavailable checks that a database that cannot be reached is
// Unavailable, for Describe and for Search, and that nothing said repeats
// the DSN's password.
func TestUnavailable(t *testing.T) {
	dsn := fixtureDB(t)
	tests := []struct {
		name string
		dsn  string
	}{
		{name: "nothing listening", dsn: "postgres://shcr:secret-pw@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"},
		{name: "no such database", dsn: strings.Replace(dsn, "/shcr_t_", "/shcr_missing_", 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := newSource(t, tt.dsn, socialcare.MappingYAML(), sqlsource.Config{})
			ctx := context.Background()
			_, err := src.Describe(ctx)
			if code := src.Code(err); code != adapters.Unavailable {
				t.Errorf("Describe: %v (%v), want Unavailable", err, code)
			}
			_, err = src.Search(ctx, adapters.Query{Compartment: true, Patients: []string{"LAS-000001"}})
			if code := src.Code(err); code != adapters.Unavailable {
				t.Errorf("Search: %v (%v), want Unavailable", err, code)
			}
			if err != nil && (strings.Contains(err.Error(), "secret-pw") || strings.Contains(err.Error(), "shcr_missing_")) {
				t.Errorf("the error repeats the DSN: %v", err)
			}
		})
	}
	t.Run("closed", func(t *testing.T) {
		src := newSource(t, dsn, socialcare.MappingYAML(), sqlsource.Config{})
		src.Close()
		_, err := src.Search(context.Background(), adapters.Query{Type: "Patient", Patients: []string{"LAS-000001"}})
		if code := src.Code(err); code != adapters.Unavailable {
			t.Errorf("Search after Close: %v (%v), want Unavailable", err, code)
		}
	})
}

// TestMappingMismatch checks that Describe finds a mapping that does not fit
// the database, naming the type and the column, and that the source's
// read-only session refuses a mapping that writes.
func TestMappingMismatch(t *testing.T) {
	dsn := fixtureDB(t)
	base := func(patientQuery, orgQuery string) []byte {
		return []byte(`
version: 1
resources:
  Patient:
    query: ` + patientQuery + `
    search:
      identifier: {type: token, columns: {https://fhir.nhs.uk/Id/nhs-number: nhs_number}}
      _lastUpdated: {type: date, column: updated_at}
    resource:
      active: true
  Organization:
    query: ` + orgQuery + `
    resource:
      name: ${name}
`)
	}
	const goodPatient = "SELECT p.case_ref AS id, p.nhs_number, p.updated_at FROM people p"
	const goodOrg = "SELECT o.org_id AS id, o.name FROM organisations o"
	tests := []struct {
		name    string
		mapping []byte
		want    []string
	}{
		{name: "a column the query lacks", mapping: base("SELECT p.case_ref AS id, p.updated_at FROM people p", goodOrg),
			want: []string{"Patient", "no column nhs_number"}},
		{name: "an integer id", mapping: base("SELECT p.person_id AS id, p.nhs_number, p.updated_at FROM people p", goodOrg),
			want: []string{"Patient", "id column id must be text"}},
		{name: "a date on a text column", mapping: base("SELECT p.case_ref AS id, p.nhs_number, p.gender AS updated_at FROM people p", goodOrg),
			want: []string{"Patient", "updated_at must be a date"}},
		{name: "a query that does not compile", mapping: base(goodPatient, "SELECT o.org_id AS id, o.nom AS name FROM organisations o"),
			want: []string{"Organization", "SQLSTATE 42703", `column o.nom does not exist`}},
		{name: "a template name the query lacks", mapping: []byte(strings.Replace(string(base(goodPatient, goodOrg)), "name: ${name}", "name: ${title}", 1)),
			want: []string{"Organization", "no column title"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := newSource(t, dsn, tt.mapping, sqlsource.Config{})
			_, err := src.Describe(context.Background())
			if err == nil {
				t.Fatal("Describe accepted the mapping")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Describe: %v\nwant it to mention %q", err, w)
				}
			}
			if !errors.Is(err, sqlsource.ErrMappingMismatch) || src.Code(err) != adapters.Unknown {
				t.Errorf("the error is not a mapping mismatch classified Unknown: %v", err)
			}
		})
	}
	t.Run("a query that writes in a subquery", func(t *testing.T) {
		src := newSource(t, dsn, base(goodPatient, "WITH gone AS (DELETE FROM care_services RETURNING provider_org_id) SELECT o.org_id AS id, o.name FROM organisations o"), sqlsource.Config{})
		_, err := src.Describe(context.Background())
		if !errors.Is(err, sqlsource.ErrMappingMismatch) || !strings.Contains(err.Error(), "0A000") {
			t.Errorf("Describe: %v, want the wrapped query refused", err)
		}
	})
	t.Run("a query that writes through a function", func(t *testing.T) {
		pgtest.Exec(t, dsn, "CREATE FUNCTION purge_services() RETURNS bigint LANGUAGE sql AS 'WITH d AS (DELETE FROM care_services RETURNING 1) SELECT count(*) FROM d'")
		src := newSource(t, dsn, base(goodPatient, "SELECT o.org_id AS id, o.name FROM organisations o WHERE purge_services() >= 0"), sqlsource.Config{})
		if _, err := src.Describe(context.Background()); err != nil {
			t.Fatal(err)
		}
		_, err := src.Read(context.Background(), "Organization", "riverside-council")
		if !errors.Is(err, sqlsource.ErrMappingMismatch) || !strings.Contains(err.Error(), "read-only") {
			t.Errorf("Read: %v, want the read-only session to refuse the write", err)
		}
		if n := count(t, dsn, "care_services"); n != 3 {
			t.Errorf("care_services has %d rows after the mapping tried to delete them", n)
		}
	})
}

func count(t testing.TB, dsn, table string) int {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM "+pgx.Identifier{table}.Sanitize()).Scan(&n); err != nil {
		t.Fatalf("counting %s: %v", table, err)
	}
	return n
}

// TestSchemaChangeIsRechecked checks a source whose database changes under
// it after Describe: the call that meets the change fails as a mapping
// fault, and the source checks the mapping again on the next call.
func TestSchemaChangeIsRechecked(t *testing.T) {
	dsn := fixtureDB(t)
	src := newSource(t, dsn, socialcare.MappingYAML(), sqlsource.Config{})
	ctx := context.Background()
	if _, err := src.Read(ctx, "Practitioner", "staff-002"); err != nil {
		t.Fatal(err)
	}
	pgtest.Exec(t, dsn, "ALTER TABLE staff ALTER COLUMN title TYPE varchar(20)")
	var err error
	for range 3 {
		if _, err = src.Read(ctx, "Practitioner", "staff-002"); err == nil {
			break
		}
		if !errors.Is(err, sqlsource.ErrMappingMismatch) {
			t.Fatalf("Read after the change: %v, want a mapping mismatch", err)
		}
	}
	if err != nil {
		t.Fatalf("the source did not recover after checking the mapping again: %v", err)
	}
}

// callerMapping exposes the caller settings through an Organization's
// name, as a view or an audit trigger in the database would read them.
const callerMapping = `
version: 1
resources:
  Patient:
    query: SELECT p.case_ref AS id, p.nhs_number FROM people p
    search:
      identifier: {type: token, columns: {https://fhir.nhs.uk/Id/nhs-number: nhs_number}}
    resource:
      active: true
  Organization:
    query: |
      SELECT o.org_id AS id,
             concat_ws('/', current_setting('shcr.user_id', true), current_setting('shcr.user_role', true),
                       current_setting('shcr.user_org', true), current_setting('shcr.purpose', true),
                       current_setting('shcr.request_id', true)) AS name
        FROM organisations o
    resource:
      name: ${name}
`

// TestCallerReachesTheDatabase checks the requesting user travels to the
// database as transaction-local settings, and does not outlive the call.
func TestCallerReachesTheDatabase(t *testing.T) {
	src := newSource(t, fixtureDB(t), []byte(callerMapping), sqlsource.Config{MaxConns: 1})
	ctx := adapters.WithCaller(context.Background(), adapters.Caller{UserID: "u-1", Name: "Dr Who", Role: "social-care", Org: "X3C03", Purpose: "TREAT", RequestID: "req\x00-1"})
	r, err := src.Read(ctx, "Organization", "riverside-council")
	if err != nil {
		t.Fatal(err)
	}
	if want := `"name":"u-1/social-care/X3C03/TREAT/req-1"`; !strings.Contains(string(r.Raw), want) {
		t.Errorf("got %s, want it to contain %s", r.Raw, want)
	}
	r, err = src.Read(context.Background(), "Organization", "riverside-council")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(r.Raw), "u-1") {
		t.Errorf("the caller outlived its call: %s", r.Raw)
	}
}

// TestConcurrentSearches runs many searches at once over few connections.
func TestConcurrentSearches(t *testing.T) {
	src := newSource(t, fixtureDB(t), socialcare.MappingYAML(), sqlsource.Config{MaxConns: 2})
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 64 {
		wg.Go(func() {
			p := []string{"LAS-000001", "LAS-000002"}[i%2]
			res, err := src.Search(ctx, adapters.Query{Compartment: true, Patients: []string{p}})
			if err != nil {
				errs <- err
				return
			}
			for _, r := range res.Resources {
				if fhir.InPatientCompartment(r.Type) && !slices.Contains(r.PatientRefs, "Patient/"+p) {
					errs <- errors.New(r.Type + "/" + r.ID + " is not " + p + "'s")
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// queryText runs a query returning one text value on the database dsn
// names.
func queryText(t testing.TB, dsn, sql string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var s string
	if err := conn.QueryRow(ctx, sql).Scan(&s); err != nil {
		t.Fatalf("querying the test database: %v", err)
	}
	return s
}
