package demogen

import (
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shcr/shcr/fhir"
)

// TestNHSNumbers checks that every recorded NHS number is a valid
// synthetic one, that no organisation has two patients with the same
// number, and that organisations agree on who a number belongs to.
func TestNHSNumbers(t *testing.T) {
	d := load(t, filesOf(generate(t, Config{})))
	birth := map[string]string{} // NHS number -> birth date, across organisations
	for _, src := range []string{SourceGP, SourceAcute, SourceSocial} {
		seen := map[string]string{}
		for pid, record := range d.orgs[src].people {
			p := patientOf(t, record)
			n := nhsNumberOf(p)
			if n == "" {
				if src != SourceSocial {
					t.Errorf("%s: Patient %s has no NHS number", src, pid)
				}
				continue
			}
			if _, err := fhir.ParseNHSNumber(n); err != nil || !strings.HasPrefix(n, "999") {
				t.Errorf("%s: Patient %s NHS number %q: %v, want a valid 999-range number", src, pid, n, err)
			}
			if other, dup := seen[n]; dup {
				t.Errorf("%s: NHS number %s on both %s and %s", src, n, other, pid)
			}
			seen[n] = pid
			b := str(p.body, "birthDate")
			if prev, ok := birth[n]; ok && prev != b {
				t.Errorf("NHS number %s has birth date %s at %s but %s elsewhere", n, b, src, prev)
			}
			birth[n] = b
		}
	}
}

// TestLocalIDsDiffer checks that no person has the same local id at two
// organisations, so only the NHS number links their records.
func TestLocalIDsDiffer(t *testing.T) {
	d := load(t, filesOf(generate(t, Config{})))
	owner := map[string]string{}
	for _, src := range []string{SourceGP, SourceAcute, SourceSocial} {
		for pid := range d.orgs[src].people {
			if other, ok := owner[pid]; ok {
				t.Errorf("Patient id %s used by both %s and %s", pid, other, src)
			}
			owner[pid] = src
		}
	}
}

// scenarioPerson finds the records of a scenario person at each source
// from its localIds.
func scenarioPerson(t *testing.T, d *demoFiles, s map[string]any) map[string][]res {
	t.Helper()
	out := map[string][]res{}
	ids, _ := s["localIds"].(map[string]any)
	for src, id := range ids {
		record, ok := d.orgs[src].people[id.(string)]
		if !ok {
			t.Fatalf("scenario %v: %s has no Patient %v", s["name"], src, id)
		}
		out[src] = record
	}
	return out
}

func stringsOf(v any) []string {
	a, _ := v.([]any)
	out := make([]string, len(a))
	for i, x := range a {
		out[i], _ = x.(string)
	}
	return out
}

