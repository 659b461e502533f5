package policy

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/policy/store"
)

// A patient's decisions about sharing are FHIR Consent resources with a
// deny provision, kept in the governance store:
//
//   - an objection: status active, provision.type deny, no provision.data —
//     the record is not shared through the shared care record at all
//     (except the patient's own organisations' data with their own users,
//     and the patient themself);
//   - withheld items: status active, provision.type deny, provision.data
//     listing the items by federated reference ("Condition/gp-riverside.x")
//     — those items are removed from every answer.
//
// Setting status to inactive (or entered-in-error) withdraws it.

// ErrInvalidConsent is wrapped by every reason a Consent cannot be recorded;
// the message says what to fix.
var ErrInvalidConsent = errors.New("invalid consent")

// ConsentRecord is a checked Consent, ready to store.
type ConsentRecord struct {
	ID        string
	NHSNumber string
	// Active is true while the consent is in force.
	Active bool
	// Withheld are the items it withholds; none for an objection.
	Withheld []WithheldRef
	Resource *fhir.Resource
}

// WithheldRef is one withheld item: a source and the resource there.
type WithheldRef struct {
	SourceID  string
	Reference string // Type/localId at the source
}

// Objection reports whether the consent is an objection in force.
func (c ConsentRecord) Objection() bool { return c.Active && len(c.Withheld) == 0 }

// ParseConsent checks a Consent resource and reads what it decides.
func ParseConsent(r *fhir.Resource) (ConsentRecord, error) {
	bad := func(format string, a ...any) (ConsentRecord, error) {
		return ConsentRecord{}, fmt.Errorf("%w: %s", ErrInvalidConsent, fmt.Sprintf(format, a...))
	}
	if r.Type != "Consent" {
		return bad("a %s is not a Consent", r.Type)
	}
	var c struct {
		Status  string `json:"status"`
		Patient *struct {
			Reference  string           `json:"reference"`
			Identifier *fhir.Identifier `json:"identifier"`
		} `json:"patient"`
		Provision *struct {
			Type string `json:"type"`
			Data []struct {
				Meaning   string `json:"meaning"`
				Reference struct {
					Reference string `json:"reference"`
				} `json:"reference"`
			} `json:"data"`
			Provision []jsontext.Value `json:"provision"`
		} `json:"provision"`
	}
	if err := json.Unmarshal(r.Raw, &c); err != nil {
		return bad("reading it: %v", err)
	}
	rec := ConsentRecord{ID: r.ID, Resource: r}
	switch {
	case c.Patient == nil:
		return bad("patient is required: Patient/<NHS number> or an NHS number identifier")
	case c.Patient.Reference != "":
		nhs, ok := strings.CutPrefix(c.Patient.Reference, "Patient/")
		if !ok {
			return bad("patient must be Patient/<NHS number>")
		}
		rec.NHSNumber = nhs
	case c.Patient.Identifier != nil && c.Patient.Identifier.System == fhir.NHSNumberSystem:
		rec.NHSNumber = c.Patient.Identifier.Value
	default:
		return bad("patient must be Patient/<NHS number> or an identifier with system %s", fhir.NHSNumberSystem)
	}
	if _, err := fhir.ParseNHSNumber(rec.NHSNumber); err != nil {
		return bad("patient: %v", err)
	}
	switch c.Status {
	case "active":
		rec.Active = true
	case "inactive", "entered-in-error", "rejected", "draft", "proposed":
	default:
		return bad("status %q is not a Consent status", c.Status)
	}
	if c.Provision == nil || c.Provision.Type != "deny" {
		return bad("only deny provisions are recorded here: provision.type must be deny (an objection, or items to withhold)")
	}
	if len(c.Provision.Provision) > 0 {
		return bad("nested provisions are not supported: express one objection, or one list of withheld items, per Consent")
	}
	for i, d := range c.Provision.Data {
		typ, id, ok := fhir.SplitReference(d.Reference.Reference)
		src, local, fed := strings.Cut(id, ".")
		if !ok || !fed || typ == "Patient" || src == "" || local == "" {
			return bad("provision.data[%d].reference must be a record's federated reference, such as Condition/gp-riverside.1234", i)
		}
		ref := WithheldRef{SourceID: src, Reference: typ + "/" + local}
		if !slices.Contains(rec.Withheld, ref) {
			rec.Withheld = append(rec.Withheld, ref)
		}
	}
	return rec, nil
}

// ConsentStore is the part of the governance store consents use; it is
// safe for concurrent use.
type ConsentStore interface {
	PutConsent(ctx context.Context, c store.Consent) error
	AddWithheld(ctx context.Context, w store.WithheldItem) (store.WithheldItem, error)
	ListWithheld(ctx context.Context, nhs string) ([]store.WithheldItem, error)
	RemoveWithheld(ctx context.Context, id int64) error
}

// withheldReason links a withheld item to the Consent that withholds it.
func withheldReason(consentID string) string { return "consent:" + consentID }

// SaveConsent stores a checked consent and brings the withheld items it
// names into line: the items of an active consent are withheld, and those
// it no longer names, or all of them once it is withdrawn, are released.
func SaveConsent(ctx context.Context, st ConsentStore, rec ConsentRecord) error {
	status := store.ConsentInactive
	if rec.Objection() {
		status = store.ConsentActive
	}
	if err := st.PutConsent(ctx, store.Consent{ID: rec.ID, NHSNumber: rec.NHSNumber, Status: status, Resource: rec.Resource.Raw}); err != nil {
		return fmt.Errorf("storing the consent: %w", err)
	}
	current, err := st.ListWithheld(ctx, rec.NHSNumber)
	if err != nil {
		return fmt.Errorf("reading withheld items: %w", err)
	}
	want := map[WithheldRef]bool{}
	if rec.Active {
		for _, w := range rec.Withheld {
			want[w] = true
		}
	}
	have := map[WithheldRef]bool{}
	for _, w := range current {
		if w.Reason != withheldReason(rec.ID) {
			continue
		}
		ref := WithheldRef{SourceID: w.SourceID, Reference: w.Reference}
		if !want[ref] {
			if err := st.RemoveWithheld(ctx, w.ID); err != nil {
				return fmt.Errorf("releasing a withheld item: %w", err)
			}
			continue
		}
		have[ref] = true
	}
	for _, w := range rec.Withheld {
		if !want[w] || have[w] {
			continue
		}
		_, err := st.AddWithheld(ctx, store.WithheldItem{NHSNumber: rec.NHSNumber, SourceID: w.SourceID, Reference: w.Reference, Reason: withheldReason(rec.ID)})
		if err != nil && !errors.Is(err, store.ErrConflict) {
			return fmt.Errorf("withholding an item: %w", err)
		}
	}
	return nil
}
