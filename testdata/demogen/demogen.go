package demogen

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Config says what population to generate. The zero value of every field
// means its default, so Config{} generates the committed demo set.
type Config struct {
	// People is the number of people in the population (default 240). It
	// must be large enough to hold the named scenarios.
	People int
	// Seed selects the population (default DefaultSeed; 0 means default).
	Seed uint64
	// Scale multiplies how many resources each person has (default 1).
	Scale float64
	// Reference is the fixed "today" of the population (default
	// 2026-06-01). History lies in the ten years before it; only booked
	// appointments lie after it.
	Reference time.Time
	// Root is where the output folder sits relative to the repository
	// root; it is recorded as each organisation's path in scenarios.json
	// (default "testdata/demo").
	Root string
}

// Defaults for the committed demo set.
const (
	DefaultPeople = 240
	DefaultSeed   = 20260601
	DefaultRoot   = "testdata/demo"
)

// DefaultReference is the default fixed "today".
func DefaultReference() time.Time { return time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC) }

// withDefaults fills in zero fields.
func (c Config) withDefaults() Config {
	if c.People == 0 {
		c.People = DefaultPeople
	}
	if c.Seed == 0 {
		c.Seed = DefaultSeed
	}
	if c.Scale == 0 {
		c.Scale = 1
	}
	if c.Reference.IsZero() {
		c.Reference = DefaultReference()
	}
	if c.Root == "" {
		c.Root = DefaultRoot
	}
	c.Reference = midnight(c.Reference)
	return c
}

// minPeople is the smallest population that holds every named scenario
// plus a handful of ordinary people.
const minPeople = 20

func (c Config) validate() error {
	var errs []error
	if c.People < minPeople {
		errs = append(errs, fmt.Errorf("people = %d, need at least %d to hold the named scenarios", c.People, minPeople))
	}
	if c.People > 1_000_000 {
		errs = append(errs, fmt.Errorf("people = %d, at most 1,000,000 (the NHS numbers and local ids would run short)", c.People))
	}
	if c.Scale < 0.1 || c.Scale > 20 {
		errs = append(errs, fmt.Errorf("scale = %g, must be between 0.1 and 20", c.Scale))
	}
	if path.IsAbs(c.Root) || strings.Contains(c.Root, "..") {
		errs = append(errs, fmt.Errorf("root = %q, must be a relative path inside the repository", c.Root))
	}
	return errors.Join(errs...)
}

