-- The conformance fixture for the SQL source, in the social care schema
-- (socialcare/schema.sql): two people the suite resolves by NHS number, one
-- the council holds without an NHS number, and enough variety (missing
-- middle names, telephones and districts, ended and open periods, an alert
-- with and one without a SNOMED CT code, a contact at the person's address
-- and one elsewhere, booked and fulfilled visits) to exercise NULL
-- handling, arrays and every search parameter the mapping declares.
-- Synthetic data only.

SET standard_conforming_strings = on;

INSERT INTO organisations (org_id, ods_code, name, org_type_code, org_type_name, phone, address_line, town, postcode, active, updated_at) VALUES
  ('riverside-council', 'X3C03', 'Riverside Council Adult Social Care', 'govt', 'Government', '01632 960300', 'Town Hall, Market Place', 'Riverside', 'RV1 1TH', true, '2016-06-01T17:15:00Z'),
  ('brightcare', 'X9Z99', 'BrightCare Homecare Ltd', 'prov', 'Healthcare Provider', NULL, NULL, NULL, NULL, true, '2020-01-01T09:00:00Z');

INSERT INTO job_roles (role_code, role_name) VALUES
  ('106328005', 'Social worker'),
  ('80546007', 'Occupational therapist');

INSERT INTO staff (staff_id, staff_number, org_id, title, given_name, family_name, gender, work_phone, active, updated_at) VALUES
  ('staff-001', 'RC90306', 'riverside-council', NULL, 'Sharon', 'Gray', 'female', '01632 960300', true, '2016-06-01T15:32:00Z'),
  ('staff-002', 'RC74786', 'riverside-council', 'Dr', 'Edward', 'Collins', 'male', NULL, true, '2016-06-01T10:18:00Z'),
  ('staff-003', 'RC36062', 'riverside-council', NULL, 'Sophie', 'Bell', 'female', '01632 960300', true, '2016-06-01T12:25:00Z');

INSERT INTO staff_roles (role_id, staff_id, org_id, role_code, active, updated_at) VALUES
  ('role-001', 'staff-001', 'riverside-council', '106328005', true, '2016-06-01T12:13:00Z'),
  ('role-002', 'staff-002', 'riverside-council', '80546007', true, '2016-06-01T14:05:00Z');

INSERT INTO nhs_number_statuses (code, description) VALUES
  ('01', 'Number present and verified'),
  ('02', 'Number present but not traced');

INSERT INTO relationship_types (code, description) VALUES
  ('DAU', 'natural daughter'),
  ('NBOR', 'neighbor'),
  ('SPS', 'spouse');

INSERT INTO alert_types (code, description, category, snomed_code, snomed_display) VALUES
  ('KEY_SAFE', 'Key safe', 'admin', NULL, NULL),
  ('LIVES_ALONE', 'Lives alone', 'safety', '105529008', 'Lives alone'),
  ('RISK_TO_STAFF', 'Risk to staff', 'behavioral', NULL, NULL);

INSERT INTO assessment_types (code, name, document_snomed_code, document_snomed_display) VALUES
  ('needs', 'Care Act 2014 needs assessment', '371530004', 'Clinical consultation report'),
  ('review', 'Annual review of care and support plan', '734163000', 'Care plan');

INSERT INTO score_scales (code, name, snomed_code, snomed_display, min_score, max_score) VALUES
  ('CFS', 'Clinical Frailty Scale', '763264000', 'Canadian Study of Health and Aging Clinical Frailty Scale score', 1, 9);

INSERT INTO care_packages (code, title, description) VALUES
  ('home-care-two-calls-a-day', 'Home care - two calls a day', 'Help with washing, dressing and medicines, morning and evening.'),
  ('telecare-and-reablement', 'Telecare and reablement', 'Pendant alarm and six weeks of reablement support after a period of illness.');

