package fhir

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Resource is one FHIR resource as its source sent it: the original JSON
// bytes, untouched, next to a peek of the few fields the engine and the
// access policy need. Keeping the bytes (DESIGN §3) means a resource is never
// decoded into a full object model on the hot path, decimals keep their exact
// text, and elements shcr does not understand pass through unharmed.
//
// A Resource is immutable once parsed; it is safe to share between goroutines.
type Resource struct {
	// Raw is the resource's JSON exactly as received (or as rewritten by
	// Rewrite, which splices values into it).
	Raw []byte

	// Type is resourceType; ID is id ("" when the resource has none).
	Type string
	ID   string
	Meta Meta

	// PatientRefs are the reference strings in the elements that place the
	// resource in a patient's compartment (Observation.subject,
	// AllergyIntolerance.patient, Appointment.participant.actor, ...), in
	// document order. For a Patient they are empty: its id is its identity.
	PatientRefs []string

	// Date is the resource's clinical date (Observation.effective[x],
	// Condition.onset[x], MedicationRequest.authoredOn, ...) as an instant at
	// the start of its precision, and DateText is the element as written.
	// Both are zero when the resource has none.
	Date     time.Time
	DateText string

	// Codes are the codings of the elements that say what the resource is
	// about (code, category, type, vaccineCode, medicationCodeableConcept),
	// which the access policy matches against sensitive code lists.
	Codes []Coding

	// Identifiers are the resource's business identifiers.
	Identifiers []Identifier

	// spans locate, in Raw, the values Rewrite may replace.
	spans spans
}

// Meta is the part of Resource.meta the engine reads.
type Meta struct {
	VersionID   string   `json:"versionId,omitempty"`
	LastUpdated string   `json:"lastUpdated,omitempty"`
	Source      string   `json:"source,omitempty"`
	Profile     []string `json:"profile,omitempty"`
	Security    []Coding `json:"security,omitempty"`
	Tag         []Coding `json:"tag,omitempty"`
}

// Coding is a FHIR Coding, reduced to what matching needs.
type Coding struct {
	System  string `json:"system,omitempty"`
	Code    string `json:"code,omitempty"`
	Display string `json:"display,omitempty"`
}

// Identifier is a FHIR Identifier, reduced to system and value.
type Identifier struct {
	System string `json:"system,omitempty"`
	Value  string `json:"value,omitempty"`
}

// Limits bounds what Parse accepts from an untrusted source.
type Limits struct {
	// MaxBytes is the largest resource accepted, in bytes.
	MaxBytes int
	// MaxDepth is the deepest nesting of objects and arrays accepted.
	MaxDepth int
}

// DefaultLimits are generous for clinical resources (a discharge summary
// with an inline PDF fits) and small enough that one hostile resource cannot
// exhaust memory. Questionnaire items and nested extensions stay well under
// the depth limit.
func DefaultLimits() Limits { return Limits{MaxBytes: 8 << 20, MaxDepth: 64} }

// ErrInvalidResource is wrapped by every Parse failure.
var ErrInvalidResource = errors.New("invalid FHIR resource")

// span is a half-open byte range [start, end) in Raw.
type span struct{ start, end int }

// spans records where the rewritable values sit in Raw. A zero span means
// the element is absent. Parse records them all; Rewrite and MaskReferences
// carry the references over to their output, shifted by their edits, so
// that masking a rewritten resource (which the access policy does to every
// resource it releases) needs no second parse.
type spans struct {
	resourceType span
	id           span
	meta         span
	refs         []refSpan
	// located says refs holds every reference in Raw. It is false for the
	// zero spans of a resource changed in a way that lost track of them.
	located bool
}

// refSpan is the string value of a member named "reference" (the reference
// of a Reference datatype), with the top-level element it sits under and the
// first member name below that element, which together locate
// Observation.subject.reference (top "subject", child "reference") or
// Appointment.participant.actor.reference (top "participant", child "actor").
type refSpan struct {
	top, child string
	value      span
	// object is the Reference object holding the value.
	object span
}

