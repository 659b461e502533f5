package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

// AlertStatus is the review state of a break-glass alert.
type AlertStatus string

// Alert statuses.
const (
	AlertOpen   AlertStatus = "open"
	AlertClosed AlertStatus = "closed"
)

// BreakGlassAlert asks a privacy officer to review an emergency access.
type BreakGlassAlert struct {
	// ID is assigned by the store.
	ID int64
	// AuditEventID is the id of the audit event recording the access. It
	// is not a foreign key: audit events are pruned, alerts are kept.
	AuditEventID string
	UserID       string
	OrgODS       string
	NHSNumber    string
	// Reason is the user's stated reason for breaking the glass.
	Reason string
	// Created is when the alert was raised (now when zero on add).
	Created time.Time
	Status  AlertStatus
	// ClosedBy, Closed and ClosureNote record the review, once closed.
	ClosedBy    string
	Closed      time.Time
	ClosureNote string
}

const alertColumns = "id, audit_event_id, user_id, org_ods, nhs_number, reason, created_us, status, closed_by, closed_us, closure_note"

func scanAlert(r scanner) (BreakGlassAlert, error) {
	var a BreakGlassAlert
	var status string
	var created int64
	var closed sql.NullInt64
	err := r.Scan(&a.ID, &a.AuditEventID, &a.UserID, &a.OrgODS, &a.NHSNumber, &a.Reason, &created, &status, &a.ClosedBy, &closed, &a.ClosureNote)
	a.Status, a.Created, a.Closed = AlertStatus(status), fromMicros(created), fromNullMicros(closed)
	return a, err
}

// AddBreakGlassAlert raises an open alert and returns it as stored.
func (s *Store) AddBreakGlassAlert(ctx context.Context, a BreakGlassAlert) (BreakGlassAlert, error) {
	const op = "add break-glass alert"
	err := firstErr(checkText("audit_event_id", a.AuditEventID, true, maxIDLen), checkText("user_id", a.UserID, true, maxIDLen),
		checkODS("org_ods", a.OrgODS), checkNHS(a.NHSNumber), checkText("reason", a.Reason, true, maxReasonLen))
	if err != nil {
		return BreakGlassAlert{}, s.wrap(ctx, op, err)
	}
	a.Created, a.Status = truncateOrNow(a.Created), AlertOpen
	a.ClosedBy, a.Closed, a.ClosureNote = "", time.Time{}, ""
	err = s.db.QueryRowContext(ctx, s.q(`INSERT INTO break_glass_alerts
		(audit_event_id, user_id, org_ods, nhs_number, reason, created_us, status, closed_by, closure_note)
		VALUES (?, ?, ?, ?, ?, ?, ?, '', '') RETURNING id`),
		a.AuditEventID, a.UserID, a.OrgODS, a.NHSNumber, a.Reason, micros(a.Created), string(a.Status)).Scan(&a.ID)
	if err != nil {
		return BreakGlassAlert{}, s.wrap(ctx, op, err)
	}
	return a, nil
}

// BreakGlassAlert returns the alert with the given id, or ErrNotFound.
func (s *Store) BreakGlassAlert(ctx context.Context, id int64) (BreakGlassAlert, error) {
	const op = "get break-glass alert"
	a, err := scanAlert(s.rdb.QueryRowContext(ctx, s.q("SELECT "+alertColumns+" FROM break_glass_alerts WHERE id = ?"), id))
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	if err != nil {
		return BreakGlassAlert{}, s.wrap(ctx, op, err)
	}
	return a, nil
}

// AlertFilter selects break-glass alerts. Zero fields do not filter.
type AlertFilter struct {
	Status AlertStatus
	// After is a cursor: only alerts with ID > After are returned.
	After int64
	// Limit caps the result: 0 means 100, and at most 1000.
	Limit int
}

// ListBreakGlassAlerts returns the alerts f selects, oldest first: the
// review queue order.
func (s *Store) ListBreakGlassAlerts(ctx context.Context, f AlertFilter) ([]BreakGlassAlert, error) {
	const op = "list break-glass alerts"
	where := []string{"id > ?"}
	args := []any{f.After}
	if f.Status != "" {
		if f.Status != AlertOpen && f.Status != AlertClosed {
			return nil, s.wrap(ctx, op, invalid("status must be %q, %q or empty", AlertOpen, AlertClosed))
		}
		where = append(where, "status = ?")
		args = append(args, string(f.Status))
	}
	limit := f.Limit
	switch {
	case limit <= 0:
		limit = 100
	case limit > 1000:
		limit = 1000
	}
	args = append(args, limit)
	rows, err := s.rdb.QueryContext(ctx, s.q("SELECT "+alertColumns+" FROM break_glass_alerts WHERE "+
		strings.Join(where, " AND ")+" ORDER BY id LIMIT ?"), args...)
	if err != nil {
		return nil, s.wrap(ctx, op, err)
	}
	return collect(ctx, s, op, rows, scanAlert)
}

// CloseBreakGlassAlert closes the open alert with the given id, recording
// the reviewer, the time (now when zero) and a note. It fails with
// ErrNotFound when no open alert has that id.
func (s *Store) CloseBreakGlassAlert(ctx context.Context, id int64, closedBy, note string, at time.Time) error {
	const op = "close break-glass alert"
	err := firstErr(checkText("closed_by", closedBy, true, maxIDLen), checkText("closure note", note, false, maxReasonLen))
	if err != nil {
		return s.wrap(ctx, op, err)
	}
	n, err := s.exec(ctx, `UPDATE break_glass_alerts SET status = 'closed', closed_by = ?, closed_us = ?, closure_note = ?
		WHERE id = ? AND status = 'open'`, closedBy, micros(truncateOrNow(at)), note, id)
	if err == nil && n == 0 {
		err = ErrNotFound
	}
	return s.wrap(ctx, op, err)
}
