package rest

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shcr/shcr/fhir"
)

// TestReadmeListsTheSupportedParameters keeps the README's table of search
// parameters equal to what the searcher accepts (and so to what
// /fhir/metadata declares).
func TestReadmeListsTheSupportedParameters(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(raw), "<!-- search-parameters:")
	if !ok {
		t.Fatal("README.md has no search-parameters table")
	}
	table, _, _ = strings.Cut(table, "\n\n")
	got := map[string][]string{}
	for _, line := range strings.Split(table, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) != 4 || strings.HasPrefix(cells[1], "-") || strings.TrimSpace(cells[1]) == "type" {
			continue
		}
		typ := strings.TrimSpace(cells[1])
		for _, p := range strings.Split(cells[2], ",") {
			got[typ] = append(got[typ], strings.Trim(strings.TrimSpace(p), "`"))
		}
	}
	s, err := NewSearcher()
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range compartmentTypes() {
		var want []string
		for _, p := range s.Supported(typ) {
			if !strings.HasPrefix(p.Name, "_") {
				want = append(want, p.Name)
			}
		}
		if !slices.Equal(got[typ], want) {
			t.Errorf("README lists for %s\n%q\nthe searcher supports\n%q", typ, got[typ], want)
		}
		for _, common := range []string{"_id", "_lastUpdated", "_profile", "_security", "_source", "_tag"} {
			if !slices.ContainsFunc(s.Supported(typ), func(p fhir.SearchParamSupport) bool { return p.Name == common }) {
				t.Errorf("%s does not support %s, which the README says every type does", typ, common)
			}
		}
	}
	if len(got) != len(compartmentTypes()) {
		t.Errorf("README lists %d types, the searcher serves %d", len(got), len(compartmentTypes()))
	}
}