// peekFields says which top-level elements feed the peek, per resource type.
// Choice types appear with each of their JSON names. The patient-link
// elements follow the R4 patient CompartmentDefinition's primary parameter
// for each type (its "patient" or "subject" search parameter).
type peekFields struct {
	patient []string  // top-level elements whose reference is the patient
	nested  [2]string // a top-level element and its child element holding patient references
	dates   []string  // top-level elements with the clinical date, in order of preference
	codes   []string  // top-level elements with codings the policy reads
}

// typeFields returns the peek configuration for a resource type. It is a
// switch rather than a package-level map so there is no mutable state.
func typeFields(resourceType string) peekFields {
	f := peekFields{codes: []string{"code", "category", "type"}}
	switch resourceType {
	case "AllergyIntolerance":
		f.patient = []string{"patient"}
		f.dates = []string{"recordedDate", "onsetDateTime", "onsetPeriod"}
	case "Condition":
		f.patient = []string{"subject"}
		f.dates = []string{"onsetDateTime", "onsetPeriod", "recordedDate"}
	case "Observation":
		f.patient = []string{"subject"}
		f.dates = []string{"effectiveDateTime", "effectivePeriod", "effectiveInstant", "issued"}
	case "DiagnosticReport":
		f.patient = []string{"subject"}
		f.dates = []string{"effectiveDateTime", "effectivePeriod", "issued"}
	case "MedicationStatement":
		f.patient = []string{"subject"}
		f.dates = []string{"effectiveDateTime", "effectivePeriod", "dateAsserted"}
		f.codes = []string{"medicationCodeableConcept", "category"}
	case "MedicationRequest":
		f.patient = []string{"subject"}
		f.dates = []string{"authoredOn"}
		f.codes = []string{"medicationCodeableConcept", "category"}
	case "MedicationAdministration", "MedicationDispense":
		f.patient = []string{"subject"}
		f.dates = []string{"effectiveDateTime", "effectivePeriod", "whenHandedOver", "whenPrepared"}
		f.codes = []string{"medicationCodeableConcept", "category"}
	case "Encounter":
		f.patient = []string{"subject"}
		f.dates = []string{"period"}
		f.codes = []string{"type", "serviceType", "class"}
	case "Procedure":
		f.patient = []string{"subject"}
		f.dates = []string{"performedDateTime", "performedPeriod"}
	case "Immunization":
		f.patient = []string{"patient"}
		f.dates = []string{"occurrenceDateTime", "recorded"}
		f.codes = []string{"vaccineCode"}
	case "DocumentReference":
		f.patient = []string{"subject"}
		f.dates = []string{"date"}
	case "CarePlan":
		f.patient = []string{"subject"}
		f.dates = []string{"period", "created"}
	case "CareTeam", "Goal", "ServiceRequest", "Composition", "QuestionnaireResponse",
		"ImagingStudy", "Media", "Specimen", "RiskAssessment", "ClinicalImpression",
		"List", "Communication", "CommunicationRequest", "AdverseEvent", "Basic",
		"DeviceRequest", "NutritionOrder", "Invoice", "Account":
		f.patient = []string{"subject"}
		f.dates = []string{"effectiveDateTime", "effectivePeriod", "occurrenceDateTime", "occurrencePeriod",
			"authoredOn", "period", "started", "startDate", "date", "sent", "created", "authored"}
	case "Flag":
		f.patient = []string{"subject"}
		f.dates = []string{"period"}
	case "Appointment":
		f.nested = [2]string{"participant", "actor"}
		f.dates = []string{"start", "created"}
		f.codes = []string{"serviceType", "appointmentType", "serviceCategory"}
	case "RelatedPerson", "EpisodeOfCare", "FamilyMemberHistory", "DetectedIssue",
		"BodyStructure", "Device", "SupplyDelivery", "Claim", "ExplanationOfBenefit", "Consent":
		f.patient = []string{"patient"}
		f.dates = []string{"dateTime", "date", "created", "period", "occurrenceDateTime"}
	case "Coverage":
		f.patient = []string{"beneficiary"}
		f.dates = []string{"period"}
	case "Task":
		f.patient = []string{"for"}
		f.dates = []string{"authoredOn"}
	case "Provenance":
		f.patient = []string{"target"}
		f.dates = []string{"recorded"}
	case "AuditEvent":
		f.dates = []string{"recorded"}
	default:
		f.patient = nil
		f.dates = nil
	}
	return f
}

