package store

import (
	"context"
	"database/sql"
	"time"
)

// WithheldItem is a resource a source holds about a patient that must not
// be shown through the facade (for example, at a clinician's request).
type WithheldItem struct {
	// ID is assigned by the store.
	ID        int64
	NHSNumber string
	// SourceID is the source holding the resource ([a-z0-9-]+).
	SourceID string
	// Reference is the resource at the source, Type/localId.
	Reference string
	Reason    string
	// Created is when the item was withheld (now when zero on add).
	Created time.Time
	// Active is true until the item is removed; Removed is when it was.
	Active  bool
	Removed time.Time
}

const withheldColumns = "id, nhs_number, source_id, reference, reason, created_us, active, removed_us"

func scanWithheld(r scanner) (WithheldItem, error) {
	var w WithheldItem
	var created int64
	var removed sql.NullInt64
	err := r.Scan(&w.ID, &w.NHSNumber, &w.SourceID, &w.Reference, &w.Reason, &created, &w.Active, &removed)
	w.Created, w.Removed = fromMicros(created), fromNullMicros(removed)
	return w, err
}

// AddWithheld withholds a resource and returns the stored item. Withholding
// a resource that is already withheld (actively) fails with ErrConflict.
func (s *Store) AddWithheld(ctx context.Context, w WithheldItem) (WithheldItem, error) {
	const op = "add withheld item"
	err := firstErr(checkNHS(w.NHSNumber), checkSourceID(w.SourceID), checkReference(w.Reference),
		checkText("reason", w.Reason, true, maxReasonLen))
	if err != nil {
		return WithheldItem{}, s.wrap(ctx, op, err)
	}
	w.Created, w.Active, w.Removed = truncateOrNow(w.Created), true, time.Time{}
	err = s.db.QueryRowContext(ctx, s.q(`INSERT INTO withheld_items (nhs_number, source_id, reference, reason, created_us, active)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
		w.NHSNumber, w.SourceID, w.Reference, w.Reason, micros(w.Created), true).Scan(&w.ID)
	if err != nil {
		return WithheldItem{}, s.wrap(ctx, op, err)
	}
	return w, nil
}

// ListWithheld returns the patient's active withheld items, oldest first.
func (s *Store) ListWithheld(ctx context.Context, nhs string) ([]WithheldItem, error) {
	const op = "list withheld items"
	if err := checkNHS(nhs); err != nil {
		return nil, s.wrap(ctx, op, err)
	}
	rows, err := s.rdb.QueryContext(ctx, s.q("SELECT "+withheldColumns+" FROM withheld_items WHERE nhs_number = ? AND active ORDER BY id"), nhs)
	if err != nil {
		return nil, s.wrap(ctx, op, err)
	}
	return collect(ctx, s, op, rows, scanWithheld)
}

// RemoveWithheld stops withholding the item with the given id; the row is
// kept, inactive, as history. It fails with ErrNotFound when no active item
// has that id.
func (s *Store) RemoveWithheld(ctx context.Context, id int64) error {
	const op = "remove withheld item"
	n, err := s.exec(ctx, "UPDATE withheld_items SET active = ?, removed_us = ? WHERE id = ? AND active", false, micros(now()), id)
	if err == nil && n == 0 {
		err = ErrNotFound
	}
	return s.wrap(ctx, op, err)
}

// firstErr returns the first non-nil error.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