// Organisation is one data controller in the demo.
type Organisation struct {
	ODS      string `json:"ods"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	SourceID string `json:"sourceId"`
	// Path is the organisation's folder relative to the repository root.
	Path string `json:"path"`
}

// Scenario is a named person with a known situation that tests, demos and
// benchmarks rely on. Names are stable.
type Scenario struct {
	Name        string
	NHSNumber   string
	Description string
	// KnownTo lists the source ids of the organisations holding a record,
	// in the fixed organisation order.
	KnownTo []string
	// LocalIDs maps a source id to the id of the person's Patient resource
	// at that source.
	LocalIDs map[string]string

	// MedicationCode is the dm+d medicine recorded at both GP and hospital
	// (duplicate-meds).
	MedicationCode *Coding
	// WithheldResource and WithheldSource name the GP resource the patient
	// asked not to share (withheld-item).
	WithheldResource string
	WithheldSource   string
	// SensitiveResources lists the security-labelled resources (sensitive).
	SensitiveResources []SensitiveResource
	// CarerUser and CarerName identify the informal carer who acts for the
	// person (carer-proxy).
	CarerUser string
	CarerName string
	// MatchVariant says how the council's record of the person differs
	// from the GP's (social-no-nhs-number).
	MatchVariant string
}

// Coding is a code in a code system.
type Coding struct {
	System string
	Code   string
}

// SensitiveResource is one labelled resource of the sensitive scenario.
type SensitiveResource struct {
	Source    string
	Reference string // Type/localId
	Labels    []string
}

// File is one generated file. Path is slash-separated and relative to the
// output folder.
type File struct {
	Path string
	Data []byte
}

// Population is a generated demo population: the files of all three
// organisations, scenarios.json and README.md.
type Population struct {
	// Config is the configuration it was generated from, with defaults
	// filled in.
	Config        Config
	Organisations []Organisation
	Scenarios     []Scenario
	// Stats counts what was generated, for the README and for callers
	// that report on it.
	Stats Stats
	files []File
}

// Stats counts people and resources per organisation, in the fixed
// organisation order.
type Stats struct {
	People    int
	Patients  [3]int
	Resources [3]int
	Bytes     [3]int
}

// Files returns the generated files sorted by path. The slice and the
// bytes belong to the Population and must not be modified.
func (p *Population) Files() []File { return p.files }

// Generate builds the population described by cfg. It is a pure function
// of cfg: the same Config gives byte-identical files.
func Generate(cfg Config) (*Population, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("demogen: invalid config: %w", err)
	}
	orgs := makeOrgs(cfg)
	people := makePeople(cfg)
	scenarios := pickScenarios(cfg, people)
	for _, p := range people {
		makeHistory(cfg, p)
	}
	if err := shapeScenarios(cfg, scenarios); err != nil {
		return nil, fmt.Errorf("demogen: %w", err)
	}

	pop := &Population{Config: cfg, Stats: Stats{People: len(people)}}
	for _, org := range orgs {
		pop.Organisations = append(pop.Organisations, org.Organisation)
	}
	pop.addShared(cfg, orgs)
	for _, p := range people {
		if p.atGP {
			pop.addGP(cfg, orgs[orgGP], p)
		}
		if p.atAcute {
			pop.addAcute(cfg, orgs[orgAcute], p)
		}
		if p.atSocial {
			pop.addSocial(cfg, orgs[orgSocial], p)
		}
	}
	pop.Scenarios = scenarioResults(scenarios, orgs)
	pop.addFile("scenarios.json", pop.scenariosJSON())
	pop.addFile("README.md", pop.readme())
	slices.SortFunc(pop.files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return pop, nil
}

// Expansion depths for marshal. Bundles get one entry per line and
// single-resource files one element per line: the files stay small enough
// for the size budget, yet a diff shows which resource changed. Small
// files that people read (scenarios.json, organisation.json) are fully
// indented.
const (
	bundleLevels   = 2
	resourceLevels = 1
	fullLevels     = 64
)

func (pop *Population) addFile(name string, data []byte) {
	pop.files = append(pop.files, File{Path: name, Data: data})
}

func (pop *Population) count(org int, resources, bytes int) {
	pop.Stats.Resources[org] += resources
	pop.Stats.Bytes[org] += bytes
}

// addShared writes each organisation's own reference resources: a
// transaction Bundle for the GP (its urn:uuid fullUrls are what the patient
// bundles refer to), a collection Bundle for the hospital and plain files
// for the council.
func (pop *Population) addShared(cfg Config, orgs [3]*orgInfo) {
	for i, org := range orgs {
		entries := org.sharedResources(cfg)
		switch org.SourceID {
		case SourceGP:
			data := marshal(transactionBundle(entries), fullLevels)
			pop.addFile(path.Join(SourceGP, "organisation.json"), data)
			pop.count(i, len(entries), len(data))
		case SourceAcute:
			data := marshal(collectionBundle(org, "organisation", cfg.Reference, entries), fullLevels)
			pop.addFile(path.Join(SourceAcute, "organisation.json"), data)
			pop.count(i, len(entries), len(data))
		case SourceSocial:
			for _, e := range entries {
				data := marshal(e.res, fullLevels)
				pop.addFile(path.Join(SourceSocial, "shared", e.typ+"-"+e.id+".json"), data)
				pop.count(i, 1, len(data))
			}
		}
	}
}

// transactionBundle is a Synthea-style transaction: every entry has a
// urn:uuid fullUrl and a POST request.
func transactionBundle(entries []entry) obj {
	out := make([]obj, len(entries))
	for i, e := range entries {
		out[i] = o("fullUrl", "urn:uuid:"+e.id, "resource", e.res, "request", o("method", "POST", "url", e.typ))
	}
	return o("resourceType", "Bundle", "type", "transaction", "entry", out)
}

// collectionBundle is a collection with absolute fullUrls on the
// hospital's FHIR base.
func collectionBundle(org *orgInfo, id string, ts time.Time, entries []entry) obj {
	out := make([]obj, len(entries))
	for i, e := range entries {
		out[i] = o("fullUrl", org.fullURLBase+e.typ+"/"+e.id, "resource", e.res)
	}
	return o("resourceType", "Bundle", "id", id, "meta", o("lastUpdated", fdateTime(ts)),
		"type", "collection", "timestamp", fdateTime(ts), "entry", out)
}

// WriteDir writes the population under dir. It first removes the three
// organisation folders, scenarios.json and README.md from dir, so that a
// regenerated set leaves no stale files behind; nothing else in dir is
// touched.
func (p *Population) WriteDir(dir string) error {
	for _, name := range []string{SourceGP, SourceAcute, SourceSocial, "scenarios.json", "README.md"} {
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("demogen: clearing %s: %w", name, err)
		}
	}
	made := map[string]bool{}
	for _, f := range p.files {
		full := filepath.Join(dir, filepath.FromSlash(f.Path))
		if parent := filepath.Dir(full); !made[parent] {
			if err := os.MkdirAll(parent, 0o755); err != nil {
				return fmt.Errorf("demogen: %w", err)
			}
			made[parent] = true
		}
		if err := os.WriteFile(full, f.Data, 0o644); err != nil {
			return fmt.Errorf("demogen: %w", err)
		}
	}
	return nil
}
