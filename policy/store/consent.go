package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// ConsentStatus says whether a stored Consent is in force.
type ConsentStatus string

// Consent statuses.
const (
	ConsentActive   ConsentStatus = "active"
	ConsentInactive ConsentStatus = "inactive"
)

// Consent is a patient's objection to their record being shared, held as
// the FHIR Consent resource that expresses it.
type Consent struct {
	// ID is the id of the Consent resource.
	ID string
	// NHSNumber is the patient's.
	NHSNumber string
	// Status is ConsentActive while the objection is in force. The caller
	// derives it from the resource (Consent.status "active" and a deny
	// provision in force).
	Status ConsentStatus
	// Created is when the consent was first stored; Updated when last.
	Created, Updated time.Time
	// Resource is the FHIR Consent JSON, stored as given.
	Resource []byte
}

// PutConsent stores c, replacing the stored consent with the same ID. A new
// consent's Created is c.Created, or now when zero; a replaced one keeps its
// Created. Updated is now. c.Resource must be a JSON object with
// resourceType "Consent" and, if it has an id, c.ID. Replacing a consent
// with one for a different patient fails with ErrConflict.
func (s *Store) PutConsent(ctx context.Context, c Consent) error {
	const op = "put consent"
	if err := checkConsent(&c); err != nil {
		return s.wrap(ctx, op, err)
	}
	updated := now()
	created := c.Created
	if created.IsZero() {
		created = updated
	}
	n, err := s.exec(ctx, `INSERT INTO consents (id, nhs_number, status, created_us, updated_us, resource)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_us = excluded.updated_us, resource = excluded.resource
		WHERE consents.nhs_number = excluded.nhs_number`,
		c.ID, c.NHSNumber, string(c.Status), micros(created), micros(updated), c.Resource)
	if err != nil {
		return s.wrap(ctx, op, err)
	}
	if n == 0 {
		return s.wrap(ctx, op, fmt.Errorf("%w: the consent id is stored for another patient", ErrConflict))
	}
	return nil
}

func checkConsent(c *Consent) error {
	if !validFHIRID(c.ID) {
		return invalid("id is not a FHIR id")
	}
	if err := checkNHS(c.NHSNumber); err != nil {
		return err
	}
	if c.Status != ConsentActive && c.Status != ConsentInactive {
		return invalid("status must be %q or %q", ConsentActive, ConsentInactive)
	}
	var peek struct {
		ResourceType string `json:"resourceType"`
		ID           string `json:"id"`
	}
	if err := json.Unmarshal(c.Resource, &peek); err != nil {
		return invalid("resource is not a JSON object")
	}
	if peek.ResourceType != "Consent" {
		return invalid("resource is not a FHIR Consent")
	}
	if peek.ID != "" && peek.ID != c.ID {
		return invalid("resource id differs from the consent id")
	}
	return nil
}

const consentColumns = "id, nhs_number, status, created_us, updated_us, resource"

func scanConsent(r scanner) (Consent, error) {
	var c Consent
	var status string
	var created, updated int64
	err := r.Scan(&c.ID, &c.NHSNumber, &status, &created, &updated, &c.Resource)
	c.Status, c.Created, c.Updated = ConsentStatus(status), fromMicros(created), fromMicros(updated)
	return c, err
}

// Consent returns the consent with the given id, or ErrNotFound.
func (s *Store) Consent(ctx context.Context, id string) (Consent, error) {
	const op = "get consent"
	c, err := scanConsent(s.rdb.QueryRowContext(ctx, s.q("SELECT "+consentColumns+" FROM consents WHERE id = ?"), id))
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	if err != nil {
		return Consent{}, s.wrap(ctx, op, err)
	}
	return c, nil
}

// ListConsents returns the patient's consents, active and inactive, most
// recently updated first.
func (s *Store) ListConsents(ctx context.Context, nhs string) ([]Consent, error) {
	const op = "list consents"
	if err := checkNHS(nhs); err != nil {
		return nil, s.wrap(ctx, op, err)
	}
	rows, err := s.rdb.QueryContext(ctx, s.q("SELECT "+consentColumns+" FROM consents WHERE nhs_number = ? ORDER BY updated_us DESC, id"), nhs)
	if err != nil {
		return nil, s.wrap(ctx, op, err)
	}
	return collect(ctx, s, op, rows, scanConsent)
}

// ActiveObjection reports whether the patient has an objection in force:
// at least one active consent.
func (s *Store) ActiveObjection(ctx context.Context, nhs string) (bool, error) {
	const op = "check objection"
	if err := checkNHS(nhs); err != nil {
		return false, s.wrap(ctx, op, err)
	}
	return s.exists(ctx, op, "SELECT 1 FROM consents WHERE nhs_number = ? AND status = 'active' LIMIT 1", nhs)
}

// exists reports whether query returns a row.
func (s *Store) exists(ctx context.Context, op, query string, args ...any) (bool, error) {
	var one int
	err := s.rdb.QueryRowContext(ctx, s.q(query), args...).Scan(&one)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	}
	return false, s.wrap(ctx, op, err)
}

// collect scans every row with scan and closes rows.
func collect[T any](ctx context.Context, s *Store, op string, rows *sql.Rows, scan func(scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, s.wrap(ctx, op, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap(ctx, op, err)
	}
	return out, nil
}
