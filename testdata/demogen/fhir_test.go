package demogen

import (
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shcr/shcr/fhir"
)

// checkConfigs are the populations the structural tests run on: the
// committed default, a scaled one and one with an earlier reference date
// (before COVID-19 vaccination, say), so that rarely taken paths are
// covered too.
var checkConfigs = []struct {
	name string
	cfg  Config
}{
	{name: "default", cfg: Config{}},
	{name: "scaled", cfg: Config{People: 60, Seed: 5, Scale: 2}},
	{name: "reference 2019", cfg: Config{People: 40, Seed: 11, Reference: time.Date(2019, 3, 3, 0, 0, 0, 0, time.UTC)}},
}

// forEachConfig runs f as a subtest for every check config.
func forEachConfig(t *testing.T, f func(t *testing.T, pop *Population)) {
	for _, c := range checkConfigs {
		t.Run(c.name, func(t *testing.T) { f(t, generate(t, c.cfg)) })
	}
}

// TestValidFHIR validates every generated file with google/fhir's R4
// parser. The whole default set takes a few seconds, so nothing is
// sampled.
func TestValidFHIR(t *testing.T) {
	v, err := fhir.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	forEachConfig(t, func(t *testing.T, pop *Population) { validateAll(t, v, filesOf(pop)) })
}

func validateAll(t *testing.T, v *fhir.Validator, files map[string][]byte) {
	for _, src := range []string{SourceGP, SourceAcute, SourceSocial} {
		t.Run(src, func(t *testing.T) {
			n, failed := 0, 0
			for p, data := range files {
				if !strings.HasPrefix(p, src+"/") {
					continue
				}
				n++
				if err := v.Validate(data); err != nil {
					failed++
					if failed <= 5 {
						t.Errorf("%s: %v", p, err)
					}
				}
			}
			if n == 0 {
				t.Fatalf("no files for %s", src)
			}
			if failed > 0 {
				t.Errorf("%d of %d files are not valid FHIR R4", failed, n)
			}
		})
	}
}

var (
	acuteIDRE  = regexp.MustCompile(`^(mrn-\d{7}|[a-z]+-\d{7}-\d+|city-general|pract-\d{3}|role-\d{3})$`)
	socialIDRE = regexp.MustCompile(`^(LAS-\d{6}|[a-z]+-\d{6}-\d+|riverside-council|staff-\d{3}|role-\d{3})$`)
	relRefRE   = regexp.MustCompile(`^[A-Z][A-Za-z]+/[A-Za-z0-9.-]{1,64}$`)
)

// TestLayout checks each organisation's file conventions: the GP's
// Synthea-style transaction bundles, the hospital's collection bundles and
// the council's one-resource files.
func TestLayout(t *testing.T) {
	forEachConfig(t, func(t *testing.T, pop *Population) { checkLayout(t, load(t, filesOf(pop))) })
}

func checkLayout(t *testing.T, d *demoFiles) {
	t.Run(SourceGP, func(t *testing.T) {
		for file, entries := range d.orgs[SourceGP].bundles {
			b := d.raw[file]
			if !strings.Contains(string(b[:80]), `"type": "transaction"`) {
				t.Errorf("%s: not a transaction Bundle", file)
			}
			for _, e := range entries {
				if !uuidRE.MatchString(e.id) || e.fullURL != "urn:uuid:"+e.id {
					t.Errorf("%s: %s/%s has fullUrl %q, want urn:uuid:<its UUID id>", file, e.typ, e.id, e.fullURL)
				}
				for _, ref := range references(e.body) {
					if !strings.HasPrefix(ref, "urn:uuid:") {
						t.Errorf("%s: %s/%s refers to %q, want a urn:uuid: fullUrl", file, e.typ, e.id, ref)
					}
				}
			}
			var v struct {
				Entry []struct {
					Request  struct{ Method, URL string }
					Resource struct{ ResourceType string }
				}
			}
			mustUnmarshal(t, file, b, &v)
			for _, e := range v.Entry {
				if e.Request.Method != "POST" || e.Request.URL != e.Resource.ResourceType {
					t.Errorf("%s: %s entry has request %+v, want POST %s", file, e.Resource.ResourceType, e.Request, e.Resource.ResourceType)
				}
			}
		}
	})
	t.Run(SourceAcute, func(t *testing.T) {
		for file, entries := range d.orgs[SourceAcute].bundles {
			if !strings.Contains(string(d.raw[file][:200]), `"type": "collection"`) {
				t.Errorf("%s: not a collection Bundle", file)
			}
			for _, e := range entries {
				if want := "https://epr.city-general.example.nhs.uk/fhir/" + e.typ + "/" + e.id; e.fullURL != want {
					t.Errorf("%s: fullUrl %q, want %q", file, e.fullURL, want)
				}
				if !acuteIDRE.MatchString(e.id) {
					t.Errorf("%s: id %q is not MRN-derived", file, e.id)
				}
				checkRelative(t, file, e)
			}
		}
	})
	t.Run(SourceSocial, func(t *testing.T) {
		org := d.orgs[SourceSocial]
		for caseID, record := range org.people {
			for _, r := range append(record, org.shared...) {
				if !strings.HasSuffix(r.file, "/"+r.typ+"-"+r.id+".json") {
					t.Errorf("%s holds %s/%s, want it named <Type>-<id>.json", r.file, r.typ, r.id)
				}
				if !socialIDRE.MatchString(r.id) {
					t.Errorf("%s: id %q is not case-number derived", r.file, r.id)
				}
				checkRelative(t, r.file, r)
			}
			if patientOf(t, record).id != caseID {
				t.Errorf("folder %s holds Patient %s", caseID, patientOf(t, record).id)
			}
		}
	})
}