INSERT INTO people (person_id, nhs_number, nhs_number_status, title, given_name, middle_names, family_name, gender, date_of_birth, date_of_death, home_phone, mobile_phone, gp_practice_ods, gp_practice_name, key_worker_id, active, updated_at) VALUES
  (1, '9990000018', '01', 'Mrs', 'Ada', 'Mary', 'O''Brien', 'female', '1938-02-11', NULL, '01632 960111', '07700 900111', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2026-01-15T10:00:00Z'),
  (2, '9990000026', NULL, NULL, 'Bert', NULL, 'Nuñez', 'male', '1950-07-30', '2026-03-01T04:30:00Z', NULL, NULL, NULL, NULL, 'staff-002', true, '2026-03-02T09:00:00Z'),
  (3, NULL, NULL, 'Ms', 'Cleo', NULL, 'Stone', 'female', '1990-01-01', NULL, NULL, '07700 900333', 'X1A01', 'Riverside Surgery', NULL, true, '2025-05-05T05:05:05Z');

INSERT INTO addresses (address_id, person_id, address_use, address_type, line_1, line_2, district, town, postcode, country, is_current) VALUES
  (1, 1, 'home', 'both', '1 Mill Lane', 'Flat 2', 'Northbank', 'Riverside', 'RV1 1AA', 'GB', true),
  (2, 1, 'old', 'both', '9 Old Road', NULL, NULL, 'Riverside', 'RV9 9ZZ', 'GB', false),
  (3, 2, 'home', 'both', '2 Quay Street', NULL, NULL, 'Riverside', 'RV2 2BB', 'GB', true);

INSERT INTO contacts (contact_id, contact_ref, person_id, relationship_code, is_next_of_kin, is_carer, carer_login, given_name, family_name, gender, mobile_phone, shares_address, known_since, active, updated_at) VALUES
  (1, 'rp-000001-1', 1, 'DAU', true, true, 'carer-eve-obrien', 'Eve', 'O''Brien', 'female', '07700 900444', false, '2021-03-01', true, '2021-03-01T12:00:00Z'),
  (2, 'rp-000003-1', 3, 'NBOR', false, false, NULL, 'Nina', 'Hale', 'female', NULL, true, '2024-01-01', true, '2024-01-02T12:00:00Z');

INSERT INTO alerts (alert_id, alert_ref, person_id, alert_type, alert_text, status, raised_at, ended_at, updated_at) VALUES
  (1, 'flag-000001-1', 1, 'LIVES_ALONE', 'Lives alone', 'active', '2021-03-01T09:00:00Z', NULL, '2021-03-01T10:00:00Z'),
  (2, 'flag-000001-2', 1, 'KEY_SAFE', 'Key safe by the back door', 'inactive', '2021-03-01T09:00:00Z', '2024-06-30T17:00:00Z', '2024-06-30T17:05:00Z'),
  (3, 'flag-000002-1', 2, 'RISK_TO_STAFF', 'Risk to staff: "dog" <in> the yard & more', 'active', '2025-02-01T08:00:00Z', NULL, '2025-02-01T08:30:00Z'),
  (4, 'flag-000003-1', 3, 'LIVES_ALONE', 'Lives alone', 'active', '2024-01-01T09:00:00Z', NULL, '2024-01-01T10:00:00Z');

INSERT INTO assessment_visits (assessment_visit_id, visit_ref, person_id, worker_id, started_at, ended_at, reason, status, updated_at) VALUES
  (1, 'enc-000001-1', 1, 'staff-001', '2021-03-01T09:00:00Z', '2021-03-01T10:15:00Z', 'Care Act assessment', 'finished', '2021-03-01T11:00:00Z'),
  (2, 'enc-000001-2', 1, 'staff-003', '2024-06-30T14:00:00Z', '2024-06-30T15:15:00Z', 'Care Act assessment', 'finished', '2024-06-30T16:00:00Z'),
  (3, 'enc-000002-1', 2, 'staff-002', '2025-02-01T08:00:00Z', NULL, 'Care Act assessment', 'in-progress', '2025-02-01T08:30:00Z'),
  (4, 'enc-000003-1', 3, 'staff-001', '2024-01-01T09:00:00Z', '2024-01-01T10:00:00Z', NULL, 'finished', '2024-01-01T11:00:00Z');

INSERT INTO assessments (assessment_id, assessment_ref, assessment_visit_id, assessment_type, completed_at, summary, status, doc_status, updated_at) VALUES
  (1, 'doc-000001-1', 1, 'needs', '2021-03-05T12:00:00Z', 'Needs assessment: eligible. Lives alone: yes. Ünïcödé — “quoted” text.', 'current', 'final', '2021-03-05T12:30:00Z'),
  (2, 'doc-000001-2', 2, 'review', '2024-07-01T12:00:00Z', 'Annual review.', 'current', 'final', '2024-07-01T12:30:00Z');

INSERT INTO assessment_scores (score_id, score_ref, assessment_visit_id, scale_code, score, recorded_at, status, updated_at) VALUES
  (1, 'obs-000001-1', 1, 'CFS', 6, '2021-03-01T09:00:00Z', 'final', '2021-03-01T11:00:00Z');

INSERT INTO care_plans (care_plan_id, care_plan_ref, person_id, assessment_visit_id, package_code, category, status, starts_at, ends_at, created_at, updated_at) VALUES
  (1, 'cp-000001-1', 1, 1, 'telecare-and-reablement', 'social-care', 'revoked', '2021-03-01T09:00:00Z', '2024-06-30T14:00:00Z', '2021-03-01T09:00:00Z', '2024-06-30T16:00:00Z'),
  (2, 'cp-000001-2', 1, 2, 'home-care-two-calls-a-day', 'social-care', 'active', '2024-06-30T14:00:00Z', NULL, '2024-06-30T14:00:00Z', '2024-06-30T16:10:00Z'),
  (3, 'cp-000002-1', 2, 3, 'home-care-two-calls-a-day', 'social-care', 'active', '2025-02-01T08:00:00Z', NULL, '2025-02-01T08:00:00Z', '2025-02-01T09:00:00Z');

INSERT INTO care_services (service_id, care_plan_id, position, description, status, provider_org_id) VALUES
  (1, 1, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (2, 2, 1, 'Morning call: personal care and medicines prompt', 'in-progress', 'brightcare'),
  (3, 2, 2, 'Evening call: meal preparation and medicines prompt', 'in-progress', 'brightcare');

INSERT INTO visits (visit_id, appointment_ref, person_id, worker_id, status, visit_type, description, starts_at, duration_minutes, booked_on, note, updated_at) VALUES
  (1, 'appt-000001-1', 1, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2025-01-10T10:00:00Z', 45, '2024-12-20', 'Visit at the person''s home', '2025-01-10T11:00:00Z'),
  (2, 'appt-000001-2', 1, 'staff-003', 'booked', 'ROUTINE', 'Home visit', '2026-07-01T14:00:00Z', 30, '2026-05-20', NULL, '2026-05-20T09:00:00Z'),
  (3, 'appt-000002-1', 2, 'staff-002', 'booked', 'ROUTINE', 'Home visit', '2026-07-02T09:30:00Z', 60, '2026-05-21', NULL, '2026-05-21T09:00:00Z');

INSERT INTO visit_records (visit_record_id, encounter_ref, visit_id, reason, status, updated_at) VALUES
  (1, 'enc-000001-3', 1, 'Home visit to review support', 'finished', '2025-01-10T12:00:00Z');

SELECT setval(pg_get_serial_sequence('addresses', 'address_id'), 100);
SELECT setval(pg_get_serial_sequence('contacts', 'contact_id'), 100);
SELECT setval(pg_get_serial_sequence('alerts', 'alert_id'), 100);
SELECT setval(pg_get_serial_sequence('assessment_visits', 'assessment_visit_id'), 100);
SELECT setval(pg_get_serial_sequence('assessments', 'assessment_id'), 100);
SELECT setval(pg_get_serial_sequence('assessment_scores', 'score_id'), 100);
SELECT setval(pg_get_serial_sequence('care_plans', 'care_plan_id'), 100);
SELECT setval(pg_get_serial_sequence('care_services', 'service_id'), 100);
SELECT setval(pg_get_serial_sequence('visits', 'visit_id'), 100);
SELECT setval(pg_get_serial_sequence('visit_records', 'visit_record_id'), 100);