// InPatientCompartment reports whether resources of this type belong to a
// patient through a patient-link element that the peek reads. Types outside
// it (Organization, Practitioner, Medication, ...) are supporting resources.
func InPatientCompartment(resourceType string) bool {
	f := typeFields(resourceType)
	return len(f.patient) > 0 || f.nested[0] != ""
}

// Parse decodes raw strictly and peeks at it. Strict means JSON as RFC 8259
// and FHIR require it: no duplicate member names, valid UTF-8 with no lone
// surrogates, one top-level object with a valid resourceType and id, nothing
// after it, within lim. The bytes are kept, not copied: the caller must not
// modify raw afterwards.
func Parse(raw []byte, lim Limits) (*Resource, error) {
	if lim.MaxBytes > 0 && len(raw) > lim.MaxBytes {
		return nil, fmt.Errorf("%w: %d bytes is over the %d byte limit", ErrInvalidResource, len(raw), lim.MaxBytes)
	}
	// Room for the top-level members and references of most resources, so
	// that they are not grown from one element by copying.
	w := walker{raw: raw, maxDepth: lim.MaxDepth, top: make([]topMember, 0, 16)}
	w.spans.refs = make([]refSpan, 0, 4)
	if err := w.walk(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidResource, err)
	}
	r := &Resource{Raw: raw, spans: w.spans}
	r.spans.located = true
	if err := r.peek(w.top); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidResource, err)
	}
	return r, nil
}

// topMember is one member of the resource's top-level object.
type topMember struct {
	name  string
	value span
}

// walker reads every token of a resource exactly once. The decoder validates
// the whole document as it goes; the walker notes the top-level members and
// every reference value, so the peek and Rewrite never tokenize again.
type walker struct {
	raw      []byte
	maxDepth int
	dec      *jsontext.Decoder
	spans    spans
	top      []topMember
}

func (w *walker) walk() error {
	// A bytes.Buffer is parsed in place; a bytes.Reader would be copied into
	// the decoder's own buffer as it goes.
	w.dec = jsontext.NewDecoder(bytes.NewBuffer(w.raw))
	if k := w.dec.PeekKind(); k != '{' {
		if k == 0 {
			_, err := w.dec.ReadToken()
			return fmt.Errorf("reading the resource: %w", eofIsUnexpected(err))
		}
		return fmt.Errorf("a resource must be a JSON object, found %s", k)
	}
	if _, err := w.dec.ReadToken(); err != nil {
		return err
	}
	for w.dec.PeekKind() == '"' {
		tok, err := w.dec.ReadToken()
		if err != nil {
			return err
		}
		name := tok.String()
		start := skipColon(w.raw, int(w.dec.InputOffset()))
		// Only a member named reference matters to value, which takes the
		// name as bytes; other top-level names need not be copied again.
		var member []byte
		if name == "reference" {
			member = []byte(name)
		}
		if err := w.value(2, member, name, nil); err != nil {
			return err
		}
		sp := span{start, int(w.dec.InputOffset())}
		w.top = append(w.top, topMember{name: name, value: sp})
		switch name {
		case "resourceType":
			w.spans.resourceType = sp
		case "id":
			w.spans.id = sp
		case "meta":
			w.spans.meta = sp
		}
	}
	if _, err := w.dec.ReadToken(); err != nil { // the closing brace, or the syntax error in its place
		return eofIsUnexpected(err)
	}
	// Exactly one JSON value: anything after it is an error.
	if _, err := w.dec.ReadToken(); err != io.EOF {
		if err == nil {
			return errors.New("unexpected data after the resource")
		}
		return fmt.Errorf("after the resource: %w", err)
	}
	return nil
}