func checkRelative(t *testing.T, file string, r res) {
	t.Helper()
	for _, ref := range references(r.body) {
		if !relRefRE.MatchString(ref) {
			t.Errorf("%s: %s/%s refers to %q, want a relative Type/id reference", file, r.typ, r.id, ref)
		}
	}
}

func mustUnmarshal(t *testing.T, file string, data []byte, v any) {
	t.Helper()
	if err := jsonUnmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

// TestReferencesResolve checks that every reference resolves inside its
// own organisation: within the same person's record, or to the
// organisation's shared reference resources. It also checks that every
// resource about the person points at that person's own Patient.
func TestReferencesResolve(t *testing.T) {
	forEachConfig(t, func(t *testing.T, pop *Population) { checkReferences(t, load(t, filesOf(pop))) })
}

func checkReferences(t *testing.T, d *demoFiles) {
	for _, src := range []string{SourceGP, SourceAcute, SourceSocial} {
		t.Run(src, func(t *testing.T) {
			org := d.orgs[src]
			key := func(r res) string {
				if src == SourceGP {
					return r.fullURL
				}
				return r.typ + "/" + r.id
			}
			shared := map[string]bool{}
			for _, r := range org.shared {
				shared[key(r)] = true
			}
			checked := 0
			for pid, record := range org.people {
				local := map[string]bool{}
				for _, r := range record {
					local[key(r)] = true
				}
				patientKey := key(patientOf(t, record))
				for _, r := range record {
					for _, ref := range references(r.body) {
						checked++
						if !local[ref] && !shared[ref] {
							t.Errorf("%s: %s/%s refers to %s, which is not in the record or the organisation's shared files", r.file, r.typ, r.id, ref)
						}
					}
					if subject := subjectRef(r); r.typ != "Patient" && subject != patientKey {
						t.Errorf("%s: %s/%s is about %q, want the record's own Patient %s (%s)", r.file, r.typ, r.id, subject, patientKey, pid)
					}
				}
			}
			for _, r := range org.shared {
				for _, ref := range references(r.body) {
					if !shared[ref] {
						t.Errorf("%s: shared %s/%s refers to %s outside the shared files", r.file, r.typ, r.id, ref)
					}
				}
			}
			if checked == 0 {
				t.Fatal("no references checked")
			}
		})
	}
}

// subjectRef is the reference saying which patient a resource is about.
func subjectRef(r res) string {
	for _, field := range []string{"subject", "patient"} {
		if s := str(r.body, field, "reference"); s != "" {
			return s
		}
	}
	if r.typ == "Appointment" {
		parts, _ := r.body["participant"].([]any)
		for _, p := range parts {
			if s := str(p, "actor", "reference"); strings.Contains(s, "Patient/") || strings.HasPrefix(s, "urn:uuid:") {
				return s
			}
		}
	}
	return ""
}

// clinicalDates are the elements that date each resource type; every
// resource must have at least one.
var clinicalDates = map[string][]string{
	"Patient":             {"birthDate"},
	"AllergyIntolerance":  {"recordedDate"},
	"Condition":           {"onsetDateTime", "recordedDate"},
	"MedicationStatement": {"effectiveDateTime", "effectivePeriod.start", "dateAsserted"},
	"MedicationRequest":   {"authoredOn"},
	"Observation":         {"effectiveDateTime"},
	"Immunization":        {"occurrenceDateTime"},
	"Encounter":           {"period.start"},
	"Procedure":           {"performedDateTime"},
	"DocumentReference":   {"date"},
	"Appointment":         {"start"},
	"Flag":                {"period.start"},
	"CarePlan":            {"period.start", "created"},
	"RelatedPerson":       {"period.start"},
}

// TestMetaAndDates checks that every resource has meta.lastUpdated and a
// UK Core profile, and a clinical date inside the ten years before the
// reference date (booked appointments may lie up to a few months after)
// and inside the person's life.
func TestMetaAndDates(t *testing.T) {
	forEachConfig(t, checkMetaAndDates)
}

func checkMetaAndDates(t *testing.T, pop *Population) {
	ref := pop.Config.Reference
	d := load(t, filesOf(pop))
	for src, org := range d.orgs {
		for _, record := range org.people {
			patient := patientOf(t, record).body
			born, _ := time.Parse("2006-01-02", str(patient, "birthDate"))
			died, _ := time.Parse(time.RFC3339, str(patient, "deceasedDateTime"))
			for _, r := range record {
				meta, _ := r.body["meta"].(map[string]any)
				updated, err := time.Parse(time.RFC3339, str(meta, "lastUpdated"))
				if err != nil || updated.After(ref) {
					t.Errorf("%s: %s/%s meta.lastUpdated %q, want an instant no later than %s", src, r.typ, r.id, str(meta, "lastUpdated"), fdate(ref))
				}
				if p := str(meta, "profile"); !strings.HasPrefix(p, "https://fhir.hl7.org.uk/StructureDefinition/UKCore-") {
					t.Errorf("%s: %s/%s profile %q, want a UK Core profile", src, r.typ, r.id, p)
				}
				fields, ok := clinicalDates[r.typ]
				if !ok {
					t.Errorf("%s: unexpected resource type %s", src, r.typ)
					continue
				}
				var date string
				for _, f := range fields {
					if date = str(r.body, strings.Split(f, ".")...); date != "" {
						break
					}
				}
				if date == "" {
					t.Errorf("%s: %s/%s has none of %v", src, r.typ, r.id, fields)
					continue
				}
				if r.typ == "Patient" {
					continue
				}
				when, err := time.Parse(time.RFC3339, date)
				if err != nil {
					when, err = time.Parse("2006-01-02", date)
				}
				latest := ref
				if r.typ == "Appointment" {
					latest = ref.AddDate(0, 4, 0)
				}
				if err != nil || when.Before(ref.AddDate(-10, 0, -1)) || when.After(latest) {
					t.Errorf("%s: %s/%s dated %q, want within the ten years before %s", src, r.typ, r.id, date, fdate(ref))
				}
				if when.Before(born) || !died.IsZero() && when.After(died) {
					t.Errorf("%s: %s/%s dated %q, outside the person's life (%s to %s)", src, r.typ, r.id, date, fdate(born), str(patient, "deceasedDateTime"))
				}
			}
		}
	}
}

// TestSecurityLabels checks that labels are well formed wherever they
// appear and that all four sensitivity codes are used.
func TestSecurityLabels(t *testing.T) {
	d := load(t, filesOf(generate(t, Config{})))
	seen := map[string]int{}
	for _, org := range d.orgs {
		for _, record := range org.people {
			for _, r := range record {
				codes := securityCodes(r)
				if len(codes) == 0 {
					continue
				}
				if codes[0] != confSystem+"|R" {
					t.Errorf("%s: %s/%s labels %v, want confidentiality R first", r.file, r.typ, r.id, codes)
				}
				for _, c := range codes[1:] {
					code, ok := strings.CutPrefix(c, actCodeSystem+"|")
					if !ok {
						t.Errorf("%s: %s/%s label %s is not a v3-ActCode", r.file, r.typ, r.id, c)
					}
					seen[code]++
				}
			}
		}
	}
	var got []string
	for code := range seen {
		got = append(got, code)
	}
	sort.Strings(got)
	if strings.Join(got, ",") != "ETH,HIV,PSY,SEX" {
		t.Errorf("sensitivity labels used: %v, want ETH, HIV, PSY and SEX", got)
	}
}
