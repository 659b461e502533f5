package fhirrest_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/adaptertest"
	"github.com/shcr/shcr/adapters/adaptertest/fhirserver"
	"github.com/shcr/shcr/adapters/dirsource"
	"github.com/shcr/shcr/adapters/fhirrest"
)

// fixtureSource loads the conformance fixture into a dirsource, which the
// test server then serves.
func fixtureSource(t testing.TB) *dirsource.Source {
	t.Helper()
	dir := t.TempDir()
	if err := adaptertest.WriteFixture(dir); err != nil {
		t.Fatal(err)
	}
	src, err := dirsource.New(context.Background(), dir, dirsource.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// fewParams declares only what a minimal server would: identifier on
// Patient, and one patient link per compartment type (subject where the
// type has it, patient otherwise). No _id anywhere, so the adapter must
// filter ids itself and read supporting resources one by one.
func fewParams(typ, param string) bool {
	switch param {
	case "identifier":
		return typ == "Patient"
	case "subject":
		return true
	case "patient":
		return typ == "AllergyIntolerance" || typ == "Appointment"
	}
	return false
}

func TestConformance(t *testing.T) {
	tests := []struct {
		name   string
		server fhirserver.Options
		config fhirrest.Config
	}{
		{
			name:   "every parameter declared, with $everything",
			server: fhirserver.Options{Everything: true},
		},
		{
			name:   "every parameter declared, compartment by searches",
			server: fhirserver.Options{Everything: true},
			config: fhirrest.Config{Compartment: fhirrest.CompartmentSearches},
		},
		{
			name:   "few parameters declared: residual path",
			server: fhirserver.Options{Declare: fewParams},
		},
		{
			name:   "one resource per page, absolute references, gzip, under a path",
			server: fhirserver.Options{Everything: true, AbsoluteReferences: true, Gzip: true, Prefix: "/fhir/r4"},
			config: fhirrest.Config{PageSize: 1, MaxPages: 100},
		},
		{
			name:   "one resource per page, compartment by searches, few parameters",
			server: fhirserver.Options{Declare: fewParams, AbsoluteReferences: true},
			config: fhirrest.Config{PageSize: 1, MaxPages: 100},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := fixtureSource(t)
			adaptertest.Run(t, adaptertest.Harness{
				New: func(t *testing.T) adapters.Source {
					hs := httptest.NewServer(fhirserver.New(data, tt.server))
					t.Cleanup(hs.Close)
					cfg := tt.config
					cfg.URL = hs.URL + tt.server.Prefix
					src, err := fhirrest.New(cfg)
					if err != nil {
						t.Fatal(err)
					}
					t.Cleanup(func() { src.Close() })
					return src
				},
				Fixture: adaptertest.StandardFixture(),
			})
		})
	}
}
