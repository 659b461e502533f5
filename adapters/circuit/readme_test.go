package circuit_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shcr/shcr/adapters/circuit"
)

// TestReadmeStatesTheDefaults keeps the README's Resilience section equal
// to the breaker's real defaults.
func TestReadmeStatesTheDefaults(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(raw), "\n## Resilience\n")
	if !ok {
		t.Fatal("README.md has no Resilience section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	section = strings.Join(strings.Fields(section), " ")
	def := circuit.Config{}.WithDefaults()
	for _, want := range []string{
		fmt.Sprintf("`failures` [%d]", def.Failures),
		fmt.Sprintf("`min_requests` [%d]", def.MinRequests),
		fmt.Sprintf("`window` [%s]", def.Window),
		fmt.Sprintf("`failure_ratio` [%g]", def.FailureRatio),
		fmt.Sprintf("`open_for` [%s]", def.OpenFor),
	} {
		if !strings.Contains(section, want) {
			t.Errorf("the Resilience section does not say %s", want)
		}
	}
}
