package store

import (
	"context"
	"database/sql"
	"time"
)

// CareRelationship records that a user, working for an organisation, has a
// legitimate relationship with a patient over a period.
type CareRelationship struct {
	// ID is assigned by the store.
	ID        int64
	UserID    string
	OrgODS    string
	NHSNumber string
	// From and Until bound the period: the relationship holds at t when
	// From <= t < Until. A zero Until is open-ended; a zero From on add is
	// now.
	From, Until time.Time
	Reason      string
}

const careColumns = "id, user_id, org_ods, nhs_number, from_us, until_us, reason"

func scanCare(r scanner) (CareRelationship, error) {
	var c CareRelationship
	var from int64
	var until sql.NullInt64
	err := r.Scan(&c.ID, &c.UserID, &c.OrgODS, &c.NHSNumber, &from, &until, &c.Reason)
	c.From, c.Until = fromMicros(from), fromNullMicros(until)
	return c, err
}

// AddCareRelationship stores r and returns it as stored.
func (s *Store) AddCareRelationship(ctx context.Context, r CareRelationship) (CareRelationship, error) {
	const op = "add care relationship"
	r.From = truncateOrNow(r.From)
	if !r.Until.IsZero() {
		r.Until = fromMicros(micros(r.Until))
	}
	err := firstErr(checkText("user_id", r.UserID, true, maxIDLen), checkODS("org_ods", r.OrgODS),
		checkNHS(r.NHSNumber), checkText("reason", r.Reason, true, maxReasonLen))
	if err == nil && !r.Until.IsZero() && r.Until.Before(r.From) {
		err = invalid("until is before from")
	}
	if err != nil {
		return CareRelationship{}, s.wrap(ctx, op, err)
	}
	err = s.db.QueryRowContext(ctx, s.q(`INSERT INTO care_relationships (user_id, org_ods, nhs_number, from_us, until_us, reason)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
		r.UserID, r.OrgODS, r.NHSNumber, micros(r.From), nullMicros(r.Until), r.Reason).Scan(&r.ID)
	if err != nil {
		return CareRelationship{}, s.wrap(ctx, op, err)
	}
	return r, nil
}

// ListCareRelationships returns the patient's care relationships, past,
// present and future, in the order they were added.
func (s *Store) ListCareRelationships(ctx context.Context, nhs string) ([]CareRelationship, error) {
	const op = "list care relationships"
	if err := checkNHS(nhs); err != nil {
		return nil, s.wrap(ctx, op, err)
	}
	rows, err := s.rdb.QueryContext(ctx, s.q("SELECT "+careColumns+" FROM care_relationships WHERE nhs_number = ? ORDER BY id"), nhs)
	if err != nil {
		return nil, s.wrap(ctx, op, err)
	}
	return collect(ctx, s, op, rows, scanCare)
}

// EndCareRelationship ends the relationship with the given id at at (now
// when zero). It fails with ErrNotFound unless that relationship has started
// by at and has not ended by then.
func (s *Store) EndCareRelationship(ctx context.Context, id int64, at time.Time) error {
	const op = "end care relationship"
	us := micros(truncateOrNow(at))
	n, err := s.exec(ctx, `UPDATE care_relationships SET until_us = ?
		WHERE id = ? AND from_us <= ? AND (until_us IS NULL OR until_us > ?)`, us, id, us, us)
	if err == nil && n == 0 {
		err = ErrNotFound
	}
	return s.wrap(ctx, op, err)
}

// HasRelationship reports whether user, working for the organisation ods,
// had a care relationship with the patient at time at.
func (s *Store) HasRelationship(ctx context.Context, user, ods, nhs string, at time.Time) (bool, error) {
	const op = "check care relationship"
	if err := firstErr(checkNHS(nhs), checkTime("at", at)); err != nil {
		return false, s.wrap(ctx, op, err)
	}
	us := micros(at)
	return s.exists(ctx, op, `SELECT 1 FROM care_relationships
		WHERE nhs_number = ? AND user_id = ? AND org_ods = ? AND from_us <= ? AND (until_us IS NULL OR until_us > ?) LIMIT 1`,
		nhs, user, ods, us, us)
}
