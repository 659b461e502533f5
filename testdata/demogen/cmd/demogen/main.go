// Command demogen writes the synthetic demo population that shcr's demo
// mode and tests load. With no flags it regenerates the committed set:
//
//	go run ./testdata/demogen/cmd/demogen -out testdata/demo
//
// Every file is invented; see testdata/demo/README.md.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/shcr/shcr/testdata/demogen"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "demogen:", err)
		os.Exit(1)
	}
}

// run parses the flags, generates and writes the population, and prints a
// summary. It is separate from main so that tests can call it.
func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("demogen", flag.ContinueOnError)
	fs.SetOutput(stdout)
	people := fs.Int("people", demogen.DefaultPeople, "number of people in the population")
	seed := fs.Uint64("seed", demogen.DefaultSeed, "random seed; the same flags always give the same files")
	scale := fs.Float64("scale", 1, "multiplies the number of resources per person")
	out := fs.String("out", demogen.DefaultRoot, "output folder; its organisation folders, scenarios.json and README.md are replaced")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	pop, err := demogen.Generate(demogen.Config{People: *people, Seed: *seed, Scale: *scale})
	if err != nil {
		return err
	}
	if err := pop.WriteDir(*out); err != nil {
		return err
	}
	total := 0
	for _, f := range pop.Files() {
		total += len(f.Data)
	}
	st := pop.Stats
	fmt.Fprintf(stdout, "wrote %d files (%.1f MB) for %d people to %s\n", len(pop.Files()), float64(total)/1e6, st.People, *out)
	for i, org := range pop.Organisations {
		fmt.Fprintf(stdout, "  %-18s %4d people %7d resources %6.1f MB\n", org.SourceID, st.Patients[i], st.Resources[i], float64(st.Bytes[i])/1e6)
	}
	for _, s := range pop.Scenarios {
		fmt.Fprintf(stdout, "  scenario %-21s %s\n", s.Name, s.NHSNumber)
	}
	return nil
}
