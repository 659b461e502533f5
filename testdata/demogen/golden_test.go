package demogen

import (
	"bytes"
	"flag"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/demo from the default Config")

// committedDir is the committed demo set, relative to this package.
const committedDir = "../demo"

// regenerate is how to bring testdata/demo up to date.
const regenerate = "go run ./testdata/demogen/cmd/demogen -out testdata/demo (from the repository root)"

// TestGolden keeps the committed testdata/demo equal to what the default
// Config generates, so that nobody edits it by hand.
func TestGolden(t *testing.T) {
	pop := generate(t, Config{})
	if *update {
		if err := pop.WriteDir(committedDir); err != nil {
			t.Fatal(err)
		}
	}
	got := readTree(t, committedDir)
	want := filesOf(pop)
	var missing, extra, changed []string
	for p, data := range want {
		g, ok := got[p]
		switch {
		case !ok:
			missing = append(missing, p)
		case !bytes.Equal(g, data):
			changed = append(changed, p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			extra = append(extra, p)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	sort.Strings(changed)
	if len(missing)+len(extra)+len(changed) > 0 {
		t.Errorf("testdata/demo is not what the generator makes: %d missing (%s), %d extra (%s), %d changed (%s).\nDo not edit it by hand; regenerate with: %s",
			len(missing), firstFew(missing), len(extra), firstFew(extra), len(changed), firstFew(changed), regenerate)
	}
}

func firstFew(xs []string) string {
	if len(xs) > 3 {
		return strings.Join(xs[:3], ", ") + ", ..."
	}
	return strings.Join(xs, ", ")
}

// TestCommittedSize keeps the committed demo set within its size budget.
func TestCommittedSize(t *testing.T) {
	const budget = 15_000_000
	total := 0
	for _, data := range readTree(t, committedDir) {
		total += len(data)
	}
	if total >= budget {
		t.Errorf("testdata/demo is %d bytes, budget is %d", total, budget)
	}
}