// value reads one JSON value at the given nesting depth. member is the name
// of the member it is the value of (nil for an array element), top the
// top-level element it is under and child the first member name below top.
// Names below the top level are read as bytes, in place where they hold no
// escapes, and become strings only for the references recorded: a resource
// has hundreds of names and a handful of references.
func (w *walker) value(depth int, member []byte, top string, child []byte) error {
	switch kind := w.dec.PeekKind(); kind {
	case '{', '[':
		if w.maxDepth > 0 && depth > w.maxDepth {
			return fmt.Errorf("nesting deeper than %d levels at offset %d", w.maxDepth, w.dec.InputOffset())
		}
		if _, err := w.dec.ReadToken(); err != nil {
			return err
		}
		objStart := int(w.dec.InputOffset()) - 1 // the opening brace
		firstRef := len(w.spans.refs)
		for {
			next := w.dec.PeekKind()
			if next == '}' || next == ']' || next == 0 {
				break
			}
			var name []byte
			if kind == '{' {
				quoted, err := w.dec.ReadValue()
				if err != nil {
					return err
				}
				if name, err = unquoteName(quoted); err != nil {
					return err
				}
			}
			c := child
			if c == nil && kind == '{' {
				c = name
			}
			if err := w.value(depth+1, name, top, c); err != nil {
				return err
			}
		}
		if _, err := w.dec.ReadToken(); err != nil { // the closing token, or the syntax error in its place
			return eofIsUnexpected(err)
		}
		if kind == '{' {
			// A reference read directly in this object (not deeper) is
			// this object's: the Reference it belongs to.
			end := int(w.dec.InputOffset())
			for i := firstRef; i < len(w.spans.refs); i++ {
				if w.spans.refs[i].object.end == 0 {
					w.spans.refs[i].object = span{objStart, end}
				}
			}
		}
		return nil
	case '"':
		v, err := w.dec.ReadValue()
		if err != nil {
			return err
		}
		if string(member) == "reference" {
			end := int(w.dec.InputOffset())
			w.spans.refs = append(w.spans.refs, refSpan{top: top, child: childName(child), value: span{end - len(v), end}})
		}
		return nil
	default:
		_, err := w.dec.ReadToken()
		return eofIsUnexpected(err)
	}
}

// unquoteName returns a member name read as a JSON string: the bytes
// between its quotes when it holds no escapes, else a decoded copy.
func unquoteName(quoted []byte) ([]byte, error) {
	if len(quoted) >= 2 && bytes.IndexByte(quoted, '\\') < 0 {
		return quoted[1 : len(quoted)-1], nil
	}
	return jsontext.AppendUnquote(nil, quoted)
}

// childName is child as a string; the commonest, a Reference directly
// under the top-level element, allocates nothing.
func childName(child []byte) string {
	switch {
	case child == nil:
		return ""
	case string(child) == "reference":
		return "reference"
	}
	return string(child)
}

func eofIsUnexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// skipColon returns the offset of the first byte of a member's value, given
// the offset just after its name.
func skipColon(raw []byte, i int) int {
	for i < len(raw) {
		switch raw[i] {
		case ' ', '\t', '\r', '\n', ':':
			i++
		default:
			return i
		}
	}
	return i
}

// peek decodes the top-level members the engine needs. The walk has already
// validated the JSON, so errors here are about FHIR shape: a resourceType
// that is not a name, an id that is not a FHIR id, a date that is not a date.
func (r *Resource) peek(top []topMember) error {
	for _, m := range top {
		if m.name == "resourceType" {
			if err := json.Unmarshal(r.Raw[m.value.start:m.value.end], &r.Type); err != nil {
				return fmt.Errorf("resourceType must be a string: %w", err)
			}
		}
	}
	if !validTypeName(r.Type) {
		if r.Type == "" {
			return errors.New("resourceType is missing")
		}
		return fmt.Errorf("resourceType %q is not a resource type name", truncate(r.Type, 64))
	}
	f := typeFields(r.Type)
	dateRank := len(f.dates)
	for _, m := range top {
		v := r.Raw[m.value.start:m.value.end]
		switch {
		case m.name == "id":
			if err := json.Unmarshal(v, &r.ID); err != nil {
				return fmt.Errorf("id must be a string: %w", err)
			}
			if !ValidID(r.ID) {
				return fmt.Errorf("id %q is not a FHIR id ([A-Za-z0-9-.]{1,64})", truncate(r.ID, 80))
			}
		case m.name == "meta":
			if err := json.Unmarshal(v, &r.Meta); err != nil {
				return fmt.Errorf("reading meta: %w", err)
			}
		case m.name == "identifier":
			if err := json.Unmarshal(v, &r.Identifiers); err != nil {
				return fmt.Errorf("reading identifier: %w", err)
			}
		}
		if i := indexOf(f.dates, m.name); i >= 0 && i < dateRank {
			text, at, err := clinicalDate(v)
			if err != nil {
				return fmt.Errorf("reading %s.%s: %w", r.Type, m.name, err)
			}
			if text != "" {
				r.DateText, r.Date, dateRank = text, at, i
			}
		}
		if indexOf(f.codes, m.name) >= 0 {
			codes, err := codings(v)
			if err != nil {
				return fmt.Errorf("reading %s.%s: %w", r.Type, m.name, err)
			}
			r.Codes = append(r.Codes, codes...)
		}
	}
	for _, ref := range r.spans.refs {
		direct := ref.child == "reference" && indexOf(f.patient, ref.top) >= 0
		nested := f.nested[0] != "" && ref.top == f.nested[0] && ref.child == f.nested[1]
		if !direct && !nested {
			continue
		}
		var s string
		if err := json.Unmarshal(r.Raw[ref.value.start:ref.value.end], &s); err != nil {
			return fmt.Errorf("reading a reference: %w", err)
		}
		r.PatientRefs = append(r.PatientRefs, s)
	}
	return nil
}

