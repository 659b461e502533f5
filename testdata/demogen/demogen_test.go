package demogen

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDeterministic(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{name: "default", cfg: Config{}},
		{name: "small scaled", cfg: Config{People: 40, Seed: 7, Scale: 2}},
		{name: "other reference date", cfg: Config{People: 30, Seed: 99, Reference: time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, want := generate(t, tt.cfg).Files(), generate(t, tt.cfg).Files()
			if len(got) != len(want) {
				t.Fatalf("second Generate gave %d files, first %d", len(got), len(want))
			}
			for i := range got {
				if got[i].Path != want[i].Path || !bytes.Equal(got[i].Data, want[i].Data) {
					t.Fatalf("file %d differs between runs: %s vs %s", i, got[i].Path, want[i].Path)
				}
			}
		})
	}
}

func TestSeedsDiffer(t *testing.T) {
	tests := []struct {
		name string
		a, b Config
	}{
		{name: "seed", a: Config{People: 30, Seed: 1}, b: Config{People: 30, Seed: 2}},
		{name: "default seed against another", a: Config{}, b: Config{Seed: 12345}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := filesOf(generate(t, tt.a)), filesOf(generate(t, tt.b))
			same := 0
			for p, data := range a {
				if bytes.Equal(b[p], data) {
					same++
				}
			}
			// Only the organisations' shared files may coincide.
			if same > 4 {
				t.Errorf("%d of %d files are identical for different seeds, want almost none", same, len(a))
			}
			if bytes.Equal(a["scenarios.json"], b["scenarios.json"]) {
				t.Errorf("scenarios.json is identical for different seeds")
			}
		})
	}
}

func TestSizeBudget(t *testing.T) {
	// The committed set (checked again in TestCommittedSize) must stay
	// under 15 MB; a scale 2 set of 100 people is of similar size.
	const budget = 15_000_000
	tests := []struct {
		name  string
		files func(t *testing.T) map[string][]byte
	}{
		{name: "generated default", files: func(t *testing.T) map[string][]byte { return filesOf(generate(t, Config{})) }},
		{name: "scale 2", files: func(t *testing.T) map[string][]byte { return filesOf(generate(t, Config{People: 100, Scale: 2})) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			total := 0
			for _, data := range tt.files(t) {
				total += len(data)
			}
			if total >= budget {
				t.Errorf("demo set is %d bytes, budget is %d", total, budget)
			}
		})
	}
}

func TestConfigValidation(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{name: "too few people", cfg: Config{People: 5}, wantErr: "people = 5"},
		{name: "negative people", cfg: Config{People: -1}, wantErr: "people = -1"},
		{name: "scale too small", cfg: Config{Scale: 0.01}, wantErr: "scale = 0.01"},
		{name: "scale too large", cfg: Config{Scale: 50}, wantErr: "scale = 50"},
		{name: "absolute root", cfg: Config{Root: "/tmp/demo"}, wantErr: "root"},
		{name: "escaping root", cfg: Config{Root: "../demo"}, wantErr: "root"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Generate(tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Generate(%+v) error = %v, want one mentioning %q", tt.cfg, err, tt.wantErr)
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	pop := generate(t, Config{})
	got := pop.Config
	if got.People != DefaultPeople || got.Seed != DefaultSeed || got.Scale != 1 || !got.Reference.Equal(DefaultReference()) || got.Root != DefaultRoot {
		t.Errorf("defaults = %+v, want %d people, seed %d, scale 1, reference %s, root %s",
			got, DefaultPeople, DefaultSeed, DefaultReference(), DefaultRoot)
	}
	if pop.Stats.People != DefaultPeople {
		t.Errorf("Stats.People = %d, want %d", pop.Stats.People, DefaultPeople)
	}
}

// TestLargePopulation checks that load-test sized populations work: the
// full 2000 people at scale 2 in memory (skipped with -short), and a
// smaller scaled set written to disk.
func TestLargePopulation(t *testing.T) {
	tests := []struct {
		name  string
		cfg   Config
		write bool
		short bool
	}{
		{name: "2000 people scale 2 in memory", cfg: Config{People: 2000, Scale: 2, Seed: 3}},
		{name: "300 people scale 2 written", cfg: Config{People: 300, Scale: 2, Seed: 4}, write: true, short: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if testing.Short() && !tt.short {
				t.Skip("large population skipped in -short mode")
			}
			pop := generate(t, tt.cfg)
			if got := len(pop.Scenarios); got != len(scenarioSpecs) {
				t.Errorf("%d scenarios, want %d", got, len(scenarioSpecs))
			}
			if pop.Stats.People != tt.cfg.People {
				t.Errorf("Stats.People = %d, want %d", pop.Stats.People, tt.cfg.People)
			}
			if gp := pop.Stats.Patients[orgGP]; gp < tt.cfg.People*8/10 {
				t.Errorf("%d GP patients for %d people", gp, tt.cfg.People)
			}
			perPerson := float64(pop.Stats.Resources[orgGP]) / float64(pop.Stats.Patients[orgGP])
			if perPerson < 45 {
				t.Errorf("GP records average %.1f resources at scale 2, want at least 45", perPerson)
			}
			if !tt.write {
				return
			}
			dir := t.TempDir()
			if err := pop.WriteDir(dir); err != nil {
				t.Fatal(err)
			}
			written := readTree(t, dir)
			if len(written) != len(pop.Files()) {
				t.Errorf("wrote %d files, population has %d", len(written), len(pop.Files()))
			}
			for _, f := range pop.Files() {
				if !bytes.Equal(written[f.Path], f.Data) {
					t.Fatalf("%s on disk differs from the population", f.Path)
				}
			}
			// Read back, the files hold one NHS number per person.
			d := load(t, written)
			seen := map[string]bool{}
			for _, record := range d.orgs[SourceGP].people {
				n := nhsNumberOf(patientOf(t, record))
				if seen[n] {
					t.Errorf("NHS number %s on two GP patients", n)
				}
				seen[n] = true
			}
		})
	}
}

// TestWriteDirReplacesStale checks that regenerating into a folder leaves
// no files from an earlier, larger population behind, and does not touch
// unrelated files.
func TestWriteDirReplacesStale(t *testing.T) {
	dir := t.TempDir()
	if err := generate(t, Config{People: 40, Seed: 1}).WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	keep := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(keep, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	pop := generate(t, Config{People: 25, Seed: 2})
	if err := pop.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	got := readTree(t, dir)
	if _, ok := got["notes.txt"]; !ok {
		t.Errorf("WriteDir removed a file it does not own")
	}
	delete(got, "notes.txt")
	if len(got) != len(pop.Files()) {
		t.Errorf("folder has %d generated files after rewrite, want %d", len(got), len(pop.Files()))
	}
}
