package store

import (
	"context"
	"database/sql"
	"time"
)

// CarerRelationship lets a carer (a person with a user account, not a
// professional) see a patient's record once someone has approved it.
type CarerRelationship struct {
	// ID is assigned by the store.
	ID          int64
	CarerUserID string
	NHSNumber   string
	// Relationship says how the carer is related, e.g. a HL7 v3 RoleCode
	// such as "MTH" or free text.
	Relationship string
	// ApprovedBy is the user id of whoever approved the relationship, or
	// empty while it awaits approval; Approved is when.
	ApprovedBy string
	Approved   time.Time
	// Created is when the relationship was added (now when zero on add).
	Created time.Time
	// Active is true until the relationship is ended; Ended is when it was.
	Active bool
	Ended  time.Time
}

const carerColumns = "id, carer_user_id, nhs_number, relationship, approved_by, approved_us, created_us, active, ended_us"

func scanCarer(r scanner) (CarerRelationship, error) {
	var c CarerRelationship
	var created int64
	var approved, ended sql.NullInt64
	err := r.Scan(&c.ID, &c.CarerUserID, &c.NHSNumber, &c.Relationship, &c.ApprovedBy, &approved, &created, &c.Active, &ended)
	c.Approved, c.Created, c.Ended = fromNullMicros(approved), fromMicros(created), fromNullMicros(ended)
	return c, err
}

// AddCarer stores an active carer relationship, approved already when
// c.ApprovedBy is set (Approved defaults to now), pending otherwise. A
// carer can hold only one active relationship with a patient: another
// fails with ErrConflict.
func (s *Store) AddCarer(ctx context.Context, c CarerRelationship) (CarerRelationship, error) {
	const op = "add carer relationship"
	err := firstErr(checkText("carer_user_id", c.CarerUserID, true, maxIDLen), checkNHS(c.NHSNumber),
		checkText("relationship", c.Relationship, true, maxIDLen), checkText("approved_by", c.ApprovedBy, false, maxIDLen))
	if err != nil {
		return CarerRelationship{}, s.wrap(ctx, op, err)
	}
	c.Created, c.Active, c.Ended = truncateOrNow(c.Created), true, time.Time{}
	c.Approved = time.Time{}
	if c.ApprovedBy != "" {
		c.Approved = c.Created
	}
	err = s.db.QueryRowContext(ctx, s.q(`INSERT INTO carer_relationships
		(carer_user_id, nhs_number, relationship, approved_by, approved_us, created_us, active)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		c.CarerUserID, c.NHSNumber, c.Relationship, c.ApprovedBy, nullMicros(c.Approved), micros(c.Created), true).Scan(&c.ID)
	if err != nil {
		return CarerRelationship{}, s.wrap(ctx, op, err)
	}
	return c, nil
}

// ApproveCarer records that approvedBy approved the pending relationship
// with the given id. It fails with ErrNotFound unless the relationship is
// active and not yet approved.
func (s *Store) ApproveCarer(ctx context.Context, id int64, approvedBy string) error {
	const op = "approve carer relationship"
	if err := checkText("approved_by", approvedBy, true, maxIDLen); err != nil {
		return s.wrap(ctx, op, err)
	}
	n, err := s.exec(ctx, "UPDATE carer_relationships SET approved_by = ?, approved_us = ? WHERE id = ? AND active AND approved_by = ''",
		approvedBy, micros(now()), id)
	if err == nil && n == 0 {
		err = ErrNotFound
	}
	return s.wrap(ctx, op, err)
}

// EndCarer ends the active relationship with the given id, or fails with
// ErrNotFound.
func (s *Store) EndCarer(ctx context.Context, id int64) error {
	const op = "end carer relationship"
	n, err := s.exec(ctx, "UPDATE carer_relationships SET active = ?, ended_us = ? WHERE id = ? AND active", false, micros(now()), id)
	if err == nil && n == 0 {
		err = ErrNotFound
	}
	return s.wrap(ctx, op, err)
}

// ListCarers returns the patient's active carer relationships, approved or
// pending, oldest first.
func (s *Store) ListCarers(ctx context.Context, nhs string) ([]CarerRelationship, error) {
	const op = "list carer relationships"
	if err := checkNHS(nhs); err != nil {
		return nil, s.wrap(ctx, op, err)
	}
	rows, err := s.rdb.QueryContext(ctx, s.q("SELECT "+carerColumns+" FROM carer_relationships WHERE nhs_number = ? AND active ORDER BY id"), nhs)
	if err != nil {
		return nil, s.wrap(ctx, op, err)
	}
	return collect(ctx, s, op, rows, scanCarer)
}

// IsApprovedCarer reports whether carer has an active, approved
// relationship with the patient.
func (s *Store) IsApprovedCarer(ctx context.Context, carer, nhs string) (bool, error) {
	const op = "check carer relationship"
	if err := checkNHS(nhs); err != nil {
		return false, s.wrap(ctx, op, err)
	}
	return s.exists(ctx, op, `SELECT 1 FROM carer_relationships
		WHERE carer_user_id = ? AND nhs_number = ? AND active AND approved_by <> '' LIMIT 1`, carer, nhs)
}