func indexOf(names []string, name string) int {
	for i, n := range names {
		if n == name {
			return i
		}
	}
	return -1
}

// clinicalDate reads a date, dateTime or instant string, or a Period (its
// start, else its end). A value of another shape yields no date.
func clinicalDate(v []byte) (string, time.Time, error) {
	switch v[0] {
	case '"':
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return "", time.Time{}, err
		}
		at, err := ParseDateTime(s)
		if err != nil {
			return "", time.Time{}, err
		}
		return s, at, nil
	case '{':
		var p struct {
			Start string `json:"start"`
			End   string `json:"end"`
		}
		if err := json.Unmarshal(v, &p); err != nil {
			return "", time.Time{}, err
		}
		s := p.Start
		if s == "" {
			s = p.End
		}
		if s == "" {
			return "", time.Time{}, nil
		}
		at, err := ParseDateTime(s)
		if err != nil {
			return "", time.Time{}, err
		}
		return s, at, nil
	}
	return "", time.Time{}, nil
}

// codings collects the codings of a CodeableConcept, a Coding, a list of
// either, or a list of plain codes (AllergyIntolerance.category).
func codings(v []byte) ([]Coding, error) {
	type concept struct {
		Coding []Coding `json:"coding"`
		System string   `json:"system"`
		Code   string   `json:"code"`
	}
	one := func(c concept) []Coding {
		if c.Coding != nil {
			return c.Coding
		}
		if c.Code != "" {
			return []Coding{{System: c.System, Code: c.Code}}
		}
		return nil
	}
	switch v[0] {
	case '{':
		var c concept
		if err := json.Unmarshal(v, &c); err != nil {
			return nil, err
		}
		return one(c), nil
	case '[':
		var items []jsontext.Value
		if err := json.Unmarshal(v, &items); err != nil {
			return nil, err
		}
		var out []Coding
		for _, it := range items {
			switch {
			case len(it) > 0 && it[0] == '{':
				var c concept
				if err := json.Unmarshal(it, &c); err != nil {
					return nil, err
				}
				out = append(out, one(c)...)
			case len(it) > 0 && it[0] == '"':
				var s string
				if err := json.Unmarshal(it, &s); err != nil {
					return nil, err
				}
				out = append(out, Coding{Code: s})
			}
		}
		return out, nil
	}
	return nil, nil
}

// validTypeName reports whether s can be a resource type name. The engine
// separately checks that it is a type it serves.
func validTypeName(s string) bool {
	if len(s) < 2 || len(s) > 64 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// ValidID reports whether s is a FHIR R4 id: 1 to 64 of A-Z a-z 0-9 - and .
func ValidID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// References returns every reference string in the resource (the value of
// each Reference.reference), in document order. It is available on parsed
// resources and on their rewritten and masked copies, not on a Subset.
func (r *Resource) References() []string {
	out := make([]string, 0, len(r.spans.refs))
	var scratch []byte
	for _, ref := range r.spans.refs {
		var err error
		scratch, err = jsontext.AppendUnquote(scratch[:0], r.Raw[ref.value.start:ref.value.end])
		if err != nil {
			// Parse validated the string; this cannot fail.
			continue
		}
		out = append(out, string(scratch))
	}
	return out
}