func TestScenarios(t *testing.T) {
	pop := generate(t, Config{})
	d := load(t, filesOf(pop))
	byName := map[string]map[string]any{}
	nhsSeen := map[string]string{}
	for _, s := range d.scenarios.Scenarios {
		name, _ := s["name"].(string)
		if _, dup := byName[name]; dup {
			t.Errorf("scenario %s listed twice", name)
		}
		byName[name] = s
		n, _ := s["nhsNumber"].(string)
		if other, dup := nhsSeen[n]; dup {
			t.Errorf("scenarios %s and %s share NHS number %s", name, other, n)
		}
		nhsSeen[n] = name
	}
	if d.scenarios.ReferenceDate != "2026-06-01" {
		t.Errorf("referenceDate %q, want 2026-06-01", d.scenarios.ReferenceDate)
	}
	if len(d.scenarios.Organisations) != 3 || d.scenarios.Organisations[0].Path != "testdata/demo/gp-riverside" {
		t.Errorf("organisations = %+v, want the three with paths under testdata/demo", d.scenarios.Organisations)
	}

	tests := []struct {
		name    string
		knownTo []string
		check   func(t *testing.T, s map[string]any, rec map[string][]res)
	}{
		{name: "shared-all", knownTo: []string{SourceGP, SourceAcute, SourceSocial}, check: func(t *testing.T, s map[string]any, rec map[string][]res) {
			for _, want := range []struct {
				src    string
				lo, hi int
			}{{SourceGP, 90, 130}, {SourceAcute, 60, 100}, {SourceSocial, 30, 60}} {
				if n := len(rec[want.src]); n < want.lo || n > want.hi {
					t.Errorf("%s holds %d resources, want %d-%d", want.src, n, want.lo, want.hi)
				}
			}
		}},
		{name: "gp-only", knownTo: []string{SourceGP}},
		{name: "duplicate-meds", knownTo: []string{SourceGP, SourceAcute}, check: func(t *testing.T, s map[string]any, rec map[string][]res) {
			med, _ := s["medicationCode"].(map[string]any)
			if med["system"] != "https://dmd.nhs.uk" || med["code"] == nil {
				t.Fatalf("medicationCode = %v, want a dm+d code", med)
			}
			for _, src := range []string{SourceGP, SourceAcute} {
				found := false
				for _, r := range rec[src] {
					found = found || r.typ == "MedicationStatement" && str(r.body, "medicationCodeableConcept", "coding", "code") == med["code"]
				}
				if !found {
					t.Errorf("%s has no MedicationStatement for dm+d %v", src, med["code"])
				}
			}
		}},
		{name: "social-no-nhs-number", knownTo: []string{SourceGP, SourceSocial}, check: func(t *testing.T, s map[string]any, rec map[string][]res) {
			gp, social := patientOf(t, rec[SourceGP]), patientOf(t, rec[SourceSocial])
			if nhsNumberOf(social) != "" {
				t.Errorf("council record has NHS number %s, want none", nhsNumberOf(social))
			}
			if nhsNumberOf(gp) != s["nhsNumber"] {
				t.Errorf("GP NHS number %s, want the scenario's %v", nhsNumberOf(gp), s["nhsNumber"])
			}
			for _, path := range [][]string{{"birthDate"}, {"gender"}, {"name", "family"}, {"address", "postalCode"}} {
				if g, c := str(gp.body, path...), str(social.body, path...); g != c || g == "" {
					t.Errorf("%v is %q at the GP but %q at the council", path, g, c)
				}
			}
			gpGiven := stringsOf(gp.body["name"].([]any)[0].(map[string]any)["given"])
			scGiven := stringsOf(social.body["name"].([]any)[0].(map[string]any)["given"])
			if s["matchVariant"] != "missing-middle-name" || len(gpGiven) < 2 || !slices.Equal(scGiven, gpGiven[:1]) {
				t.Errorf("given names %v at the GP, %v at the council, variant %v; want the middle name missing", gpGiven, scGiven, s["matchVariant"])
			}
		}},
		{name: "objection", knownTo: []string{SourceGP, SourceAcute}},
		{name: "withheld-item", knownTo: []string{SourceGP, SourceAcute}, check: func(t *testing.T, s map[string]any, rec map[string][]res) {
			if s["withheldSource"] != SourceGP {
				t.Errorf("withheldSource %v, want %s", s["withheldSource"], SourceGP)
			}
			typ, id, _ := strings.Cut(s["withheldResource"].(string), "/")
			if typ != "Condition" {
				t.Errorf("withheldResource %v, want a Condition", s["withheldResource"])
			}
			if _, ok := find(rec[SourceGP], typ, id); !ok {
				t.Errorf("withheld resource %v is not in the GP record", s["withheldResource"])
			}
		}},
		{name: "sensitive", knownTo: []string{SourceGP, SourceAcute}, check: func(t *testing.T, s map[string]any, rec map[string][]res) {
			list, _ := s["sensitiveResources"].([]any)
			labels := map[string]bool{}
			sources := map[string]bool{}
			for _, item := range list {
				m := item.(map[string]any)
				src := m["source"].(string)
				typ, id, _ := strings.Cut(m["reference"].(string), "/")
				r, ok := find(rec[src], typ, id)
				if !ok {
					t.Errorf("%v: not in the %s record", m["reference"], src)
					continue
				}
				sources[src] = true
				codes := securityCodes(r)
				if !slices.Contains(codes, confSystem+"|R") {
					t.Errorf("%v: labels %v lack confidentiality R", m["reference"], codes)
				}
				for _, l := range stringsOf(m["labels"]) {
					labels[l] = true
					if !slices.Contains(codes, actCodeSystem+"|"+l) {
						t.Errorf("%v: labels %v lack %s", m["reference"], codes, l)
					}
				}
			}
			for _, l := range []string{labelHIV, labelPSY, labelSEX, labelETH} {
				if !labels[l] {
					t.Errorf("no sensitive resource labelled %s", l)
				}
			}
			if !sources[SourceGP] || !sources[SourceAcute] {
				t.Errorf("sensitive resources at %v, want both GP and hospital", sources)
			}
			labelled := 0
			for _, record := range rec {
				for _, r := range record {
					if len(securityCodes(r)) > 0 {
						labelled++
					}
				}
			}
			if labelled != len(list) {
				t.Errorf("the person has %d labelled resources but sensitiveResources lists %d", labelled, len(list))
			}
		}},
		{name: "carer-proxy", knownTo: []string{SourceGP, SourceAcute, SourceSocial}, check: func(t *testing.T, s map[string]any, rec map[string][]res) {
			user, _ := s["carerUser"].(string)
			name, _ := s["carerName"].(string)
			if !strings.HasPrefix(user, "carer-") || name == "" {
				t.Fatalf("carerUser %q, carerName %q", user, name)
			}
			found := false
			for _, r := range rec[SourceSocial] {
				if r.typ != "RelatedPerson" || str(r.body, "identifier", "value") != user {
					continue
				}
				found = true
				got := str(r.body, "name", "given") + " " + str(r.body, "name", "family")
				if got != name {
					t.Errorf("RelatedPerson name %q, want %q", got, name)
				}
			}
			if !found {
				t.Errorf("council holds no RelatedPerson for %s", user)
			}
			if age := ageOn(t, str(patientOf(t, rec[SourceGP]).body, "birthDate"), pop.Config.Reference); age < 80 {
				t.Errorf("carer-proxy person is %d, want an older person", age)
			}
		}},
		{name: "no-relationship", knownTo: []string{SourceAcute}, check: func(t *testing.T, s map[string]any, rec map[string][]res) {
			if ods := str(patientOf(t, rec[SourceAcute]).body, "generalPractitioner", "identifier", "value"); ods == "X1A01" {
				t.Errorf("hospital records Riverside Surgery as the GP")
			}
		}},
		{name: "deceased", knownTo: []string{SourceGP}, check: func(t *testing.T, s map[string]any, rec map[string][]res) {
			if str(patientOf(t, rec[SourceGP]).body, "deceasedDateTime") == "" {
				t.Errorf("GP Patient has no deceasedDateTime")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := byName[tt.name]
			if !ok {
				t.Fatalf("scenario %s missing", tt.name)
			}
			nhs, _ := s["nhsNumber"].(string)
			if _, err := fhir.ParseNHSNumber(nhs); err != nil {
				t.Errorf("nhsNumber: %v", err)
			}
			if s["description"] == "" {
				t.Errorf("no description")
			}
			if got := stringsOf(s["knownTo"]); !slices.Equal(got, tt.knownTo) {
				t.Errorf("knownTo = %v, want %v", got, tt.knownTo)
			}
			// knownTo must match which organisations hold the NHS number
			// (or, for the council without it, the local id).
			var holders []string
			for _, src := range []string{SourceGP, SourceAcute, SourceSocial} {
				for _, record := range d.orgs[src].people {
					if nhsNumberOf(patientOf(t, record)) == nhs {
						holders = append(holders, src)
					}
				}
			}
			want := slices.DeleteFunc(slices.Clone(tt.knownTo), func(src string) bool {
				return tt.name == "social-no-nhs-number" && src == SourceSocial
			})
			if !slices.Equal(holders, want) {
				t.Errorf("NHS number %s is held by %v, want %v", nhs, holders, want)
			}
			rec := scenarioPerson(t, d, s)
			var localSources []string
			for src := range rec {
				localSources = append(localSources, src)
			}
			sort.Strings(localSources)
			wantSources := slices.Clone(tt.knownTo)
			sort.Strings(wantSources)
			if !slices.Equal(localSources, wantSources) {
				t.Errorf("localIds cover %v, want %v", localSources, wantSources)
			}
			if tt.check != nil {
				tt.check(t, s, rec)
			}
		})
	}
}

func ageOn(t *testing.T, birthDate string, ref time.Time) int {
	t.Helper()
	b, err := time.Parse("2006-01-02", birthDate)
	if err != nil {
		t.Fatalf("birthDate %q: %v", birthDate, err)
	}
	age := ref.Year() - b.Year()
	if ref.YearDay() < b.YearDay() {
		age--
	}
	return age
}

// TestPopulationShape checks the overlap between organisations, the
// people the council knows without an NHS number, and record sizes,
// against the proportions the demo promises.
func TestPopulationShape(t *testing.T) {
	pop := generate(t, Config{})
	d := load(t, filesOf(pop))
	people := float64(pop.Config.People)
	tests := []struct {
		name     string
		src      string
		lo, hi   float64 // share of the population known
		medLo    int     // median resources per person
		medHi    int
		avgBytes int // average bytes per resource on disk (with bundle entry overhead), at most
	}{
		{name: "GP knows most people", src: SourceGP, lo: .85, hi: .95, medLo: 25, medHi: 60, avgBytes: 1200},
		{name: "hospital knows about half", src: SourceAcute, lo: .4, hi: .6, medLo: 10, medHi: 30, avgBytes: 1200},
		{name: "council knows about a quarter", src: SourceSocial, lo: .18, hi: .32, medLo: 8, medHi: 20, avgBytes: 1200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			org := d.orgs[tt.src]
			share := float64(len(org.people)) / people
			if share < tt.lo || share > tt.hi {
				t.Errorf("%s knows %.0f%% of people, want %.0f-%.0f%%", tt.src, share*100, tt.lo*100, tt.hi*100)
			}
			var sizes []int
			for _, record := range org.people {
				sizes = append(sizes, len(record))
			}
			sort.Ints(sizes)
			// Children and the recently registered have thin records, so
			// the median of adults is what "typical" means here.
			if med := sizes[len(sizes)*6/10]; med < tt.medLo || med > tt.medHi {
				t.Errorf("typical %s record has %d resources, want %d-%d", tt.src, med, tt.medLo, tt.medHi)
			}
			i := slices.Index([]string{SourceGP, SourceAcute, SourceSocial}, tt.src)
			if avg := pop.Stats.Bytes[i] / pop.Stats.Resources[i]; avg > tt.avgBytes {
				t.Errorf("%s resources average %d bytes on disk, want at most %d", tt.src, avg, tt.avgBytes)
			}
		})
	}

	t.Run("council people without NHS number match their GP record", func(t *testing.T) {
		gpByBirth := map[string][]res{}
		for _, record := range d.orgs[SourceGP].people {
			p := patientOf(t, record)
			gpByBirth[str(p.body, "birthDate")] = append(gpByBirth[str(p.body, "birthDate")], p)
		}
		without := 0
		for _, record := range d.orgs[SourceSocial].people {
			p := patientOf(t, record)
			if nhsNumberOf(p) != "" {
				continue
			}
			without++
			matched := false
			for _, g := range gpByBirth[str(p.body, "birthDate")] {
				matched = matched || str(g.body, "name", "family") == str(p.body, "name", "family") &&
					str(g.body, "gender") == str(p.body, "gender") &&
					str(g.body, "address", "postalCode") == str(p.body, "address", "postalCode")
			}
			if !matched {
				t.Errorf("council Patient %s has no GP Patient with the same family name, birth date, gender and postcode", p.id)
			}
		}
		if without < 6 || without > 14 {
			t.Errorf("%d council people without an NHS number, want about 10", without)
		}
	})

	t.Run("some people are deceased", func(t *testing.T) {
		deceased := 0
		for _, record := range d.orgs[SourceGP].people {
			if str(patientOf(t, record).body, "deceasedDateTime") != "" {
				deceased++
			}
		}
		if deceased < 2 || deceased > 20 {
			t.Errorf("%d deceased GP patients, want a few", deceased)
		}
	})

	t.Run("some hospital admissions repeat the GP's medicines", func(t *testing.T) {
		shared := 0
		for _, record := range d.orgs[SourceAcute].people {
			for _, r := range record {
				if r.typ == "MedicationStatement" {
					shared++
				}
			}
		}
		if shared < 10 {
			t.Errorf("%d hospital MedicationStatements, want medication on admission for several people", shared)
		}
	})
}
