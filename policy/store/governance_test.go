package store

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 1, 9, 30, 0, 123456000, time.UTC)

func consentJSON(id, status string) []byte {
	return fmt.Appendf(nil, `{"resourceType":"Consent","id":%q,"status":%q,"provision":{"type":"deny"}}`, id, status)
}

func TestConsents(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		ctx := t.Context()
		alice, bob := nhsNumber(t, 0), nhsNumber(t, 1)

		if got, err := s.ActiveObjection(ctx, alice); err != nil || got {
			t.Fatalf("ActiveObjection with no consents = %v, %v; want false, nil", got, err)
		}
		if err := s.PutConsent(ctx, Consent{ID: "obj-1", NHSNumber: alice, Status: ConsentActive, Created: t0, Resource: consentJSON("obj-1", "active")}); err != nil {
			t.Fatalf("PutConsent: %v", err)
		}
		if got, err := s.ActiveObjection(ctx, alice); err != nil || !got {
			t.Fatalf("ActiveObjection after an active objection = %v, %v; want true, nil", got, err)
		}
		if got, err := s.ActiveObjection(ctx, bob); err != nil || got {
			t.Fatalf("ActiveObjection for another patient = %v, %v; want false, nil", got, err)
		}
		got, err := s.Consent(ctx, "obj-1")
		if err != nil {
			t.Fatal(err)
		}
		if got.NHSNumber != alice || got.Status != ConsentActive || !got.Created.Equal(t0) || string(got.Resource) != string(consentJSON("obj-1", "active")) {
			t.Errorf("Consent = %+v, want alice's active objection created at %v", got, t0)
		}

		// Withdrawing the objection replaces the resource and keeps Created.
		if err := s.PutConsent(ctx, Consent{ID: "obj-1", NHSNumber: alice, Status: ConsentInactive, Resource: consentJSON("obj-1", "inactive")}); err != nil {
			t.Fatalf("PutConsent replacing: %v", err)
		}
		if got, err := s.ActiveObjection(ctx, alice); err != nil || got {
			t.Fatalf("ActiveObjection after withdrawal = %v, %v; want false, nil", got, err)
		}
		list, err := s.ListConsents(ctx, alice)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].Status != ConsentInactive || !list[0].Created.Equal(t0) || !list[0].Updated.After(t0) {
			t.Errorf("ListConsents = %+v, want one inactive consent, created %v, updated later", list, t0)
		}
		if _, err := s.Consent(ctx, "nope"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Consent(unknown id) error = %v, want ErrNotFound", err)
		}
		if err := s.PutConsent(ctx, Consent{ID: "obj-1", NHSNumber: bob, Status: ConsentActive, Resource: consentJSON("obj-1", "active")}); !errors.Is(err, ErrConflict) {
			t.Errorf("PutConsent moving a consent to another patient = %v, want ErrConflict", err)
		}

		invalidCases := []struct {
			name string
			c    Consent
		}{
			{"bad NHS number", Consent{ID: "c2", NHSNumber: "9990000000", Status: ConsentActive, Resource: consentJSON("c2", "active")}},
			{"bad status", Consent{ID: "c2", NHSNumber: alice, Status: "maybe", Resource: consentJSON("c2", "active")}},
			{"bad id", Consent{ID: "c 2", NHSNumber: alice, Status: ConsentActive, Resource: consentJSON("c 2", "active")}},
			{"not JSON", Consent{ID: "c2", NHSNumber: alice, Status: ConsentActive, Resource: []byte("<Consent/>")}},
			{"not a Consent", Consent{ID: "c2", NHSNumber: alice, Status: ConsentActive, Resource: []byte(`{"resourceType":"Patient","id":"c2"}`)}},
			{"id mismatch", Consent{ID: "c2", NHSNumber: alice, Status: ConsentActive, Resource: consentJSON("c3", "active")}},
		}
		for _, tc := range invalidCases {
			t.Run(tc.name, func(t *testing.T) {
				err := s.PutConsent(ctx, tc.c)
				if !errors.Is(err, ErrInvalid) {
					t.Errorf("PutConsent = %v, want ErrInvalid", err)
				}
				if err != nil && tc.c.NHSNumber != "" && strings.Contains(err.Error(), tc.c.NHSNumber) {
					t.Errorf("error %q contains the NHS number", err)
				}
			})
		}
	})
}

