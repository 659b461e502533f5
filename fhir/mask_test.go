package fhir

import (
	"slices"
	"testing"
)

func TestMaskReferences(t *testing.T) {
	in := `{"resourceType":"Encounter","id":"e1","status":"finished","class":{"code":"AMB"},"subject":{"reference":"Patient/9990000018"},"diagnosis":[{"condition":{"reference":"Condition/gp.secret","display":"Anxiety"},"rank":1},{"condition":{"reference":"Condition/gp.ok"}}]}`
	r, err := Parse([]byte(in), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	// Masking works on rewritten resources too.
	r, err = r.Rewrite(Rewrite{Source: "urn:x"})
	if err != nil {
		t.Fatal(err)
	}
	got, masked, err := MaskReferences(r, func(ref string) bool { return ref == "Condition/gp.secret" })
	if err != nil || !masked {
		t.Fatalf("MaskReferences = %v, %v", masked, err)
	}
	want := `{"resourceType":"Encounter","id":"e1","meta":{"source":"urn:x"},"status":"finished","class":{"code":"AMB"},"subject":{"reference":"Patient/9990000018"},"diagnosis":[{"condition":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason","valueCode":"masked"}]},"rank":1},{"condition":{"reference":"Condition/gp.ok"}}]}`
	if string(got.Raw) != want {
		t.Fatalf("got\n%s\nwant\n%s", got.Raw, want)
	}
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Validate(got.Raw); err != nil {
		t.Fatalf("masked resource is not valid FHIR: %v", err)
	}
	same, masked, err := MaskReferences(r, func(string) bool { return false })
	if err != nil || masked || same != r {
		t.Fatalf("nothing to mask: got a change %v, %v", masked, err)
	}
	// The access policy masks every resource it releases: a rewritten
	// resource carries its references, so it is not parsed again (which
	// would allocate for every token).
	if n := testing.AllocsPerRun(100, func() { _, _, _ = MaskReferences(r, func(string) bool { return false }) }); n > 4 {
		t.Errorf("masking a rewritten resource with nothing to mask allocates %v times, want at most one a reference and one more (no second parse)", n)
	}
}

func TestSubset(t *testing.T) {
	in := `{"resourceType":"Patient","id":"p","meta":{"versionId":"2","extension":[{"url":"u","valueString":"x"}],"tag":[{"system":"s","code":"c"}]},"name":[{"family":"A"}],"gender":"female","maritalStatus":{"text":"x"},"birthDate":"1950"}`
	r, err := Parse([]byte(in), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	keep := func(e string) bool { return slices.Contains([]string{"name", "birthDate", "gender"}, e) }
	got, err := Subset(r, keep)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"resourceType":"Patient","id":"p","meta":{"versionId":"2","extension":[{"url":"u","valueString":"x"}],"tag":[{"system":"s","code":"c"},{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationValue","code":"SUBSETTED","display":"subsetted"}]},"name":[{"family":"A"}],"gender":"female","birthDate":"1950"}`
	if string(got.Raw) != want {
		t.Fatalf("got\n%s\nwant\n%s", got.Raw, want)
	}
	if !slices.Contains(got.Meta.Tag, SubsettedTag()) {
		t.Fatal("the peek lacks the SUBSETTED tag")
	}
	// Nothing dropped: unchanged, no tag.
	all, err := Subset(r, func(string) bool { return true })
	if err != nil || all != r {
		t.Fatalf("keeping everything changed the resource: %v", err)
	}
	// No meta at all: one is added.
	bare, _ := Parse([]byte(`{"resourceType":"Patient","id":"p","gender":"male","photo":[]}`), DefaultLimits())
	got, err = Subset(bare, keep)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"resourceType":"Patient","id":"p","meta":{"tag":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationValue","code":"SUBSETTED","display":"subsetted"}]},"gender":"male"}`; string(got.Raw) != want {
		t.Fatalf("got\n%s\nwant\n%s", got.Raw, want)
	}
}
