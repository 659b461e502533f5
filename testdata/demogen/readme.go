package demogen

import (
	"bytes"
	"fmt"
)

// readme is testdata/demo/README.md. It is generated, like everything
// else in the folder, so that the golden test keeps it in step with the
// data it describes.
func (pop *Population) readme() []byte {
	var b bytes.Buffer
	cfg, st := pop.Config, pop.Stats
	b.WriteString(`# Demo data (synthetic)

Everything in this folder was invented by the generator in
` + "`testdata/demogen`" + `. No record describes a real person: names are drawn from lists
of common names, addresses are in the fictional town of Riverside with postcodes in
the non-existent RV area, telephone numbers are in the ranges Ofcom keeps for drama
(01632 960xxx, 07700 900xxx), and NHS numbers are in the 999 range kept for testing
(each with a valid modulus 11 check digit). Clinical codes are real SNOMED CT, dm+d
and LOINC concepts so that the data behaves like the real thing.

**Do not edit these files by hand.** A test compares this folder with the
generator's output. To regenerate:

    go run ./testdata/demogen/cmd/demogen -out testdata/demo

`)
	fmt.Fprintf(&b, "Generated with %d people, seed %d, scale %g, reference date (\"today\") %s.\n"+
		"Clinical history lies in the ten years before the reference date; only booked\n"+
		"appointments lie after it.\n\n", cfg.People, cfg.Seed, cfg.Scale, fdate(cfg.Reference))

	b.WriteString("## Organisations\n\n| sourceId | ODS | name | people | resources | bytes |\n|---|---|---|---:|---:|---:|\n")
	for i, org := range pop.Organisations {
		fmt.Fprintf(&b, "| %s | %s | %s | %d | %d | %d |\n", org.SourceID, org.ODS, org.Name, st.Patients[i], st.Resources[i], st.Bytes[i])
	}
	b.WriteString(`
Each organisation's folder is usable on its own as a ` + "`dir`" + ` source, and every
reference in it resolves within it. Local ids differ per organisation for the same
person; only the NHS number (where recorded) links them.

To stay within the size budget yet give readable diffs, patient Bundles are written
one entry per line and single-resource files one element per line; ` + "`jq . <file>`" + `
pretty-prints them. The small shared files are fully indented.

### gp-riverside (Riverside Surgery, X1A01)

- ` + "`organisation.json`" + `: a transaction Bundle with the practice's Organization,
  Practitioners and PractitionerRoles.
- ` + "`patients/<uuid>.json`" + `: one Synthea-style transaction Bundle per patient. Every
  entry has ` + "`fullUrl: urn:uuid:<id>`" + ` and ` + "`request: {method: POST, url: <Type>}`" + `;
  resource ids are the UUIDs and every reference is a ` + "`urn:uuid:`" + ` fullUrl, either in
  the same Bundle or (for the practice and its staff) in ` + "`organisation.json`" + `.

### city-general (City General Hospital, X2B02)

- ` + "`organisation.json`" + `: a collection Bundle with the hospital's Organization,
  Practitioners and PractitionerRoles.
- ` + "`patients/mrn-<mrn>.json`" + `: one collection Bundle per patient, fullUrls
  ` + "`https://epr.city-general.example.nhs.uk/fhir/<Type>/<id>`" + `, relative references,
  ids built from the medical record number (` + "`mrn-4400123`" + `, ` + "`enc-4400123-3`" + `).

### riverside-council (Riverside Council Adult Social Care, X3C03)

- ` + "`shared/<Type>-<id>.json`" + `: the council's Organization, Practitioners and roles.
- ` + "`people/<caseId>/<Type>-<id>.json`" + `: one file per resource, one folder per person
  (` + "`LAS-000045`" + `, ` + "`cp-000045-1`" + `); references are relative. Some people have no NHS
  number here and must be matched on name, birth date, gender and postcode.

## Scenarios

` + "`scenarios.json`" + ` names people with known situations (stable names, machine-readable):
which organisations know them, their local ids, and per-scenario details.

| name | NHS number | known to |
|---|---|---|
`)
	for _, s := range pop.Scenarios {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", s.Name, s.NHSNumber, joinComma(s.KnownTo))
	}
	b.WriteString(`
## Security labels

A few resources carry ` + "`meta.security`" + ` labels for the access-policy feature:
confidentiality ` + "`R`" + ` (v3-Confidentiality) plus a sensitivity code (v3-ActCode ` + "`HIV`" + `,
` + "`PSY`" + `, ` + "`SEX`" + `, ` + "`ETH`" + `). The ` + "`sensitive`" + ` scenario lists its labelled resources.
`)
	return b.Bytes()
}

func joinComma(xs []string) string {
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}