func TestWithheldItems(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		ctx := t.Context()
		alice := nhsNumber(t, 0)
		w1, err := s.AddWithheld(ctx, WithheldItem{NHSNumber: alice, SourceID: "gp-riverside", Reference: "Observation/obs-17", Reason: "patient request", Created: t0})
		if err != nil {
			t.Fatalf("AddWithheld: %v", err)
		}
		if w1.ID == 0 || !w1.Active || !w1.Created.Equal(t0) {
			t.Errorf("AddWithheld = %+v, want an id, active, created %v", w1, t0)
		}
		w2, err := s.AddWithheld(ctx, WithheldItem{NHSNumber: alice, SourceID: "city-general", Reference: "DocumentReference/d.1", Reason: "third-party information"})
		if err != nil {
			t.Fatalf("AddWithheld: %v", err)
		}
		if _, err := s.AddWithheld(ctx, WithheldItem{NHSNumber: alice, SourceID: "gp-riverside", Reference: "Observation/obs-17", Reason: "again"}); !errors.Is(err, ErrConflict) {
			t.Errorf("AddWithheld of an already withheld item = %v, want ErrConflict", err)
		}
		list, err := s.ListWithheld(ctx, alice)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0] != w1 || list[1].ID != w2.ID {
			t.Errorf("ListWithheld = %+v, want [%+v %+v]", list, w1, w2)
		}
		if err := s.RemoveWithheld(ctx, w1.ID); err != nil {
			t.Fatalf("RemoveWithheld: %v", err)
		}
		if err := s.RemoveWithheld(ctx, w1.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("RemoveWithheld twice = %v, want ErrNotFound", err)
		}
		list, err = s.ListWithheld(ctx, alice)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].ID != w2.ID {
			t.Errorf("ListWithheld after removal = %+v, want only item %d", list, w2.ID)
		}
		// Once removed, the same resource can be withheld again.
		if _, err := s.AddWithheld(ctx, WithheldItem{NHSNumber: alice, SourceID: "gp-riverside", Reference: "Observation/obs-17", Reason: "again"}); err != nil {
			t.Errorf("AddWithheld after removal = %v, want nil", err)
		}

		for _, tc := range []struct {
			name string
			w    WithheldItem
		}{
			{"bad source id", WithheldItem{NHSNumber: alice, SourceID: "GP.Riverside", Reference: "Observation/1", Reason: "r"}},
			{"reference without type", WithheldItem{NHSNumber: alice, SourceID: "gp", Reference: "obs-17", Reason: "r"}},
			{"reference with lowercase type", WithheldItem{NHSNumber: alice, SourceID: "gp", Reference: "observation/1", Reason: "r"}},
			{"reference with bad id", WithheldItem{NHSNumber: alice, SourceID: "gp", Reference: "Observation/a b", Reason: "r"}},
			{"no reason", WithheldItem{NHSNumber: alice, SourceID: "gp", Reference: "Observation/1"}},
			{"bad NHS number", WithheldItem{NHSNumber: "123", SourceID: "gp", Reference: "Observation/1", Reason: "r"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if _, err := s.AddWithheld(ctx, tc.w); !errors.Is(err, ErrInvalid) {
					t.Errorf("AddWithheld = %v, want ErrInvalid", err)
				}
			})
		}
	})
}

func TestCareRelationships(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		ctx := t.Context()
		alice := nhsNumber(t, 0)
		open1, err := s.AddCareRelationship(ctx, CareRelationship{UserID: "dr-who", OrgODS: "X1A01", NHSNumber: alice, From: t0, Reason: "registered GP"})
		if err != nil {
			t.Fatalf("AddCareRelationship: %v", err)
		}
		bounded, err := s.AddCareRelationship(ctx, CareRelationship{UserID: "nurse-joy", OrgODS: "X2B02", NHSNumber: alice,
			From: t0, Until: t0.Add(48 * time.Hour), Reason: "inpatient episode"})
		if err != nil {
			t.Fatalf("AddCareRelationship: %v", err)
		}
		tests := []struct {
			name      string
			user, ods string
			nhs       string
			at        time.Time
			want      bool
		}{
			{"open-ended, at start", "dr-who", "X1A01", alice, t0, true},
			{"open-ended, years later", "dr-who", "X1A01", alice, t0.AddDate(5, 0, 0), true},
			{"before start", "dr-who", "X1A01", alice, t0.Add(-time.Microsecond), false},
			{"other organisation", "dr-who", "X2B02", alice, t0.Add(time.Hour), false},
			{"other patient", "dr-who", "X1A01", nhsNumber(t, 1), t0.Add(time.Hour), false},
			{"other user", "dr-no", "X1A01", alice, t0.Add(time.Hour), false},
			{"bounded, inside", "nurse-joy", "X2B02", alice, t0.Add(47 * time.Hour), true},
			{"bounded, at until", "nurse-joy", "X2B02", alice, t0.Add(48 * time.Hour), false},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				got, err := s.HasRelationship(ctx, tc.user, tc.ods, tc.nhs, tc.at)
				if err != nil {
					t.Fatal(err)
				}
				if got != tc.want {
					t.Errorf("HasRelationship(%s, %s, at %v) = %v, want %v", tc.user, tc.ods, tc.at, got, tc.want)
				}
			})
		}

		end := t0.Add(24 * time.Hour)
		if err := s.EndCareRelationship(ctx, open1.ID, end); err != nil {
			t.Fatalf("EndCareRelationship: %v", err)
		}
		if got, _ := s.HasRelationship(ctx, "dr-who", "X1A01", alice, end); got {
			t.Errorf("HasRelationship at the end time = true, want false")
		}
		if got, _ := s.HasRelationship(ctx, "dr-who", "X1A01", alice, end.Add(-time.Second)); !got {
			t.Errorf("HasRelationship before the end time = false, want true")
		}
		if err := s.EndCareRelationship(ctx, open1.ID, end.Add(time.Hour)); !errors.Is(err, ErrNotFound) {
			t.Errorf("EndCareRelationship after it ended = %v, want ErrNotFound", err)
		}
		if err := s.EndCareRelationship(ctx, bounded.ID, t0.Add(-time.Hour)); !errors.Is(err, ErrNotFound) {
			t.Errorf("EndCareRelationship before it started = %v, want ErrNotFound", err)
		}
		list, err := s.ListCareRelationships(ctx, alice)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].ID != open1.ID || !list[0].Until.Equal(end) || list[1] != bounded {
			t.Errorf("ListCareRelationships = %+v, want the ended one (until %v) and %+v", list, end, bounded)
		}
		if _, err := s.AddCareRelationship(ctx, CareRelationship{UserID: "u", OrgODS: "X1A01", NHSNumber: alice, From: t0, Until: t0.Add(-time.Hour), Reason: "r"}); !errors.Is(err, ErrInvalid) {
			t.Errorf("AddCareRelationship ending before it starts = %v, want ErrInvalid", err)
		}
		if _, err := s.AddCareRelationship(ctx, CareRelationship{UserID: "u", OrgODS: "X1-A01", NHSNumber: alice, Reason: "r"}); !errors.Is(err, ErrInvalid) {
			t.Errorf("AddCareRelationship with a bad ODS code = %v, want ErrInvalid", err)
		}
	})
}

func TestCarers(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		ctx := t.Context()
		alice := nhsNumber(t, 0)
		pending, err := s.AddCarer(ctx, CarerRelationship{CarerUserID: "carer-1", NHSNumber: alice, Relationship: "DAU"})
		if err != nil {
			t.Fatalf("AddCarer: %v", err)
		}
		if got, err := s.IsApprovedCarer(ctx, "carer-1", alice); err != nil || got {
			t.Fatalf("IsApprovedCarer while pending = %v, %v; want false, nil", got, err)
		}
		if _, err := s.AddCarer(ctx, CarerRelationship{CarerUserID: "carer-1", NHSNumber: alice, Relationship: "DAU"}); !errors.Is(err, ErrConflict) {
			t.Errorf("AddCarer twice = %v, want ErrConflict", err)
		}
		if err := s.ApproveCarer(ctx, pending.ID, "ig-officer-1"); err != nil {
			t.Fatalf("ApproveCarer: %v", err)
		}
		if err := s.ApproveCarer(ctx, pending.ID, "ig-officer-2"); !errors.Is(err, ErrNotFound) {
			t.Errorf("ApproveCarer twice = %v, want ErrNotFound", err)
		}
		if got, err := s.IsApprovedCarer(ctx, "carer-1", alice); err != nil || !got {
			t.Fatalf("IsApprovedCarer once approved = %v, %v; want true, nil", got, err)
		}
		if got, _ := s.IsApprovedCarer(ctx, "carer-1", nhsNumber(t, 1)); got {
			t.Errorf("IsApprovedCarer for another patient = true, want false")
		}
		pre, err := s.AddCarer(ctx, CarerRelationship{CarerUserID: "carer-2", NHSNumber: alice, Relationship: "SPS", ApprovedBy: "ig-officer-1", Created: t0})
		if err != nil {
			t.Fatalf("AddCarer approved: %v", err)
		}
		if !pre.Approved.Equal(t0) {
			t.Errorf("AddCarer approved: Approved = %v, want %v", pre.Approved, t0)
		}
		list, err := s.ListCarers(ctx, alice)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].ApprovedBy != "ig-officer-1" || list[0].Approved.IsZero() || list[1] != pre {
			t.Errorf("ListCarers = %+v, want carer-1 approved by ig-officer-1 and %+v", list, pre)
		}
		if err := s.EndCarer(ctx, pending.ID); err != nil {
			t.Fatalf("EndCarer: %v", err)
		}
		if err := s.EndCarer(ctx, pending.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("EndCarer twice = %v, want ErrNotFound", err)
		}
		if got, _ := s.IsApprovedCarer(ctx, "carer-1", alice); got {
			t.Errorf("IsApprovedCarer after EndCarer = true, want false")
		}
		if list, _ := s.ListCarers(ctx, alice); len(list) != 1 || list[0].ID != pre.ID {
			t.Errorf("ListCarers after EndCarer = %+v, want only %d", list, pre.ID)
		}
	})
}

func TestBreakGlassAlerts(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		ctx := t.Context()
		alice := nhsNumber(t, 0)
		var ids []int64
		for i := range 3 {
			a, err := s.AddBreakGlassAlert(ctx, BreakGlassAlert{AuditEventID: fmt.Sprintf("ae-%d", i), UserID: "dr-who", OrgODS: "X2B02",
				NHSNumber: alice, Reason: "unconscious in ED", Created: t0.Add(time.Duration(i) * time.Minute)})
			if err != nil {
				t.Fatalf("AddBreakGlassAlert: %v", err)
			}
			if a.Status != AlertOpen || a.ID == 0 {
				t.Errorf("AddBreakGlassAlert = %+v, want an open alert with an id", a)
			}
			ids = append(ids, a.ID)
		}
		closedAt := t0.Add(time.Hour)
		if err := s.CloseBreakGlassAlert(ctx, ids[1], "ig-officer-1", "justified: emergency admission", closedAt); err != nil {
			t.Fatalf("CloseBreakGlassAlert: %v", err)
		}
		if err := s.CloseBreakGlassAlert(ctx, ids[1], "ig-officer-2", "again", closedAt); !errors.Is(err, ErrNotFound) {
			t.Errorf("CloseBreakGlassAlert twice = %v, want ErrNotFound", err)
		}
		if err := s.CloseBreakGlassAlert(ctx, 999999, "ig-officer-1", "", closedAt); !errors.Is(err, ErrNotFound) {
			t.Errorf("CloseBreakGlassAlert of an unknown id = %v, want ErrNotFound", err)
		}
		got, err := s.BreakGlassAlert(ctx, ids[1])
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != AlertClosed || got.ClosedBy != "ig-officer-1" || !got.Closed.Equal(closedAt) || got.ClosureNote != "justified: emergency admission" {
			t.Errorf("closed alert = %+v, want closed by ig-officer-1 at %v with the note", got, closedAt)
		}
		tests := []struct {
			name string
			f    AlertFilter
			want []int64
		}{
			{"all", AlertFilter{}, ids},
			{"open", AlertFilter{Status: AlertOpen}, []int64{ids[0], ids[2]}},
			{"closed", AlertFilter{Status: AlertClosed}, []int64{ids[1]}},
			{"page", AlertFilter{Limit: 2}, ids[:2]},
			{"after cursor", AlertFilter{After: ids[0]}, ids[1:]},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				list, err := s.ListBreakGlassAlerts(ctx, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				var got []int64
				for _, a := range list {
					got = append(got, a.ID)
				}
				if fmt.Sprint(got) != fmt.Sprint(tc.want) {
					t.Errorf("ListBreakGlassAlerts(%+v) ids = %v, want %v", tc.f, got, tc.want)
				}
			})
		}
		if _, err := s.ListBreakGlassAlerts(ctx, AlertFilter{Status: "pending"}); !errors.Is(err, ErrInvalid) {
			t.Errorf("ListBreakGlassAlerts with an unknown status = %v, want ErrInvalid", err)
		}
		if _, err := s.BreakGlassAlert(ctx, 999999); !errors.Is(err, ErrNotFound) {
			t.Errorf("BreakGlassAlert(unknown) = %v, want ErrNotFound", err)
		}
	})
}
