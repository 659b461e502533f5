-- Generated from the riverside-council records of the demo population
-- (testdata/demogen, Config{}) by adapters/sqlsource/socialcare/internal/seedgen.
-- Do not edit: regenerate with
--   go test ./adapters/sqlsource/socialcare -run TestSeedIsGenerated -update
-- Synthetic data only: no row describes a real person.

SET standard_conforming_strings = on;

INSERT INTO organisations (org_id, ods_code, name, org_type_code, org_type_name, phone, address_line, town, postcode, active, updated_at) VALUES
  ('riverside-council', 'X3C03', 'Riverside Council Adult Social Care', 'govt', 'Government', '01632 960300', 'Town Hall, Market Place', 'Riverside', 'RV1 1TH', true, '2016-06-01T17:15:00Z');

INSERT INTO job_roles (role_code, role_name) VALUES
  ('106328005', 'Social worker'),
  ('80546007', 'Occupational therapist');

INSERT INTO staff (staff_id, staff_number, org_id, title, given_name, family_name, gender, work_phone, active, updated_at) VALUES
  ('staff-001', 'RC90306', 'riverside-council', NULL, 'Sharon', 'Gray', 'female', '01632 960300', true, '2016-06-01T15:32:00Z'),
  ('staff-002', 'RC74786', 'riverside-council', NULL, 'Elizabeth', 'Walker', 'female', '01632 960300', true, '2016-06-01T10:18:00Z'),
  ('staff-003', 'RC36062', 'riverside-council', NULL, 'Sophie', 'Bell', 'female', '01632 960300', true, '2016-06-01T12:25:00Z'),
  ('staff-004', 'RC16360', 'riverside-council', NULL, 'Edward', 'Collins', 'male', '01632 960300', true, '2016-06-01T15:34:00Z');

INSERT INTO staff_roles (role_id, staff_id, org_id, role_code, active, updated_at) VALUES
  ('role-001', 'staff-001', 'riverside-council', '106328005', true, '2016-06-01T12:13:00Z'),
  ('role-002', 'staff-002', 'riverside-council', '106328005', true, '2016-06-01T14:05:00Z'),
  ('role-003', 'staff-003', 'riverside-council', '106328005', true, '2016-06-01T15:27:00Z'),
  ('role-004', 'staff-004', 'riverside-council', '80546007', true, '2016-06-01T19:26:00Z');

INSERT INTO nhs_number_statuses (code, description) VALUES
  ('01', 'Number present and verified');

INSERT INTO relationship_types (code, description) VALUES
  ('DAU', 'natural daughter'),
  ('FRND', 'unrelated friend'),
  ('NBOR', 'neighbor'),
  ('NIECE', 'niece'),
  ('SON', 'natural son'),
  ('SPS', 'spouse');

INSERT INTO alert_types (code, description, category, snomed_code, snomed_display) VALUES
  ('KEY_SAFE', 'Key safe', 'admin', NULL, NULL),
  ('LIVES_ALONE', 'Lives alone', 'safety', '105529008', 'Lives alone'),
  ('RISK_TO_STAFF', 'Risk to staff', 'behavioral', NULL, NULL);

INSERT INTO assessment_types (code, name, document_snomed_code, document_snomed_display) VALUES
  ('needs', 'Care Act 2014 needs assessment', '371530004', 'Clinical consultation report'),
  ('review', 'Annual review of care and support plan', '734163000', 'Care plan');

INSERT INTO score_scales (code, name, snomed_code, snomed_display, min_score, max_score) VALUES
  ('CFS', 'Clinical Frailty Scale', '763264000', 'Canadian Study of Health and Aging Clinical Frailty Scale score', '1', '9');

INSERT INTO care_packages (code, title, description) VALUES
  ('day-opportunities', 'Day opportunities', 'Attendance at Riverside Day Centre to reduce isolation and give the family carer a break.'),
  ('home-care-four-calls-a-day', 'Home care - four calls a day', 'Double-handed help with all personal care, meals and medicines.'),
  ('home-care-two-calls-a-day', 'Home care - two calls a day', 'Help with washing, dressing and medicines, morning and evening.'),
  ('residential-respite', 'Residential respite', 'Two weeks of planned respite in a residential home while the family carer is away.'),
  ('telecare-and-reablement', 'Telecare and reablement', 'Pendant alarm and six weeks of reablement support after a period of illness.');

INSERT INTO people (person_id, nhs_number, nhs_number_status, title, given_name, middle_names, family_name, gender, date_of_birth, date_of_death, home_phone, mobile_phone, gp_practice_ods, gp_practice_name, key_worker_id, active, updated_at) VALUES
  (12825, '9997071239', '01', 'Ms', 'Katherine', 'Anna', 'Marshall', 'female', '1939-05-25', NULL, '01632 960295', '07700 900303', 'X1A01', 'Riverside Surgery', 'staff-002', true, '2026-02-02T19:47:00Z'),
  (30591, '9998506166', '01', 'Mr', 'Harry', 'Jacob', 'Dixon', 'male', '1944-12-29', NULL, '01632 960099', '07700 900072', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2025-04-08T12:58:00Z'),
  (40880, '9996253880', '01', 'Miss', 'Nancy', 'Margaret', 'Stevens', 'female', '1947-02-12', NULL, '01632 960617', '07700 900992', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2024-08-01T12:00:00Z'),
  (61729, '9996331091', '01', 'Ms', 'Sharon', NULL, 'Carter', 'female', '2006-01-24', NULL, '01632 960981', '07700 900167', 'X1A01', 'Riverside Surgery', 'staff-002', true, '2025-09-18T10:12:00Z'),
  (68020, '9997944364', '01', 'Mr', 'Ronald', NULL, 'Lloyd', 'male', '1951-01-22', NULL, '01632 960718', '07700 900668', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2026-05-27T21:04:00Z'),
  (70487, '9999268846', '01', 'Mrs', 'Eileen', 'Agnieszka', 'Brown', 'female', '1932-02-11', '2025-07-06T20:34:00Z', '01632 960044', '07700 900669', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2025-05-07T17:18:00Z'),
  (92441, '9990172188', '01', 'Mr', 'Ryan', NULL, 'Wood', 'male', '1975-05-26', NULL, '01632 960310', '07700 900753', 'X1A01', 'Riverside Surgery', 'staff-002', true, '2024-12-06T11:49:00Z'),
  (106808, '9993649813', '01', 'Mrs', 'Mary', 'Lily', 'Evans', 'female', '1946-09-30', NULL, '01632 960359', '07700 900281', 'X1A01', 'Riverside Surgery', 'staff-002', true, '2025-02-21T14:01:00Z'),
  (140245, '9992581913', '01', 'Mrs', 'Stephanie', NULL, 'Adams', 'female', '1958-06-25', NULL, '01632 960169', '07700 900633', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2024-06-21T13:30:00Z'),
  (181372, '9998381517', '01', 'Mr', 'John', NULL, 'Kowalski', 'male', '1950-04-01', NULL, '01632 960004', '07700 900479', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2025-06-17T21:42:00Z'),
  (198286, '9998128625', '01', 'Mr', 'Steven', 'Alfie', 'Wilson', 'male', '1962-10-21', NULL, '01632 960069', '07700 900444', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2025-10-20T08:24:00Z'),
  (207465, '9998282942', '01', 'Mr', 'Robert', NULL, 'Hunt', 'male', '1956-07-22', NULL, '01632 960252', '07700 900650', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2025-05-26T12:43:00Z'),
  (224219, '9993438235', '01', 'Mr', 'David', 'Jason', 'Butler', 'male', '1955-06-04', NULL, '01632 960818', '07700 900770', 'X1A01', 'Riverside Surgery', 'staff-003', true, '2024-11-08T09:47:00Z'),
  (225021, NULL, NULL, 'Ms', 'Margaret', NULL, 'Walker', 'female', '1981-01-04', NULL, '01632 960613', '07700 900257', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2025-09-15T13:47:00Z'),
  (239139, '9997326156', '01', 'Mrs', 'Carol', 'Ava', 'Murphy', 'female', '1967-02-17', NULL, '01632 960904', '07700 900942', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2024-06-17T20:35:00Z'),
  (335753, '9992713135', '01', 'Mrs', 'Chloe', NULL, 'Holmes', 'female', '1959-01-18', NULL, '01632 960356', '07700 900357', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2025-02-24T12:20:00Z'),
  (374252, '9995244187', '01', 'Mr', 'Leo', 'Richard', 'Taylor', 'male', '1939-11-13', NULL, '01632 960707', '07700 900145', 'X1A01', 'Riverside Surgery', 'staff-002', true, '2025-01-06T14:56:00Z'),
  (456840, '9996472434', '01', 'Ms', 'Laura', 'Amanda', 'Mason', 'female', '1934-01-05', NULL, '01632 960736', '07700 900403', 'X1A01', 'Riverside Surgery', 'staff-003', true, '2026-05-08T18:25:00Z'),
  (458019, NULL, NULL, 'Mrs', 'Christine', NULL, 'Parker', 'female', '1948-12-28', NULL, '01632 960616', '07700 900923', 'X1A01', 'Riverside Surgery', 'staff-002', true, '2026-02-20T13:39:00Z'),
  (470912, NULL, NULL, 'Mrs', 'Anna', NULL, 'Hughes', 'female', '1947-02-16', NULL, '01632 960661', '07700 900529', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2025-09-10T13:39:00Z'),
  (491800, '9990962960', '01', 'Miss', 'Irene', 'Karen', 'Griffiths', 'female', '1972-05-29', NULL, '01632 960519', '07700 900518', 'X4D04', 'Millbrook Medical Centre', 'staff-001', true, '2025-01-20T09:08:00Z'),
  (520640, '9999137873', '01', 'Miss', 'Sophie', 'Christine', 'White', 'female', '1974-11-29', NULL, '01632 960400', '07700 900153', 'X1A01', 'Riverside Surgery', 'staff-003', true, '2026-05-08T11:52:00Z'),
  (529703, '9994575759', '01', 'Mr', 'Steven', NULL, 'White', 'male', '1931-02-17', NULL, '01632 960912', '07700 900275', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2024-10-07T16:58:00Z'),
  (547644, '9990318115', '01', 'Mr', 'Ryan', 'Richard', 'Davies', 'male', '1931-10-29', NULL, '01632 960076', '07700 900010', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2025-12-11T14:57:00Z'),
  (563400, '9994631187', '01', 'Ms', 'Amy', 'Olivia', 'Hall', 'female', '1944-01-03', NULL, '01632 960452', '07700 900022', 'X1A01', 'Riverside Surgery', 'staff-003', true, '2025-10-15T16:52:00Z'),
  (564624, '9999695132', '01', 'Mr', 'Arthur', 'Ryan', 'Chapman', 'male', '2001-05-20', NULL, '01632 960339', '07700 900041', 'X1A01', 'Riverside Surgery', 'staff-003', true, '2025-11-05T12:39:00Z'),
  (601920, '9994746111', '01', 'Mrs', 'Dorothy', 'Christine', 'Moore', 'female', '1981-02-24', NULL, '01632 960931', '07700 900225', 'X1A01', 'Riverside Surgery', 'staff-003', true, '2024-06-03T17:14:00Z'),
  (604987, '9999547354', '01', 'Mr', 'Dylan', 'Richard', 'Palmer', 'male', '1973-10-09', NULL, '01632 960827', '07700 900748', 'X1A01', 'Riverside Surgery', 'staff-002', true, '2025-03-11T19:59:00Z'),
  (625198, '9992729198', '01', 'Dr', 'Eileen', NULL, 'Kelly', 'female', '1946-04-12', NULL, '01632 960399', '07700 900065', 'X4D04', 'Millbrook Medical Centre', 'staff-002', true, '2025-02-07T15:58:00Z'),
  (631313, '9995232898', '01', 'Mr', 'Oliver', NULL, 'Walker', 'male', '1958-09-14', NULL, '01632 960297', '07700 900655', 'X1A01', 'Riverside Surgery', 'staff-003', true, '2024-10-21T11:38:00Z'),
  (658379, '9999247849', '01', 'Mr', 'Frank', NULL, 'Butler', 'male', '1941-02-06', NULL, '01632 960790', '07700 900417', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2025-07-30T16:31:00Z'),
  (672262, '9991403140', '01', 'Mrs', 'Amanda', 'Doreen', 'Morris', 'female', '1938-12-26', NULL, '01632 960660', '07700 900743', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2026-02-23T12:53:00Z'),
  (676722, NULL, NULL, 'Mr', 'Jason', NULL, 'Mensah', 'male', '1967-02-02', NULL, '01632 960555', '07700 900599', 'X1A01', 'Riverside Surgery', 'staff-003', true, '2025-02-25T11:55:00Z'),
  (688103, '9991085602', '01', 'Mr', 'Leo', NULL, 'Webb', 'male', '1930-10-20', NULL, '01632 960705', '07700 900800', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2024-07-25T15:55:00Z'),
  (699367, '9994958623', '01', 'Miss', 'Donna', NULL, 'White', 'female', '1940-02-11', NULL, '01632 960137', '07700 900706', 'X1A01', 'Riverside Surgery', 'staff-003', true, '2025-02-24T13:37:00Z'),
  (707995, '9999496989', '01', 'Mr', 'Kwame', NULL, 'James', 'male', '1945-10-05', NULL, '01632 960994', '07700 900588', 'X1A01', 'Riverside Surgery', 'staff-003', true, '2024-11-22T17:01:00Z'),
  (744255, '9993367001', '01', 'Miss', 'Ashley', NULL, 'Knight', 'female', '1933-02-09', NULL, '01632 960932', '07700 900073', 'X4D04', 'Millbrook Medical Centre', 'staff-001', true, '2025-07-09T17:08:00Z'),
  (762312, '9992557192', '01', 'Mr', 'Dylan', 'Jason', 'Williams', 'male', '1943-11-02', NULL, '01632 960631', '07700 900177', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2025-03-24T14:46:00Z'),
  (781694, '9996510018', '01', 'Mr', 'Andrew', NULL, 'Barker', 'male', '1940-06-28', NULL, '01632 960725', '07700 900332', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2024-11-04T10:10:00Z'),
  (783516, '9998524660', '01', 'Mr', 'Owen', 'Christopher', 'Green', 'male', '1998-09-29', NULL, '01632 960452', '07700 900682', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2025-06-03T20:03:00Z'),
  (784918, NULL, NULL, 'Mr', 'Steven', 'Michael', 'Wood', 'male', '1958-09-02', NULL, '01632 960413', '07700 900318', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2024-08-08T13:31:00Z'),
  (800333, NULL, NULL, 'Mrs', 'Betty', 'Amanda', 'Phillips', 'female', '1948-06-18', NULL, '01632 960238', '07700 900041', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2024-12-10T10:08:00Z'),
  (803312, '9994207822', '01', 'Ms', 'Eileen', 'Irene', 'Cook', 'female', '1948-03-05', NULL, '01632 960714', '07700 900338', 'X1A01', 'Riverside Surgery', 'staff-002', true, '2025-04-17T16:20:00Z'),
  (825605, '9994841998', '01', 'Mrs', 'Rebecca', NULL, 'Davies', 'female', '1956-05-10', NULL, '01632 960585', '07700 900109', 'X4D04', 'Millbrook Medical Centre', 'staff-002', true, '2024-09-12T19:08:00Z'),
  (832688, '9993869619', '01', 'Miss', 'Gillian', 'Stephanie', 'Singh', 'female', '1950-07-25', NULL, '01632 960703', '07700 900100', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2025-08-01T17:26:00Z'),
  (846619, '9997598989', '01', 'Mr', 'Michael', 'Stephen', 'White', 'male', '1960-09-17', NULL, '01632 960512', '07700 900106', 'X1A01', 'Riverside Surgery', 'staff-002', true, '2024-08-26T11:02:00Z'),
  (871056, NULL, NULL, 'Mrs', 'Laura', NULL, 'Begum', 'female', '1959-04-13', NULL, '01632 960991', '07700 900069', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2025-07-22T09:52:00Z'),
  (915056, '9996265579', '01', 'Mr', 'Arthur', 'Ryan', 'Harvey', 'male', '1948-08-15', NULL, '01632 960664', '07700 900498', 'X1A01', 'Riverside Surgery', 'staff-002', true, '2024-09-02T12:26:00Z'),
  (931164, NULL, NULL, 'Mrs', 'Kate', NULL, 'Moore', 'female', '1927-09-17', NULL, '01632 960196', '07700 900364', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2025-06-30T14:35:00Z'),
  (947737, '9990688028', '01', 'Dr', 'Ryan', 'Albert', 'Foster', 'male', '1949-01-03', NULL, '01632 960562', '07700 900207', 'X1A01', 'Riverside Surgery', 'staff-002', true, '2024-10-01T18:19:00Z'),
  (954669, '9998670799', '01', 'Mr', 'Keith', 'Jonathan', 'Hunt', 'male', '1948-07-17', NULL, '01632 960676', '07700 900506', 'X1A01', 'Riverside Surgery', 'staff-003', true, '2024-08-05T10:15:00Z'),
  (960690, '9999867928', '01', 'Mr', 'Nicholas', NULL, 'Wood', 'male', '1960-11-02', NULL, '01632 960123', '07700 900206', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2025-11-04T13:40:00Z'),
  (968918, NULL, NULL, 'Dr', 'Gillian', 'Susan', 'Begum', 'female', '1948-06-18', NULL, '01632 960216', '07700 900787', 'X1A01', 'Riverside Surgery', 'staff-002', true, '2024-12-17T14:48:00Z'),
  (981503, NULL, NULL, 'Mr', 'Oliver', NULL, 'Young', 'male', '1933-04-11', NULL, '01632 960698', '07700 900157', 'X1A01', 'Riverside Surgery', 'staff-003', true, '2024-10-17T10:30:00Z'),
  (997178, '9992861460', '01', 'Mr', 'Edward', NULL, 'Holmes', 'male', '1958-03-17', NULL, '01632 960504', '07700 900153', 'X1A01', 'Riverside Surgery', 'staff-001', true, '2024-08-19T15:17:00Z');

INSERT INTO addresses (address_id, person_id, address_use, address_type, line_1, district, town, postcode, country, is_current) VALUES
  (1, 12825, 'home', 'both', '61 Victoria Road', 'Northbank', 'Riverside', 'RV3 6PD', 'GB', true),
  (2, 30591, 'home', 'both', '109 Victoria Road', 'Eastgate', 'Riverside', 'RV6 3UN', 'GB', true),
  (3, 40880, 'home', 'both', '84 Ferry Road', 'Old Town', 'Riverside', 'RV11 7TJ', 'GB', true),
  (4, 61729, 'home', 'both', '20 Orchard Close', 'Weir End', 'Riverside', 'RV6 3DD', 'GB', true),
  (5, 68020, 'home', 'both', '163 Ferry Road', NULL, 'Riverside', 'RV11 5JX', 'GB', true),
  (6, 70487, 'home', 'both', '150 Weavers Court', 'Eastgate', 'Riverside', 'RV11 8PX', 'GB', true),
  (7, 92441, 'home', 'both', '69 Oakfield Road', 'Northbank', 'Riverside', 'RV10 3XW', 'GB', true),
  (8, 106808, 'home', 'both', '51 Riverside Walk', NULL, 'Riverside', 'RV10 5NB', 'GB', true),
  (9, 140245, 'home', 'both', '79 Hollybush Lane', 'Weir End', 'Riverside', 'RV12 1HQ', 'GB', true),
  (10, 181372, 'home', 'both', '171 Park Avenue', 'Eastgate', 'Riverside', 'RV10 2BE', 'GB', true),
  (11, 198286, 'home', 'both', '122 Victoria Road', NULL, 'Riverside', 'RV5 8YP', 'GB', true),
  (12, 207465, 'home', 'both', '91 Riverside Walk', NULL, 'Riverside', 'RV11 9ZU', 'GB', true),
  (13, 224219, 'home', 'both', '131 Elm Terrace', 'Eastgate', 'Riverside', 'RV9 5YL', 'GB', true),
  (14, 225021, 'home', 'both', '76 Wharf Street', NULL, 'Riverside', 'RV6 5BX', 'GB', true),
  (15, 239139, 'home', 'both', '125 Weavers Court', NULL, 'Riverside', 'RV2 4PQ', 'GB', true),
  (16, 335753, 'home', 'both', '43 Orchard Close', 'Northbank', 'Riverside', 'RV10 4FQ', 'GB', true),
  (17, 374252, 'home', 'both', '145 Lock Keepers Way', 'Old Town', 'Riverside', 'RV3 2NQ', 'GB', true),
  (18, 456840, 'home', 'both', '2 Abbey Gardens', NULL, 'Riverside', 'RV10 4ZG', 'GB', true),
  (19, 458019, 'home', 'both', '126 Hollybush Lane', 'Old Town', 'Riverside', 'RV12 7SP', 'GB', true),
  (20, 470912, 'home', 'both', '92 Market Place', 'Eastgate', 'Riverside', 'RV2 2SJ', 'GB', true),
  (21, 491800, 'home', 'both', '77 Alder Grove', 'Old Town', 'Riverside', 'RV11 6HF', 'GB', true),
  (22, 520640, 'home', 'both', '151 Heron Close', 'Weir End', 'Riverside', 'RV3 8ZR', 'GB', true),
  (23, 529703, 'home', 'both', '163 Meadow Rise', NULL, 'Riverside', 'RV8 1RE', 'GB', true),
  (24, 547644, 'home', 'both', '46 Ferry Road', 'Northbank', 'Riverside', 'RV8 3RZ', 'GB', true),
  (25, 563400, 'home', 'both', '28 Lock Keepers Way', 'Eastgate', 'Riverside', 'RV12 5QS', 'GB', true),
  (26, 564624, 'home', 'both', '52 Ferry Road', 'Millbrook', 'Riverside', 'RV9 9QN', 'GB', true),
  (27, 601920, 'home', 'both', '31 Hollybush Lane', 'Old Town', 'Riverside', 'RV7 5AE', 'GB', true),
  (28, 604987, 'home', 'both', '138 Wharf Street', NULL, 'Riverside', 'RV6 5HQ', 'GB', true),
  (29, 625198, 'home', 'both', '37 Heron Close', 'Weir End', 'Riverside', 'RV3 7ZZ', 'GB', true),
  (30, 631313, 'home', 'both', '39 North Parade', 'Eastgate', 'Riverside', 'RV2 9XP', 'GB', true),
  (31, 658379, 'home', 'both', '15 Heron Close', 'Weir End', 'Riverside', 'RV6 8ZW', 'GB', true),
  (32, 672262, 'home', 'both', '69 Hollybush Lane', 'Eastgate', 'Riverside', 'RV12 1ZZ', 'GB', true),
  (33, 676722, 'home', 'both', '169 Riverside Walk', 'Weir End', 'Riverside', 'RV6 8AR', 'GB', true),
  (34, 688103, 'home', 'both', '53 Chapel Row', 'Northbank', 'Riverside', 'RV10 3NW', 'GB', true),
  (35, 699367, 'home', 'both', '113 Weavers Court', 'Eastgate', 'Riverside', 'RV10 9ZL', 'GB', true),
  (36, 707995, 'home', 'both', '28 Alder Grove', 'Millbrook', 'Riverside', 'RV10 5BD', 'GB', true),
  (37, 744255, 'home', 'both', '95 Mill Lane', NULL, 'Riverside', 'RV9 9DN', 'GB', true),
  (38, 762312, 'home', 'both', '77 Ferry Road', NULL, 'Riverside', 'RV11 4XJ', 'GB', true),
  (39, 781694, 'home', 'both', '174 Heron Close', 'Millbrook', 'Riverside', 'RV6 3TU', 'GB', true),
  (40, 783516, 'home', 'both', '37 Hollybush Lane', NULL, 'Riverside', 'RV7 9RB', 'GB', true),
  (41, 784918, 'home', 'both', '139 Chapel Row', 'Northbank', 'Riverside', 'RV7 1RX', 'GB', true),
  (42, 800333, 'home', 'both', '166 Victoria Road', NULL, 'Riverside', 'RV8 4QE', 'GB', true),
  (43, 803312, 'home', 'both', '37 North Parade', 'Weir End', 'Riverside', 'RV3 6EN', 'GB', true),
  (44, 825605, 'home', 'both', '101 Willow Way', NULL, 'Riverside', 'RV10 6AY', 'GB', true),
  (45, 832688, 'home', 'both', '96 Bridge Street', NULL, 'Riverside', 'RV10 5HB', 'GB', true),
  (46, 846619, 'home', 'both', '26 Market Place', NULL, 'Riverside', 'RV5 9FW', 'GB', true),
  (47, 871056, 'home', 'both', '94 Ferry Road', NULL, 'Riverside', 'RV8 8UT', 'GB', true),
  (48, 915056, 'home', 'both', '17 Wharf Street', 'Weir End', 'Riverside', 'RV5 7AE', 'GB', true),
  (49, 931164, 'home', 'both', '22 Riverside Walk', 'Northbank', 'Riverside', 'RV10 4RW', 'GB', true),
  (50, 947737, 'home', 'both', '66 Station Road', 'Old Town', 'Riverside', 'RV1 3DZ', 'GB', true),
  (51, 954669, 'home', 'both', '52 Orchard Close', NULL, 'Riverside', 'RV7 4DB', 'GB', true),
  (52, 960690, 'home', 'both', '135 North Parade', 'Northbank', 'Riverside', 'RV11 8TE', 'GB', true),
  (53, 968918, 'home', 'both', '13 Abbey Gardens', 'Northbank', 'Riverside', 'RV1 5AB', 'GB', true),
  (54, 981503, 'home', 'both', '89 Park Avenue', 'Millbrook', 'Riverside', 'RV6 2HD', 'GB', true),
  (55, 997178, 'home', 'both', '104 Beech Crescent', 'Northbank', 'Riverside', 'RV2 8TH', 'GB', true);

INSERT INTO contacts (contact_id, contact_ref, person_id, relationship_code, is_next_of_kin, is_carer, carer_login, given_name, family_name, gender, mobile_phone, shares_address, known_since, active, updated_at) VALUES
  (1, 'rp-012825-1', 12825, 'SPS', true, false, NULL, 'Joshua', 'Marshall', 'male', '07700 900760', true, '2021-12-22', true, '2021-12-22T18:24:00Z'),
  (2, 'rp-030591-1', 30591, 'NIECE', true, true, NULL, 'Pauline', 'Ahmed', 'female', '07700 900129', false, '2026-02-24', true, '2026-02-24T10:19:00Z'),
  (3, 'rp-040880-1', 40880, 'NBOR', true, false, NULL, 'Nancy', 'Cox', 'female', '07700 900725', false, '2024-01-31', true, '2024-01-31T13:26:00Z'),
  (4, 'rp-061729-1', 61729, 'NBOR', true, false, NULL, 'John', 'Moore', 'male', '07700 900843', false, '2024-09-13', true, '2024-09-13T17:36:00Z'),
  (5, 'rp-068020-1', 68020, 'NBOR', true, true, NULL, 'Jacob', 'Lloyd', 'male', '07700 900560', false, '2022-06-27', true, '2022-06-27T17:55:00Z'),
  (6, 'rp-070487-1', 70487, 'DAU', true, true, NULL, 'Sandra', 'Brown', 'female', '07700 900209', false, '2023-05-31', true, '2023-05-31T16:39:00Z'),
  (7, 'rp-092441-1', 92441, 'FRND', true, false, NULL, 'Jonathan', 'Harrison', 'male', '07700 900966', false, '2017-01-30', true, '2017-01-30T19:48:00Z'),
  (8, 'rp-106808-1', 106808, 'SON', true, false, NULL, 'Nicholas', 'Evans', 'male', '07700 900763', false, '2024-09-09', true, '2024-09-09T18:10:00Z'),
  (9, 'rp-140245-1', 140245, 'SON', true, true, NULL, 'Rajesh', 'Adams', 'male', '07700 900063', false, '2022-01-10', true, '2022-01-10T17:59:00Z'),
  (10, 'rp-181372-1', 181372, 'SPS', true, false, NULL, 'Freya', 'Kowalski', 'female', '07700 900084', true, '2022-09-19', true, '2022-09-19T14:48:00Z'),
  (11, 'rp-198286-1', 198286, 'SPS', true, true, NULL, 'Emily', 'Wilson', 'female', '07700 900083', true, '2020-05-25', true, '2020-05-25T12:22:00Z'),
  (12, 'rp-207465-1', 207465, 'SPS', true, true, NULL, 'Karen', 'Hunt', 'female', '07700 900180', true, '2023-10-13', true, '2023-10-13T12:01:00Z'),
  (13, 'rp-224219-1', 224219, 'DAU', true, true, NULL, 'Jennifer', 'Butler', 'female', '07700 900489', false, '2023-07-25', true, '2023-07-25T17:56:00Z'),
  (14, 'rp-225021-1', 225021, 'SON', true, true, NULL, 'Noah', 'Walker', 'male', '07700 900319', false, '2025-05-07', true, '2025-05-07T15:11:00Z'),
  (15, 'rp-239139-1', 239139, 'DAU', true, false, NULL, 'Karen', 'Murphy', 'female', '07700 900374', false, '2018-01-11', true, '2018-01-11T12:12:00Z'),
  (16, 'rp-335753-1', 335753, 'FRND', true, true, NULL, 'Mary', 'Stevens', 'female', '07700 900037', false, '2022-11-01', true, '2022-11-01T12:36:00Z'),
  (17, 'rp-374252-1', 374252, 'FRND', true, false, NULL, 'Nicholas', 'Nowak', 'male', '07700 900307', false, '2021-09-23', true, '2021-09-23T10:50:00Z'),
  (18, 'rp-456840-1', 456840, 'DAU', true, true, 'carer-olivia-mason', 'Olivia', 'Mason', 'female', '07700 900398', false, '2024-12-16', true, '2024-12-16T20:42:00Z'),
  (19, 'rp-458019-1', 458019, 'NIECE', true, true, NULL, 'Lisa', 'Lloyd', 'female', '07700 900972', false, '2024-07-01', true, '2024-07-01T18:45:00Z'),
  (20, 'rp-470912-1', 470912, 'FRND', true, false, NULL, 'Emily', 'Watson', 'female', '07700 900468', false, '2022-05-06', true, '2022-05-06T17:59:00Z'),
  (21, 'rp-491800-1', 491800, 'DAU', true, false, NULL, 'Christine', 'Griffiths', 'female', '07700 900039', false, '2025-07-07', true, '2025-07-07T19:44:00Z'),
  (22, 'rp-520640-1', 520640, 'NBOR', true, false, NULL, 'Kimberly', 'Barker', 'female', '07700 900431', false, '2020-12-30', true, '2020-12-30T12:20:00Z'),
  (23, 'rp-529703-1', 529703, 'SPS', true, true, NULL, 'Jean', 'White', 'female', '07700 900377', true, '2023-11-13', true, '2023-11-13T14:11:00Z'),
  (24, 'rp-564624-1', 564624, 'SPS', true, true, NULL, 'Linda', 'Chapman', 'female', '07700 900109', true, '2025-06-18', true, '2025-06-18T19:54:00Z'),
  (25, 'rp-601920-1', 601920, 'NIECE', true, false, NULL, 'Jennifer', 'Roberts', 'female', '07700 900556', false, '2017-01-20', true, '2017-01-20T14:57:00Z'),
  (26, 'rp-604987-1', 604987, 'DAU', true, true, NULL, 'Ashley', 'Palmer', 'female', '07700 900034', false, '2016-06-17', true, '2016-06-17T14:56:00Z'),
  (27, 'rp-625198-1', 625198, 'SON', true, false, NULL, 'William', 'Kelly', 'male', '07700 900960', false, '2025-05-29', true, '2025-05-29T19:57:00Z'),
  (28, 'rp-631313-1', 631313, 'FRND', true, true, NULL, 'Nancy', 'Richardson', 'female', '07700 900225', false, '2025-10-23', true, '2025-10-23T17:43:00Z'),
  (29, 'rp-658379-1', 658379, 'SON', true, false, NULL, 'Anthony', 'Butler', 'male', '07700 900152', false, '2021-08-12', true, '2021-08-12T17:19:00Z'),
  (30, 'rp-672262-1', 672262, 'SPS', true, false, NULL, 'Paul', 'Morris', 'male', '07700 900292', true, '2021-06-29', true, '2021-06-29T15:10:00Z'),
  (31, 'rp-676722-1', 676722, 'DAU', true, true, NULL, 'Susan', 'Mensah', 'female', '07700 900643', false, '2023-06-22', true, '2023-06-22T13:51:00Z'),
  (32, 'rp-688103-1', 688103, 'SPS', true, false, NULL, 'Sarah', 'Webb', 'female', '07700 900533', true, '2024-01-15', true, '2024-01-15T13:59:00Z'),
  (33, 'rp-699367-1', 699367, 'NIECE', true, true, NULL, 'Joan', 'Williams', 'female', '07700 900505', false, '2022-02-21', true, '2022-02-21T09:33:00Z'),
  (34, 'rp-707995-1', 707995, 'NBOR', true, false, NULL, 'Doreen', 'Mensah', 'female', '07700 900057', false, '2024-10-30', true, '2024-10-30T17:16:00Z'),
  (35, 'rp-744255-1', 744255, 'DAU', true, true, NULL, 'Nancy', 'Simpson', 'female', '07700 900158', false, '2023-12-18', true, '2023-12-18T13:56:00Z'),
  (36, 'rp-781694-1', 781694, 'SON', true, false, NULL, 'Frank', 'Barker', 'male', '07700 900144', false, '2025-04-10', true, '2025-04-10T11:37:00Z'),
  (37, 'rp-783516-1', 783516, 'NBOR', true, true, NULL, 'Amanda', 'Singh', 'female', '07700 900985', false, '2023-02-06', true, '2023-02-06T12:14:00Z'),
  (38, 'rp-784918-1', 784918, 'NBOR', true, false, NULL, 'Paul', 'Young', 'male', '07700 900737', false, '2022-10-26', true, '2022-10-26T20:09:00Z'),
  (39, 'rp-800333-1', 800333, 'FRND', true, true, NULL, 'Daniel', 'Campbell', 'male', '07700 900586', false, '2025-04-23', true, '2025-04-23T11:46:00Z'),
  (40, 'rp-803312-1', 803312, 'FRND', true, true, NULL, 'Steven', 'Gray', 'male', '07700 900506', false, '2022-08-17', true, '2022-08-17T12:06:00Z'),
  (41, 'rp-825605-1', 825605, 'NBOR', true, true, NULL, 'Jonathan', 'Wood', 'male', '07700 900833', false, '2024-11-11', true, '2024-11-11T20:32:00Z'),
  (42, 'rp-871056-1', 871056, 'DAU', true, true, NULL, 'Sarah', 'Cook', 'female', '07700 900962', false, '2025-04-23', true, '2025-04-23T12:19:00Z'),
  (43, 'rp-915056-1', 915056, 'SON', true, true, NULL, 'Arthur', 'Harvey', 'male', '07700 900652', false, '2024-02-05', true, '2024-02-05T11:26:00Z'),
  (44, 'rp-931164-1', 931164, 'NIECE', true, false, NULL, 'Karen', 'Bailey', 'female', '07700 900184', false, '2021-07-26', true, '2021-07-26T18:40:00Z'),
  (45, 'rp-947737-1', 947737, 'DAU', true, true, NULL, 'Nancy', 'Adams', 'female', '07700 900466', false, '2021-06-21', true, '2021-06-21T18:24:00Z'),
  (46, 'rp-954669-1', 954669, 'SPS', true, false, NULL, 'Sarah', 'Hunt', 'female', '07700 900753', true, '2024-10-10', true, '2024-10-10T17:16:00Z'),
  (47, 'rp-960690-1', 960690, 'SON', true, true, NULL, 'Timothy', 'Wood', 'male', '07700 900486', false, '2025-12-11', true, '2025-12-11T14:07:00Z'),
  (48, 'rp-968918-1', 968918, 'NBOR', true, true, NULL, 'Wendy', 'Khan', 'female', '07700 900386', false, '2023-08-31', true, '2023-08-31T20:37:00Z'),
  (49, 'rp-981503-1', 981503, 'FRND', true, true, NULL, 'Pauline', 'Kelly', 'female', '07700 900334', false, '2022-09-28', true, '2022-09-28T15:23:00Z'),
  (50, 'rp-997178-1', 997178, 'SPS', true, false, NULL, 'Eileen', 'Holmes', 'female', '07700 900104', true, '2022-02-14', true, '2022-02-14T12:23:00Z');

INSERT INTO alerts (alert_id, alert_ref, person_id, alert_type, alert_text, status, raised_at, ended_at, updated_at) VALUES
  (1, 'flag-061729-1', 61729, 'LIVES_ALONE', 'Lives alone', 'active', '2024-09-13T16:30:00Z', NULL, '2024-09-13T17:08:00Z'),
  (2, 'flag-068020-1', 68020, 'LIVES_ALONE', 'Lives alone', 'active', '2022-06-27T17:00:00Z', NULL, '2022-06-27T18:02:00Z'),
  (3, 'flag-070487-1', 70487, 'LIVES_ALONE', 'Lives alone', 'active', '2023-05-31T14:30:00Z', NULL, '2023-05-31T16:29:00Z'),
  (4, 'flag-070487-2', 70487, 'KEY_SAFE', 'Key safe by front door - code 2631, held by care provider and in this record only', 'active', '2023-05-31T14:30:00Z', NULL, '2023-05-31T18:19:00Z'),
  (5, 'flag-106808-1', 106808, 'LIVES_ALONE', 'Lives alone', 'active', '2024-09-09T17:20:00Z', NULL, '2024-09-09T18:04:00Z'),
  (6, 'flag-106808-2', 106808, 'KEY_SAFE', 'Key safe by front door - code 2396, held by care provider and in this record only', 'active', '2024-09-09T17:20:00Z', NULL, '2024-09-09T18:48:00Z'),
  (7, 'flag-225021-1', 225021, 'LIVES_ALONE', 'Lives alone', 'active', '2025-05-07T11:50:00Z', NULL, '2025-05-07T13:32:00Z'),
  (8, 'flag-225021-2', 225021, 'KEY_SAFE', 'Key safe by front door - code 4898, held by care provider and in this record only', 'active', '2025-05-07T11:50:00Z', NULL, '2025-05-07T13:56:00Z'),
  (9, 'flag-239139-1', 239139, 'LIVES_ALONE', 'Lives alone', 'active', '2018-01-11T09:10:00Z', NULL, '2018-01-11T11:37:00Z'),
  (10, 'flag-470912-1', 470912, 'LIVES_ALONE', 'Lives alone', 'active', '2022-05-06T15:20:00Z', NULL, '2022-05-06T16:16:00Z'),
  (11, 'flag-491800-1', 491800, 'LIVES_ALONE', 'Lives alone', 'active', '2025-07-07T15:50:00Z', NULL, '2025-07-07T18:03:00Z'),
  (12, 'flag-491800-2', 491800, 'KEY_SAFE', 'Key safe by front door - code 8508, held by care provider and in this record only', 'active', '2025-07-07T15:50:00Z', NULL, '2025-07-07T17:13:00Z'),
  (13, 'flag-520640-1', 520640, 'LIVES_ALONE', 'Lives alone', 'active', '2020-12-30T09:10:00Z', NULL, '2020-12-30T11:36:00Z'),
  (14, 'flag-520640-2', 520640, 'KEY_SAFE', 'Key safe by front door - code 1977, held by care provider and in this record only', 'active', '2020-12-30T09:10:00Z', NULL, '2020-12-30T09:28:00Z'),
  (15, 'flag-520640-3', 520640, 'RISK_TO_STAFF', 'Risk to staff - verbal aggression from a household member; visit in pairs', 'active', '2021-02-11T13:00:00Z', NULL, '2021-02-11T13:54:00Z'),
  (16, 'flag-564624-1', 564624, 'LIVES_ALONE', 'Lives alone', 'active', '2025-06-18T17:00:00Z', NULL, '2025-06-18T18:54:00Z'),
  (17, 'flag-604987-1', 604987, 'LIVES_ALONE', 'Lives alone', 'active', '2016-06-17T11:30:00Z', NULL, '2016-06-17T14:03:00Z'),
  (18, 'flag-625198-1', 625198, 'LIVES_ALONE', 'Lives alone', 'active', '2025-05-29T17:20:00Z', NULL, '2025-05-29T19:07:00Z'),
  (19, 'flag-625198-2', 625198, 'KEY_SAFE', 'Key safe by front door - code 6717, held by care provider and in this record only', 'active', '2025-05-29T17:20:00Z', NULL, '2025-05-29T19:27:00Z'),
  (20, 'flag-688103-1', 688103, 'LIVES_ALONE', 'Lives alone', 'active', '2024-01-15T10:20:00Z', NULL, '2024-01-15T14:05:00Z'),
  (21, 'flag-688103-2', 688103, 'KEY_SAFE', 'Key safe by front door - code 7601, held by care provider and in this record only', 'active', '2024-01-15T10:20:00Z', NULL, '2024-01-15T10:42:00Z'),
  (22, 'flag-744255-1', 744255, 'LIVES_ALONE', 'Lives alone', 'active', '2023-12-18T10:10:00Z', NULL, '2023-12-18T11:18:00Z'),
  (23, 'flag-744255-2', 744255, 'KEY_SAFE', 'Key safe by front door - code 6773, held by care provider and in this record only', 'active', '2023-12-18T10:10:00Z', NULL, '2023-12-18T12:22:00Z'),
  (24, 'flag-744255-3', 744255, 'RISK_TO_STAFF', 'Risk to staff - verbal aggression from a household member; visit in pairs', 'active', '2026-02-05T14:50:00Z', NULL, '2026-02-05T18:31:00Z'),
  (25, 'flag-762312-1', 762312, 'LIVES_ALONE', 'Lives alone', 'active', '2023-04-10T14:50:00Z', NULL, '2023-04-10T15:28:00Z'),
  (26, 'flag-762312-2', 762312, 'KEY_SAFE', 'Key safe by front door - code 2791, held by care provider and in this record only', 'active', '2023-04-10T14:50:00Z', NULL, '2023-04-10T15:08:00Z'),
  (27, 'flag-784918-1', 784918, 'LIVES_ALONE', 'Lives alone', 'active', '2022-10-26T16:30:00Z', NULL, '2022-10-26T16:49:00Z'),
  (28, 'flag-784918-2', 784918, 'KEY_SAFE', 'Key safe by front door - code 0681, held by care provider and in this record only', 'active', '2022-10-26T16:30:00Z', NULL, '2022-10-26T17:44:00Z'),
  (29, 'flag-825605-1', 825605, 'LIVES_ALONE', 'Lives alone', 'active', '2024-11-11T17:30:00Z', NULL, '2024-11-11T18:01:00Z'),
  (30, 'flag-915056-1', 915056, 'LIVES_ALONE', 'Lives alone', 'active', '2024-02-05T08:30:00Z', NULL, '2024-02-05T09:25:00Z'),
  (31, 'flag-947737-1', 947737, 'LIVES_ALONE', 'Lives alone', 'active', '2021-06-21T17:40:00Z', NULL, '2021-06-21T20:14:00Z'),
  (32, 'flag-947737-2', 947737, 'KEY_SAFE', 'Key safe by front door - code 1958, held by care provider and in this record only', 'active', '2021-06-21T17:40:00Z', NULL, '2021-06-21T20:03:00Z'),
  (33, 'flag-954669-1', 954669, 'LIVES_ALONE', 'Lives alone', 'active', '2024-10-10T15:50:00Z', NULL, '2024-10-10T19:33:00Z'),
  (34, 'flag-954669-2', 954669, 'KEY_SAFE', 'Key safe by front door - code 4972, held by care provider and in this record only', 'active', '2024-10-10T15:50:00Z', NULL, '2024-10-10T17:43:00Z'),
  (35, 'flag-968918-1', 968918, 'LIVES_ALONE', 'Lives alone', 'active', '2023-08-31T17:10:00Z', NULL, '2023-08-31T19:52:00Z'),
  (36, 'flag-981503-1', 981503, 'LIVES_ALONE', 'Lives alone', 'active', '2022-09-28T13:20:00Z', NULL, '2022-09-28T15:33:00Z'),
  (37, 'flag-981503-2', 981503, 'KEY_SAFE', 'Key safe by front door - code 7430, held by care provider and in this record only', 'active', '2022-09-28T13:20:00Z', NULL, '2022-09-28T14:59:00Z'),
  (38, 'flag-997178-1', 997178, 'LIVES_ALONE', 'Lives alone', 'active', '2022-02-14T09:30:00Z', NULL, '2022-02-14T11:37:00Z'),
  (39, 'flag-997178-2', 997178, 'KEY_SAFE', 'Key safe by front door - code 4533, held by care provider and in this record only', 'active', '2022-02-14T09:30:00Z', NULL, '2022-02-14T13:06:00Z');

INSERT INTO assessment_visits (assessment_visit_id, visit_ref, person_id, worker_id, started_at, ended_at, reason, status, updated_at) VALUES
  (1, 'enc-012825-1', 12825, 'staff-003', '2021-12-22T16:40:00Z', '2021-12-22T17:55:00Z', 'Care Act assessment', 'finished', '2021-12-22T20:15:00Z'),
  (2, 'enc-012825-2', 12825, 'staff-002', '2023-01-16T09:10:00Z', '2023-01-16T10:25:00Z', 'Care Act assessment', 'finished', '2023-01-16T11:04:00Z'),
  (3, 'enc-030591-1', 30591, 'staff-001', '2026-02-24T09:40:00Z', '2026-02-24T10:55:00Z', 'Care Act assessment', 'finished', '2026-02-24T13:37:00Z'),
  (4, 'enc-040880-1', 40880, 'staff-002', '2024-01-31T11:20:00Z', '2024-01-31T12:35:00Z', 'Care Act assessment', 'finished', '2024-01-31T13:43:00Z'),
  (5, 'enc-040880-2', 40880, 'staff-001', '2025-01-06T14:30:00Z', '2025-01-06T15:45:00Z', 'Care Act assessment', 'finished', '2025-01-06T15:37:00Z'),
  (6, 'enc-061729-1', 61729, 'staff-003', '2024-09-13T16:30:00Z', '2024-09-13T17:45:00Z', 'Care Act assessment', 'finished', '2024-09-13T17:07:00Z'),
  (7, 'enc-061729-2', 61729, 'staff-002', '2025-10-07T10:00:00Z', '2025-10-07T11:15:00Z', 'Care Act assessment', 'finished', '2025-10-07T12:01:00Z'),
  (8, 'enc-068020-1', 68020, 'staff-001', '2022-06-27T17:00:00Z', '2022-06-27T18:15:00Z', 'Care Act assessment', 'finished', '2022-06-27T20:00:00Z'),
  (9, 'enc-068020-2', 68020, 'staff-001', '2023-06-06T11:50:00Z', '2023-06-06T13:05:00Z', 'Care Act assessment', 'finished', '2023-06-06T12:15:00Z'),
  (10, 'enc-070487-1', 70487, 'staff-002', '2023-05-31T14:30:00Z', '2023-05-31T15:45:00Z', 'Care Act assessment', 'finished', '2023-05-31T16:07:00Z'),
  (11, 'enc-070487-2', 70487, 'staff-001', '2024-05-30T13:50:00Z', '2024-05-30T15:05:00Z', 'Care Act assessment', 'finished', '2024-05-30T17:05:00Z'),
  (12, 'enc-092441-1', 92441, 'staff-003', '2017-01-30T16:50:00Z', '2017-01-30T18:05:00Z', 'Care Act assessment', 'finished', '2017-01-30T18:24:00Z'),
  (13, 'enc-092441-2', 92441, 'staff-002', '2018-02-01T16:00:00Z', '2018-02-01T17:15:00Z', 'Care Act assessment', 'finished', '2018-02-01T16:38:00Z'),
  (14, 'enc-106808-1', 106808, 'staff-001', '2024-09-09T17:20:00Z', '2024-09-09T18:35:00Z', 'Care Act assessment', 'finished', '2024-09-09T19:40:00Z'),
  (15, 'enc-106808-2', 106808, 'staff-002', '2025-08-19T16:40:00Z', '2025-08-19T17:55:00Z', 'Care Act assessment', 'finished', '2025-08-19T19:54:00Z'),
  (16, 'enc-140245-1', 140245, 'staff-001', '2022-01-10T14:50:00Z', '2022-01-10T16:05:00Z', 'Care Act assessment', 'finished', '2022-01-10T18:38:00Z'),
  (17, 'enc-140245-2', 140245, 'staff-001', '2023-01-23T12:10:00Z', '2023-01-23T13:25:00Z', 'Care Act assessment', 'finished', '2023-01-23T13:55:00Z'),
  (18, 'enc-181372-1', 181372, 'staff-003', '2022-09-19T12:50:00Z', '2022-09-19T14:05:00Z', 'Care Act assessment', 'finished', '2022-09-19T13:01:00Z'),
  (19, 'enc-181372-2', 181372, 'staff-001', '2023-10-16T12:00:00Z', '2023-10-16T13:15:00Z', 'Care Act assessment', 'finished', '2023-10-16T12:16:00Z'),
  (20, 'enc-181372-3', 181372, 'staff-001', '2024-09-26T08:50:00Z', '2024-09-26T10:05:00Z', 'Care Act assessment', 'finished', '2024-09-26T12:10:00Z'),
  (21, 'enc-181372-4', 181372, 'staff-001', '2025-08-21T15:10:00Z', '2025-08-21T16:25:00Z', 'Care Act assessment', 'finished', '2025-08-21T15:44:00Z'),
  (22, 'enc-198286-1', 198286, 'staff-001', '2020-05-25T09:20:00Z', '2020-05-25T10:35:00Z', 'Care Act assessment', 'finished', '2020-05-25T09:37:00Z'),
  (23, 'enc-198286-2', 198286, 'staff-001', '2021-06-15T13:40:00Z', '2021-06-15T14:55:00Z', 'Care Act assessment', 'finished', '2021-06-15T16:15:00Z'),
  (24, 'enc-207465-1', 207465, 'staff-001', '2023-10-13T10:10:00Z', '2023-10-13T11:25:00Z', 'Care Act assessment', 'finished', '2023-10-13T11:04:00Z'),
  (25, 'enc-207465-2', 207465, 'staff-001', '2024-10-15T13:00:00Z', '2024-10-15T14:15:00Z', 'Care Act assessment', 'finished', '2024-10-15T15:52:00Z'),
  (26, 'enc-224219-1', 224219, 'staff-002', '2023-07-25T16:30:00Z', '2023-07-25T17:45:00Z', 'Care Act assessment', 'finished', '2023-07-25T19:35:00Z'),
  (27, 'enc-224219-2', 224219, 'staff-003', '2024-08-13T11:10:00Z', '2024-08-13T12:25:00Z', 'Care Act assessment', 'finished', '2024-08-13T13:17:00Z'),
  (28, 'enc-225021-1', 225021, 'staff-003', '2025-05-07T11:50:00Z', '2025-05-07T13:05:00Z', 'Care Act assessment', 'finished', '2025-05-07T12:52:00Z'),
  (29, 'enc-225021-2', 225021, 'staff-001', '2026-05-18T08:30:00Z', '2026-05-18T09:45:00Z', 'Care Act assessment', 'finished', '2026-05-18T09:53:00Z'),
  (30, 'enc-239139-1', 239139, 'staff-003', '2018-01-11T09:10:00Z', '2018-01-11T10:25:00Z', 'Care Act assessment', 'finished', '2018-01-11T09:51:00Z'),
  (31, 'enc-239139-2', 239139, 'staff-001', '2019-01-09T13:50:00Z', '2019-01-09T15:05:00Z', 'Care Act assessment', 'finished', '2019-01-09T14:44:00Z'),
  (32, 'enc-335753-1', 335753, 'staff-001', '2022-11-01T10:30:00Z', '2022-11-01T11:45:00Z', 'Care Act assessment', 'finished', '2022-11-01T13:41:00Z'),
  (33, 'enc-335753-2', 335753, 'staff-001', '2023-11-20T11:00:00Z', '2023-11-20T12:15:00Z', 'Care Act assessment', 'finished', '2023-11-20T14:43:00Z'),
  (34, 'enc-374252-1', 374252, 'staff-003', '2021-09-23T08:50:00Z', '2021-09-23T10:05:00Z', 'Care Act assessment', 'finished', '2021-09-23T09:48:00Z'),
  (35, 'enc-374252-2', 374252, 'staff-002', '2022-09-01T12:20:00Z', '2022-09-01T13:35:00Z', 'Care Act assessment', 'finished', '2022-09-01T14:09:00Z'),
  (36, 'enc-456840-1', 456840, 'staff-001', '2024-12-16T17:40:00Z', '2024-12-16T18:55:00Z', 'Care Act assessment', 'finished', '2024-12-16T20:20:00Z'),
  (37, 'enc-456840-2', 456840, 'staff-003', '2025-12-01T16:40:00Z', '2025-12-01T17:55:00Z', 'Care Act assessment', 'finished', '2025-12-01T20:01:00Z'),
  (38, 'enc-458019-1', 458019, 'staff-003', '2024-07-01T17:00:00Z', '2024-07-01T18:15:00Z', 'Care Act assessment', 'finished', '2024-07-01T19:18:00Z'),
  (39, 'enc-458019-2', 458019, 'staff-002', '2025-06-06T15:10:00Z', '2025-06-06T16:25:00Z', 'Care Act assessment', 'finished', '2025-06-06T17:33:00Z'),
  (40, 'enc-470912-1', 470912, 'staff-001', '2022-05-06T15:20:00Z', '2022-05-06T16:35:00Z', 'Care Act assessment', 'finished', '2022-05-06T16:23:00Z'),
  (41, 'enc-470912-2', 470912, 'staff-001', '2023-05-02T12:50:00Z', '2023-05-02T14:05:00Z', 'Care Act assessment', 'finished', '2023-05-02T13:34:00Z'),
  (42, 'enc-491800-1', 491800, 'staff-001', '2025-07-07T15:50:00Z', '2025-07-07T17:05:00Z', 'Care Act assessment', 'finished', '2025-07-07T16:37:00Z'),
  (43, 'enc-520640-1', 520640, 'staff-001', '2020-12-30T09:10:00Z', '2020-12-30T10:25:00Z', 'Care Act assessment', 'finished', '2020-12-30T12:10:00Z'),
  (44, 'enc-520640-2', 520640, 'staff-003', '2021-12-20T13:20:00Z', '2021-12-20T14:35:00Z', 'Care Act assessment', 'finished', '2021-12-20T15:47:00Z'),
  (45, 'enc-529703-1', 529703, 'staff-002', '2023-11-13T10:40:00Z', '2023-11-13T11:55:00Z', 'Care Act assessment', 'finished', '2023-11-13T10:58:00Z'),
  (46, 'enc-529703-2', 529703, 'staff-001', '2024-12-03T14:00:00Z', '2024-12-03T15:15:00Z', 'Care Act assessment', 'finished', '2024-12-03T14:43:00Z'),
  (47, 'enc-547644-1', 547644, 'staff-001', '2026-01-29T09:20:00Z', '2026-01-29T10:35:00Z', 'Care Act assessment', 'finished', '2026-01-29T12:49:00Z'),
  (48, 'enc-563400-1', 563400, 'staff-003', '2021-09-17T10:00:00Z', '2021-09-17T11:15:00Z', 'Care Act assessment', 'finished', '2021-09-17T13:40:00Z'),
  (49, 'enc-563400-2', 563400, 'staff-003', '2022-08-24T16:10:00Z', '2022-08-24T17:25:00Z', 'Care Act assessment', 'finished', '2022-08-24T16:29:00Z'),
  (50, 'enc-564624-1', 564624, 'staff-003', '2025-06-18T17:00:00Z', '2025-06-18T18:15:00Z', 'Care Act assessment', 'finished', '2025-06-18T17:08:00Z'),
  (51, 'enc-601920-1', 601920, 'staff-003', '2017-01-20T13:20:00Z', '2017-01-20T14:35:00Z', 'Care Act assessment', 'finished', '2017-01-20T14:47:00Z'),
  (52, 'enc-601920-2', 601920, 'staff-003', '2018-02-13T11:40:00Z', '2018-02-13T12:55:00Z', 'Care Act assessment', 'finished', '2018-02-13T12:50:00Z'),
  (53, 'enc-604987-1', 604987, 'staff-001', '2016-06-17T11:30:00Z', '2016-06-17T12:45:00Z', 'Care Act assessment', 'finished', '2016-06-17T14:23:00Z'),
  (54, 'enc-604987-2', 604987, 'staff-002', '2017-07-05T16:30:00Z', '2017-07-05T17:45:00Z', 'Care Act assessment', 'finished', '2017-07-05T20:27:00Z'),
  (55, 'enc-625198-1', 625198, 'staff-002', '2025-05-29T17:20:00Z', '2025-05-29T18:35:00Z', 'Care Act assessment', 'finished', '2025-05-29T21:08:00Z'),
  (56, 'enc-631313-1', 631313, 'staff-003', '2025-10-23T15:30:00Z', '2025-10-23T16:45:00Z', 'Care Act assessment', 'finished', '2025-10-23T16:30:00Z'),
  (57, 'enc-658379-1', 658379, 'staff-002', '2021-08-12T15:20:00Z', '2021-08-12T16:35:00Z', 'Care Act assessment', 'finished', '2021-08-12T17:28:00Z'),
  (58, 'enc-658379-2', 658379, 'staff-001', '2022-09-12T15:20:00Z', '2022-09-12T16:35:00Z', 'Care Act assessment', 'finished', '2022-09-12T16:26:00Z'),
  (59, 'enc-672262-1', 672262, 'staff-001', '2021-06-29T14:50:00Z', '2021-06-29T16:05:00Z', 'Care Act assessment', 'finished', '2021-06-29T16:02:00Z'),
  (60, 'enc-672262-2', 672262, 'staff-001', '2022-07-04T10:30:00Z', '2022-07-04T11:45:00Z', 'Care Act assessment', 'finished', '2022-07-04T11:02:00Z'),
  (61, 'enc-676722-1', 676722, 'staff-001', '2023-06-22T11:50:00Z', '2023-06-22T13:05:00Z', 'Care Act assessment', 'finished', '2023-06-22T11:59:00Z'),
  (62, 'enc-676722-2', 676722, 'staff-003', '2024-05-23T08:30:00Z', '2024-05-23T09:45:00Z', 'Care Act assessment', 'finished', '2024-05-23T08:35:00Z'),
  (63, 'enc-688103-1', 688103, 'staff-001', '2024-01-15T10:20:00Z', '2024-01-15T11:35:00Z', 'Care Act assessment', 'finished', '2024-01-15T13:12:00Z'),
  (64, 'enc-688103-2', 688103, 'staff-001', '2025-01-08T08:00:00Z', '2025-01-08T09:15:00Z', 'Care Act assessment', 'finished', '2025-01-08T11:46:00Z'),
  (65, 'enc-699367-1', 699367, 'staff-001', '2022-02-21T09:00:00Z', '2022-02-21T10:15:00Z', 'Care Act assessment', 'finished', '2022-02-21T10:51:00Z'),
  (66, 'enc-699367-2', 699367, 'staff-003', '2023-02-27T13:30:00Z', '2023-02-27T14:45:00Z', 'Care Act assessment', 'finished', '2023-02-27T16:57:00Z'),
  (67, 'enc-707995-1', 707995, 'staff-002', '2024-10-30T13:50:00Z', '2024-10-30T15:05:00Z', 'Care Act assessment', 'finished', '2024-10-30T15:33:00Z'),
  (68, 'enc-707995-2', 707995, 'staff-003', '2025-11-24T12:00:00Z', '2025-11-24T13:15:00Z', 'Care Act assessment', 'finished', '2025-11-24T15:00:00Z'),
  (69, 'enc-744255-1', 744255, 'staff-003', '2023-12-18T10:10:00Z', '2023-12-18T11:25:00Z', 'Care Act assessment', 'finished', '2023-12-18T10:31:00Z'),
  (70, 'enc-744255-2', 744255, 'staff-001', '2024-12-05T08:40:00Z', '2024-12-05T09:55:00Z', 'Care Act assessment', 'finished', '2024-12-05T09:49:00Z'),
  (71, 'enc-762312-1', 762312, 'staff-001', '2023-04-10T14:50:00Z', '2023-04-10T16:05:00Z', 'Care Act assessment', 'finished', '2023-04-10T18:42:00Z'),
  (72, 'enc-762312-2', 762312, 'staff-001', '2024-03-20T08:40:00Z', '2024-03-20T09:55:00Z', 'Care Act assessment', 'finished', '2024-03-20T11:05:00Z'),
  (73, 'enc-781694-1', 781694, 'staff-001', '2025-04-10T10:10:00Z', '2025-04-10T11:25:00Z', 'Care Act assessment', 'finished', '2025-04-10T13:24:00Z'),
  (74, 'enc-781694-2', 781694, 'staff-001', '2026-05-11T13:20:00Z', '2026-05-11T14:35:00Z', 'Care Act assessment', 'finished', '2026-05-11T14:08:00Z'),
  (75, 'enc-783516-1', 783516, 'staff-001', '2023-02-06T10:50:00Z', '2023-02-06T12:05:00Z', 'Care Act assessment', 'finished', '2023-02-06T10:55:00Z'),
  (76, 'enc-783516-2', 783516, 'staff-001', '2024-01-31T09:50:00Z', '2024-01-31T11:05:00Z', 'Care Act assessment', 'finished', '2024-01-31T11:03:00Z'),
  (77, 'enc-784918-1', 784918, 'staff-003', '2022-10-26T16:30:00Z', '2022-10-26T17:45:00Z', 'Care Act assessment', 'finished', '2022-10-26T20:07:00Z'),
  (78, 'enc-784918-2', 784918, 'staff-001', '2023-11-24T10:40:00Z', '2023-11-24T11:55:00Z', 'Care Act assessment', 'finished', '2023-11-24T11:59:00Z'),
  (79, 'enc-800333-1', 800333, 'staff-001', '2025-04-23T11:40:00Z', '2025-04-23T12:55:00Z', 'Care Act assessment', 'finished', '2025-04-23T12:20:00Z'),
  (80, 'enc-800333-2', 800333, 'staff-001', '2026-05-12T11:10:00Z', '2026-05-12T12:25:00Z', 'Care Act assessment', 'finished', '2026-05-12T14:00:00Z'),
  (81, 'enc-803312-1', 803312, 'staff-002', '2022-08-17T10:50:00Z', '2022-08-17T12:05:00Z', 'Care Act assessment', 'finished', '2022-08-17T10:59:00Z'),
  (82, 'enc-803312-2', 803312, 'staff-002', '2023-08-14T17:00:00Z', '2023-08-14T18:15:00Z', 'Care Act assessment', 'finished', '2023-08-14T20:03:00Z'),
  (83, 'enc-825605-1', 825605, 'staff-003', '2024-11-11T17:30:00Z', '2024-11-11T18:45:00Z', 'Care Act assessment', 'finished', '2024-11-11T21:29:00Z'),
  (84, 'enc-825605-2', 825605, 'staff-002', '2025-11-24T12:20:00Z', '2025-11-24T13:35:00Z', 'Care Act assessment', 'finished', '2025-11-24T14:35:00Z'),
  (85, 'enc-832688-1', 832688, 'staff-002', '2023-08-21T09:20:00Z', '2023-08-21T10:35:00Z', 'Care Act assessment', 'finished', '2023-08-21T09:45:00Z'),
  (86, 'enc-832688-2', 832688, 'staff-001', '2024-09-09T15:00:00Z', '2024-09-09T16:15:00Z', 'Care Act assessment', 'finished', '2024-09-09T16:17:00Z'),
  (87, 'enc-846619-1', 846619, 'staff-002', '2022-03-07T17:30:00Z', '2022-03-07T18:45:00Z', 'Care Act assessment', 'finished', '2022-03-07T17:55:00Z'),
  (88, 'enc-846619-2', 846619, 'staff-002', '2023-02-13T08:30:00Z', '2023-02-13T09:45:00Z', 'Care Act assessment', 'finished', '2023-02-13T11:29:00Z'),
  (89, 'enc-871056-1', 871056, 'staff-003', '2025-04-23T11:10:00Z', '2025-04-23T12:25:00Z', 'Care Act assessment', 'finished', '2025-04-23T13:27:00Z'),
  (90, 'enc-871056-2', 871056, 'staff-001', '2026-04-13T10:20:00Z', '2026-04-13T11:35:00Z', 'Care Act assessment', 'finished', '2026-04-13T10:34:00Z'),
  (91, 'enc-915056-1', 915056, 'staff-001', '2024-02-05T08:30:00Z', '2024-02-05T09:45:00Z', 'Care Act assessment', 'finished', '2024-02-05T10:20:00Z'),
  (92, 'enc-915056-2', 915056, 'staff-002', '2025-01-08T08:40:00Z', '2025-01-08T09:55:00Z', 'Care Act assessment', 'finished', '2025-01-08T10:50:00Z'),
  (93, 'enc-931164-1', 931164, 'staff-002', '2021-07-26T14:40:00Z', '2021-07-26T15:55:00Z', 'Care Act assessment', 'finished', '2021-07-26T18:08:00Z'),
  (94, 'enc-931164-2', 931164, 'staff-001', '2022-08-05T17:00:00Z', '2022-08-05T18:15:00Z', 'Care Act assessment', 'finished', '2022-08-05T17:28:00Z'),
  (95, 'enc-947737-1', 947737, 'staff-002', '2021-06-21T17:40:00Z', '2021-06-21T18:55:00Z', 'Care Act assessment', 'finished', '2021-06-21T19:46:00Z'),
  (96, 'enc-947737-2', 947737, 'staff-002', '2022-06-28T12:30:00Z', '2022-06-28T13:45:00Z', 'Care Act assessment', 'finished', '2022-06-28T14:52:00Z'),
  (97, 'enc-954669-1', 954669, 'staff-003', '2024-10-10T15:50:00Z', '2024-10-10T17:05:00Z', 'Care Act assessment', 'finished', '2024-10-10T17:38:00Z'),
  (98, 'enc-954669-2', 954669, 'staff-003', '2025-10-02T12:30:00Z', '2025-10-02T13:45:00Z', 'Care Act assessment', 'finished', '2025-10-02T15:15:00Z'),
  (99, 'enc-960690-1', 960690, 'staff-001', '2025-12-11T12:30:00Z', '2025-12-11T13:45:00Z', 'Care Act assessment', 'finished', '2025-12-11T13:59:00Z'),
  (100, 'enc-968918-1', 968918, 'staff-002', '2023-08-31T17:10:00Z', '2023-08-31T18:25:00Z', 'Care Act assessment', 'finished', '2023-08-31T17:25:00Z'),
  (101, 'enc-968918-2', 968918, 'staff-002', '2024-08-19T12:40:00Z', '2024-08-19T13:55:00Z', 'Care Act assessment', 'finished', '2024-08-19T15:24:00Z'),
  (102, 'enc-981503-1', 981503, 'staff-001', '2022-09-28T13:20:00Z', '2022-09-28T14:35:00Z', 'Care Act assessment', 'finished', '2022-09-28T15:38:00Z'),
  (103, 'enc-981503-2', 981503, 'staff-003', '2023-10-23T14:00:00Z', '2023-10-23T15:15:00Z', 'Care Act assessment', 'finished', '2023-10-23T14:12:00Z'),
  (104, 'enc-997178-1', 997178, 'staff-001', '2022-02-14T09:30:00Z', '2022-02-14T10:45:00Z', 'Care Act assessment', 'finished', '2022-02-14T12:42:00Z'),
  (105, 'enc-997178-2', 997178, 'staff-001', '2023-01-18T10:20:00Z', '2023-01-18T11:35:00Z', 'Care Act assessment', 'finished', '2023-01-18T12:51:00Z');

INSERT INTO assessments (assessment_id, assessment_ref, assessment_visit_id, assessment_type, completed_at, summary, status, doc_status, updated_at) VALUES
  (1, 'doc-012825-1', 1, 'needs', '2021-12-29T16:40:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Day opportunities.
Lives alone: no. Informal carer: no.', 'current', 'final', '2021-12-29T17:50:00Z'),
  (2, 'doc-012825-2', 2, 'review', '2023-01-20T09:10:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Residential respite.
Lives alone: no. Informal carer: no.', 'current', 'final', '2023-01-20T11:07:00Z'),
  (3, 'doc-030591-1', 3, 'needs', '2026-03-04T09:40:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Day opportunities.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2026-03-04T11:09:00Z'),
  (4, 'doc-040880-1', 4, 'needs', '2024-02-02T11:20:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: no.', 'current', 'final', '2024-02-02T15:11:00Z'),
  (5, 'doc-040880-2', 5, 'review', '2025-01-10T14:30:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: no.', 'current', 'final', '2025-01-10T16:27:00Z'),
  (6, 'doc-061729-1', 6, 'needs', '2024-09-15T16:30:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: no.', 'current', 'final', '2024-09-15T20:25:00Z'),
  (7, 'doc-061729-2', 7, 'review', '2025-10-16T10:00:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: no.', 'current', 'final', '2025-10-16T10:53:00Z'),
  (8, 'doc-068020-1', 8, 'needs', '2022-07-03T17:00:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: yes.', 'current', 'final', '2022-07-03T18:13:00Z'),
  (9, 'doc-068020-2', 9, 'review', '2023-06-12T11:50:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Day opportunities.
Lives alone: yes. Informal carer: yes.', 'current', 'final', '2023-06-12T15:30:00Z'),
  (10, 'doc-070487-1', 10, 'needs', '2023-06-09T14:30:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Day opportunities.
Lives alone: yes. Informal carer: yes.', 'current', 'final', '2023-06-09T16:17:00Z'),
  (11, 'doc-070487-2', 11, 'review', '2024-06-01T13:50:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Residential respite.
Lives alone: yes. Informal carer: yes.', 'current', 'final', '2024-06-01T15:07:00Z'),
  (12, 'doc-092441-1', 12, 'needs', '2017-02-03T16:50:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: no.', 'current', 'final', '2017-02-03T19:46:00Z'),
  (13, 'doc-092441-2', 13, 'review', '2018-02-02T16:00:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: no.', 'current', 'final', '2018-02-02T16:33:00Z'),
  (14, 'doc-106808-1', 14, 'needs', '2024-09-11T17:20:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: no.', 'current', 'final', '2024-09-11T19:37:00Z'),
  (15, 'doc-106808-2', 15, 'review', '2025-08-20T16:40:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Day opportunities.
Lives alone: yes. Informal carer: no.', 'current', 'final', '2025-08-20T17:48:00Z'),
  (16, 'doc-140245-1', 16, 'needs', '2022-01-20T14:50:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2022-01-20T16:37:00Z'),
  (17, 'doc-140245-2', 17, 'review', '2023-01-26T12:10:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2023-01-26T12:59:00Z'),
  (18, 'doc-181372-1', 18, 'needs', '2022-09-27T12:50:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: no.', 'current', 'final', '2022-09-27T15:33:00Z'),
  (19, 'doc-181372-2', 19, 'review', '2023-10-19T12:00:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: no.', 'current', 'final', '2023-10-19T15:11:00Z'),
  (20, 'doc-181372-3', 20, 'review', '2024-10-03T08:50:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: no.', 'current', 'final', '2024-10-03T11:08:00Z'),
  (21, 'doc-181372-4', 21, 'review', '2025-08-29T15:10:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Day opportunities.
Lives alone: no. Informal carer: no.', 'current', 'final', '2025-08-29T15:43:00Z'),
  (22, 'doc-198286-1', 22, 'needs', '2020-05-27T09:20:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2020-05-27T09:33:00Z'),
  (23, 'doc-198286-2', 23, 'review', '2021-06-22T13:40:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2021-06-22T14:52:00Z'),
  (24, 'doc-207465-1', 24, 'needs', '2023-10-14T10:10:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2023-10-14T11:05:00Z'),
  (25, 'doc-207465-2', 25, 'review', '2024-10-22T13:00:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Day opportunities.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2024-10-22T15:25:00Z'),
  (26, 'doc-224219-1', 26, 'needs', '2023-07-31T16:30:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2023-07-31T19:41:00Z'),
  (27, 'doc-224219-2', 27, 'review', '2024-08-17T11:10:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2024-08-17T14:02:00Z'),
  (28, 'doc-225021-1', 28, 'needs', '2025-05-16T11:50:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: yes.', 'current', 'final', '2025-05-16T12:16:00Z'),
  (29, 'doc-225021-2', 29, 'review', '2026-05-19T08:30:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: yes.', 'current', 'final', '2026-05-19T11:02:00Z'),
  (30, 'doc-239139-1', 30, 'needs', '2018-01-12T09:10:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Day opportunities.
Lives alone: yes. Informal carer: no.', 'current', 'final', '2018-01-12T10:33:00Z'),
  (31, 'doc-239139-2', 31, 'review', '2019-01-19T13:50:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Residential respite.
Lives alone: yes. Informal carer: no.', 'current', 'final', '2019-01-19T14:59:00Z'),
  (32, 'doc-335753-1', 32, 'needs', '2022-11-04T10:30:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2022-11-04T13:32:00Z'),
  (33, 'doc-335753-2', 33, 'review', '2023-11-25T11:00:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2023-11-25T14:51:00Z'),
  (34, 'doc-374252-1', 34, 'needs', '2021-09-29T08:50:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: no.', 'current', 'final', '2021-09-29T11:42:00Z'),
  (35, 'doc-374252-2', 35, 'review', '2022-09-09T12:20:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: no.', 'current', 'final', '2022-09-09T14:19:00Z'),
  (36, 'doc-456840-1', 36, 'needs', '2024-12-18T17:40:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Home care - two calls a day.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2024-12-18T20:46:00Z'),
  (37, 'doc-456840-2', 37, 'review', '2025-12-08T16:40:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Home care - four calls a day.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2025-12-08T18:31:00Z'),
  (38, 'doc-458019-1', 38, 'needs', '2024-07-08T17:00:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Residential respite.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2024-07-08T20:54:00Z'),
  (39, 'doc-458019-2', 39, 'review', '2025-06-10T15:10:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Home care - two calls a day.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2025-06-10T15:50:00Z'),
  (40, 'doc-470912-1', 40, 'needs', '2022-05-13T15:20:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: no.', 'current', 'final', '2022-05-13T17:32:00Z'),
  (41, 'doc-470912-2', 41, 'review', '2023-05-06T12:50:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: no.', 'current', 'final', '2023-05-06T16:14:00Z'),
  (42, 'doc-491800-1', 42, 'needs', '2025-07-11T15:50:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: no.', 'current', 'final', '2025-07-11T16:49:00Z'),
  (43, 'doc-520640-1', 43, 'needs', '2021-01-07T09:10:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: no.', 'current', 'final', '2021-01-07T11:23:00Z'),
  (44, 'doc-520640-2', 44, 'review', '2021-12-21T13:20:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: no.', 'current', 'final', '2021-12-21T14:36:00Z'),
  (45, 'doc-529703-1', 45, 'needs', '2023-11-17T10:40:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2023-11-17T12:06:00Z'),
  (46, 'doc-529703-2', 46, 'review', '2024-12-04T14:00:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Day opportunities.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2024-12-04T15:28:00Z'),
  (47, 'doc-547644-1', 47, 'needs', '2026-01-30T09:20:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: no.', 'current', 'final', '2026-01-30T12:03:00Z'),
  (48, 'doc-563400-1', 48, 'needs', '2021-09-27T10:00:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Home care - two calls a day.
Lives alone: no. Informal carer: no.', 'current', 'final', '2021-09-27T11:24:00Z'),
  (49, 'doc-563400-2', 49, 'review', '2022-09-01T16:10:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Home care - four calls a day.
Lives alone: no. Informal carer: no.', 'current', 'final', '2022-09-01T18:55:00Z'),
  (50, 'doc-564624-1', 50, 'needs', '2025-06-23T17:00:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: yes.', 'current', 'final', '2025-06-23T20:38:00Z'),
  (51, 'doc-601920-1', 51, 'needs', '2017-01-24T13:20:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: no.', 'current', 'final', '2017-01-24T15:39:00Z'),
  (52, 'doc-601920-2', 52, 'review', '2018-02-19T11:40:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: no.', 'current', 'final', '2018-02-19T12:12:00Z'),
  (53, 'doc-604987-1', 53, 'needs', '2016-06-19T11:30:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: yes.', 'current', 'final', '2016-06-19T12:26:00Z'),
  (54, 'doc-604987-2', 54, 'review', '2017-07-13T16:30:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: yes.', 'current', 'final', '2017-07-13T19:33:00Z'),
  (55, 'doc-625198-1', 55, 'needs', '2025-05-30T17:20:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Residential respite.
Lives alone: yes. Informal carer: no.', 'current', 'final', '2025-05-30T19:09:00Z'),
  (56, 'doc-631313-1', 56, 'needs', '2025-11-01T15:30:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2025-11-01T17:56:00Z'),
  (57, 'doc-658379-1', 57, 'needs', '2021-08-19T15:20:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: no.', 'current', 'final', '2021-08-19T15:54:00Z'),
  (58, 'doc-658379-2', 58, 'review', '2022-09-19T15:20:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: no.', 'current', 'final', '2022-09-19T17:30:00Z'),
  (59, 'doc-672262-1', 59, 'needs', '2021-07-07T14:50:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Residential respite.
Lives alone: no. Informal carer: no.', 'current', 'final', '2021-07-07T15:50:00Z'),
  (60, 'doc-672262-2', 60, 'review', '2022-07-06T10:30:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Home care - two calls a day.
Lives alone: no. Informal carer: no.', 'current', 'final', '2022-07-06T10:37:00Z'),
  (61, 'doc-676722-1', 61, 'needs', '2023-06-23T11:50:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2023-06-23T12:26:00Z'),
  (62, 'doc-676722-2', 62, 'review', '2024-05-28T08:30:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2024-05-28T08:57:00Z'),
  (63, 'doc-688103-1', 63, 'needs', '2024-01-25T10:20:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Home care - two calls a day.
Lives alone: yes. Informal carer: no.', 'current', 'final', '2024-01-25T11:21:00Z'),
  (64, 'doc-688103-2', 64, 'review', '2025-01-09T08:00:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Home care - four calls a day.
Lives alone: yes. Informal carer: no.', 'current', 'final', '2025-01-09T08:06:00Z'),
  (65, 'doc-699367-1', 65, 'needs', '2022-02-23T09:00:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Day opportunities.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2022-02-23T10:16:00Z'),
  (66, 'doc-699367-2', 66, 'review', '2023-02-28T13:30:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Residential respite.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2023-02-28T14:36:00Z'),
  (67, 'doc-707995-1', 67, 'needs', '2024-11-02T13:50:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: no.', 'current', 'final', '2024-11-02T16:08:00Z'),
  (68, 'doc-707995-2', 68, 'review', '2025-11-27T12:00:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: no.', 'current', 'final', '2025-11-27T14:35:00Z'),
  (69, 'doc-744255-1', 69, 'needs', '2023-12-28T10:10:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Home care - two calls a day.
Lives alone: yes. Informal carer: yes.', 'current', 'final', '2023-12-28T13:34:00Z'),
  (70, 'doc-744255-2', 70, 'review', '2024-12-12T08:40:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Home care - four calls a day.
Lives alone: yes. Informal carer: yes.', 'current', 'final', '2024-12-12T12:23:00Z'),
  (71, 'doc-762312-1', 71, 'needs', '2023-04-17T14:50:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: no.', 'current', 'final', '2023-04-17T17:22:00Z'),
  (72, 'doc-762312-2', 72, 'review', '2024-03-27T08:40:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Day opportunities.
Lives alone: yes. Informal carer: no.', 'current', 'final', '2024-03-27T09:00:00Z'),
  (73, 'doc-781694-1', 73, 'needs', '2025-04-16T10:10:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Day opportunities.
Lives alone: no. Informal carer: no.', 'current', 'final', '2025-04-16T11:46:00Z'),
  (74, 'doc-781694-2', 74, 'review', '2026-05-18T13:20:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Residential respite.
Lives alone: no. Informal carer: no.', 'current', 'final', '2026-05-18T13:50:00Z'),
  (75, 'doc-783516-1', 75, 'needs', '2023-02-13T10:50:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2023-02-13T13:17:00Z'),
  (76, 'doc-783516-2', 76, 'review', '2024-02-01T09:50:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2024-02-01T12:24:00Z'),
  (77, 'doc-784918-1', 77, 'needs', '2022-10-29T16:30:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: no.', 'current', 'final', '2022-10-29T17:57:00Z'),
  (78, 'doc-784918-2', 78, 'review', '2023-11-30T10:40:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: no.', 'current', 'final', '2023-11-30T14:22:00Z'),
  (79, 'doc-800333-1', 79, 'needs', '2025-05-03T11:40:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2025-05-03T13:35:00Z'),
  (80, 'doc-800333-2', 80, 'review', '2026-05-13T11:10:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2026-05-13T12:15:00Z'),
  (81, 'doc-803312-1', 81, 'needs', '2022-08-22T10:50:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2022-08-22T13:18:00Z'),
  (82, 'doc-803312-2', 82, 'review', '2023-08-20T17:00:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2023-08-20T19:37:00Z'),
  (83, 'doc-825605-1', 83, 'needs', '2024-11-16T17:30:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: yes.', 'current', 'final', '2024-11-16T18:37:00Z'),
  (84, 'doc-825605-2', 84, 'review', '2025-11-26T12:20:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: yes.', 'current', 'final', '2025-11-26T13:37:00Z'),
  (85, 'doc-832688-1', 85, 'needs', '2023-08-23T09:20:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: no.', 'current', 'final', '2023-08-23T13:02:00Z'),
  (86, 'doc-832688-2', 86, 'review', '2024-09-16T15:00:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: no.', 'current', 'final', '2024-09-16T15:52:00Z'),
  (87, 'doc-846619-1', 87, 'needs', '2022-03-11T17:30:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: no.', 'current', 'final', '2022-03-11T21:18:00Z'),
  (88, 'doc-846619-2', 88, 'review', '2023-02-22T08:30:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: no.', 'current', 'final', '2023-02-22T11:43:00Z'),
  (89, 'doc-871056-1', 89, 'needs', '2025-04-29T11:10:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2025-04-29T11:20:00Z'),
  (90, 'doc-871056-2', 90, 'review', '2026-04-20T10:20:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2026-04-20T12:46:00Z'),
  (91, 'doc-915056-1', 91, 'needs', '2024-02-06T08:30:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: yes.', 'current', 'final', '2024-02-06T09:56:00Z'),
  (92, 'doc-915056-2', 92, 'review', '2025-01-15T08:40:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: yes.', 'current', 'final', '2025-01-15T08:50:00Z'),
  (93, 'doc-931164-1', 93, 'needs', '2021-08-02T14:40:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Residential respite.
Lives alone: no. Informal carer: no.', 'current', 'final', '2021-08-02T14:52:00Z'),
  (94, 'doc-931164-2', 94, 'review', '2022-08-07T17:00:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Home care - two calls a day.
Lives alone: no. Informal carer: no.', 'current', 'final', '2022-08-07T17:13:00Z'),
  (95, 'doc-947737-1', 95, 'needs', '2021-06-30T17:40:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: yes.', 'current', 'final', '2021-06-30T19:12:00Z'),
  (96, 'doc-947737-2', 96, 'review', '2022-06-29T12:30:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Day opportunities.
Lives alone: yes. Informal carer: yes.', 'current', 'final', '2022-06-29T15:20:00Z'),
  (97, 'doc-954669-1', 97, 'needs', '2024-10-18T15:50:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Residential respite.
Lives alone: yes. Informal carer: no.', 'current', 'final', '2024-10-18T16:14:00Z'),
  (98, 'doc-954669-2', 98, 'review', '2025-10-12T12:30:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Home care - two calls a day.
Lives alone: yes. Informal carer: no.', 'current', 'final', '2025-10-12T13:08:00Z'),
  (99, 'doc-960690-1', 99, 'needs', '2025-12-15T12:30:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: no. Informal carer: yes.', 'current', 'final', '2025-12-15T13:26:00Z'),
  (100, 'doc-968918-1', 100, 'needs', '2023-09-03T17:10:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: yes.', 'current', 'final', '2023-09-03T18:56:00Z'),
  (101, 'doc-968918-2', 101, 'review', '2024-08-29T12:40:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: yes.', 'current', 'final', '2024-08-29T16:09:00Z'),
  (102, 'doc-981503-1', 102, 'needs', '2022-10-05T13:20:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Day opportunities.
Lives alone: yes. Informal carer: yes.', 'current', 'final', '2022-10-05T13:39:00Z'),
  (103, 'doc-981503-2', 103, 'review', '2023-10-26T14:00:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Residential respite.
Lives alone: yes. Informal carer: yes.', 'current', 'final', '2023-10-26T16:55:00Z'),
  (104, 'doc-997178-1', 104, 'needs', '2022-02-20T09:30:00Z', 'Care Act 2014 needs assessment
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: no.', 'current', 'final', '2022-02-20T12:49:00Z'),
  (105, 'doc-997178-2', 105, 'review', '2023-01-23T10:20:00Z', 'Annual review of care and support plan
Outcome: eligible needs under the Care Act 2014.
Agreed support: Telecare and reablement.
Lives alone: yes. Informal carer: no.', 'current', 'final', '2023-01-23T13:29:00Z');

INSERT INTO assessment_scores (score_id, score_ref, assessment_visit_id, scale_code, score, recorded_at, status, updated_at) VALUES
  (1, 'obs-012825-1', 1, 'CFS', 6, '2021-12-22T16:40:00Z', 'final', '2021-12-22T19:32:00Z'),
  (2, 'obs-012825-2', 2, 'CFS', 7, '2023-01-16T09:10:00Z', 'final', '2023-01-16T11:45:00Z'),
  (3, 'obs-030591-1', 3, 'CFS', 5, '2026-02-24T09:40:00Z', 'final', '2026-02-24T10:09:00Z'),
  (4, 'obs-040880-1', 4, 'CFS', 5, '2024-01-31T11:20:00Z', 'final', '2024-01-31T14:04:00Z'),
  (5, 'obs-040880-2', 5, 'CFS', 5, '2025-01-06T14:30:00Z', 'final', '2025-01-06T17:10:00Z'),
  (6, 'obs-061729-1', 6, 'CFS', 3, '2024-09-13T16:30:00Z', 'final', '2024-09-13T18:16:00Z'),
  (7, 'obs-068020-1', 8, 'CFS', 5, '2022-06-27T17:00:00Z', 'final', '2022-06-27T18:21:00Z'),
  (8, 'obs-068020-2', 9, 'CFS', 5, '2023-06-06T11:50:00Z', 'final', '2023-06-06T13:27:00Z'),
  (9, 'obs-070487-1', 10, 'CFS', 6, '2023-05-31T14:30:00Z', 'final', '2023-05-31T17:36:00Z'),
  (10, 'obs-092441-1', 12, 'CFS', 2, '2017-01-30T16:50:00Z', 'final', '2017-01-30T17:46:00Z'),
  (11, 'obs-092441-2', 13, 'CFS', 3, '2018-02-01T16:00:00Z', 'final', '2018-02-01T19:46:00Z'),
  (12, 'obs-106808-1', 14, 'CFS', 3, '2024-09-09T17:20:00Z', 'final', '2024-09-09T20:03:00Z'),
  (13, 'obs-106808-2', 15, 'CFS', 3, '2025-08-19T16:40:00Z', 'final', '2025-08-19T18:22:00Z'),
  (14, 'obs-140245-1', 16, 'CFS', 3, '2022-01-10T14:50:00Z', 'final', '2022-01-10T17:26:00Z'),
  (15, 'obs-140245-2', 17, 'CFS', 2, '2023-01-23T12:10:00Z', 'final', '2023-01-23T15:18:00Z'),
  (16, 'obs-181372-1', 18, 'CFS', 5, '2022-09-19T12:50:00Z', 'final', '2022-09-19T14:38:00Z'),
  (17, 'obs-198286-1', 22, 'CFS', 3, '2020-05-25T09:20:00Z', 'final', '2020-05-25T12:19:00Z'),
  (18, 'obs-198286-2', 23, 'CFS', 4, '2021-06-15T13:40:00Z', 'final', '2021-06-15T15:31:00Z'),
  (19, 'obs-207465-1', 24, 'CFS', 3, '2023-10-13T10:10:00Z', 'final', '2023-10-13T11:25:00Z'),
  (20, 'obs-224219-1', 26, 'CFS', 3, '2023-07-25T16:30:00Z', 'final', '2023-07-25T17:31:00Z'),
  (21, 'obs-225021-1', 28, 'CFS', 3, '2025-05-07T11:50:00Z', 'final', '2025-05-07T13:01:00Z'),
  (22, 'obs-239139-1', 30, 'CFS', 4, '2018-01-11T09:10:00Z', 'final', '2018-01-11T10:58:00Z'),
  (23, 'obs-335753-1', 32, 'CFS', 5, '2022-11-01T10:30:00Z', 'final', '2022-11-01T13:28:00Z'),
  (24, 'obs-335753-2', 33, 'CFS', 4, '2023-11-20T11:00:00Z', 'final', '2023-11-20T14:16:00Z'),
  (25, 'obs-374252-1', 34, 'CFS', 4, '2021-09-23T08:50:00Z', 'final', '2021-09-23T11:03:00Z'),
  (26, 'obs-456840-1', 36, 'CFS', 7, '2024-12-16T17:40:00Z', 'final', '2024-12-16T21:34:00Z'),
  (27, 'obs-456840-2', 37, 'CFS', 7, '2025-12-01T16:40:00Z', 'final', '2025-12-01T20:14:00Z'),
  (28, 'obs-458019-1', 38, 'CFS', 5, '2024-07-01T17:00:00Z', 'final', '2024-07-01T19:03:00Z'),
  (29, 'obs-470912-1', 40, 'CFS', 4, '2022-05-06T15:20:00Z', 'final', '2022-05-06T17:22:00Z'),
  (30, 'obs-491800-1', 42, 'CFS', 3, '2025-07-07T15:50:00Z', 'final', '2025-07-07T16:09:00Z'),
  (31, 'obs-520640-1', 43, 'CFS', 2, '2020-12-30T09:10:00Z', 'final', '2020-12-30T11:18:00Z'),
  (32, 'obs-520640-2', 44, 'CFS', 2, '2021-12-20T13:20:00Z', 'final', '2021-12-20T13:30:00Z'),
  (33, 'obs-529703-1', 45, 'CFS', 4, '2023-11-13T10:40:00Z', 'final', '2023-11-13T13:20:00Z'),
  (34, 'obs-529703-2', 46, 'CFS', 5, '2024-12-03T14:00:00Z', 'final', '2024-12-03T15:35:00Z'),
  (35, 'obs-547644-1', 47, 'CFS', 5, '2026-01-29T09:20:00Z', 'final', '2026-01-29T12:39:00Z'),
  (36, 'obs-563400-1', 48, 'CFS', 7, '2021-09-17T10:00:00Z', 'final', '2021-09-17T13:27:00Z'),
  (37, 'obs-563400-2', 49, 'CFS', 7, '2022-08-24T16:10:00Z', 'final', '2022-08-24T17:21:00Z'),
  (38, 'obs-564624-1', 50, 'CFS', 2, '2025-06-18T17:00:00Z', 'final', '2025-06-18T20:16:00Z'),
  (39, 'obs-601920-1', 51, 'CFS', 3, '2017-01-20T13:20:00Z', 'final', '2017-01-20T16:16:00Z'),
  (40, 'obs-601920-2', 52, 'CFS', 2, '2018-02-13T11:40:00Z', 'final', '2018-02-13T14:25:00Z'),
  (41, 'obs-604987-1', 53, 'CFS', 2, '2016-06-17T11:30:00Z', 'final', '2016-06-17T14:46:00Z'),
  (42, 'obs-625198-1', 55, 'CFS', 5, '2025-05-29T17:20:00Z', 'final', '2025-05-29T19:23:00Z'),
  (43, 'obs-631313-1', 56, 'CFS', 4, '2025-10-23T15:30:00Z', 'final', '2025-10-23T16:28:00Z'),
  (44, 'obs-658379-1', 57, 'CFS', 4, '2021-08-12T15:20:00Z', 'final', '2021-08-12T18:15:00Z'),
  (45, 'obs-672262-1', 59, 'CFS', 5, '2021-06-29T14:50:00Z', 'final', '2021-06-29T17:58:00Z'),
  (46, 'obs-676722-1', 61, 'CFS', 2, '2023-06-22T11:50:00Z', 'final', '2023-06-22T13:51:00Z'),
  (47, 'obs-688103-1', 63, 'CFS', 6, '2024-01-15T10:20:00Z', 'final', '2024-01-15T12:55:00Z'),
  (48, 'obs-688103-2', 64, 'CFS', 7, '2025-01-08T08:00:00Z', 'final', '2025-01-08T11:42:00Z'),
  (49, 'obs-699367-1', 65, 'CFS', 6, '2022-02-21T09:00:00Z', 'final', '2022-02-21T10:29:00Z'),
  (50, 'obs-707995-1', 67, 'CFS', 4, '2024-10-30T13:50:00Z', 'final', '2024-10-30T15:22:00Z'),
  (51, 'obs-744255-1', 69, 'CFS', 7, '2023-12-18T10:10:00Z', 'final', '2023-12-18T12:09:00Z'),
  (52, 'obs-762312-1', 71, 'CFS', 5, '2023-04-10T14:50:00Z', 'final', '2023-04-10T15:06:00Z'),
  (53, 'obs-762312-2', 72, 'CFS', 6, '2024-03-20T08:40:00Z', 'final', '2024-03-20T10:17:00Z'),
  (54, 'obs-781694-1', 73, 'CFS', 6, '2025-04-10T10:10:00Z', 'final', '2025-04-10T11:54:00Z'),
  (55, 'obs-781694-2', 74, 'CFS', 6, '2026-05-11T13:20:00Z', 'final', '2026-05-11T13:25:00Z'),
  (56, 'obs-783516-1', 75, 'CFS', 2, '2023-02-06T10:50:00Z', 'final', '2023-02-06T13:52:00Z'),
  (57, 'obs-784918-1', 77, 'CFS', 3, '2022-10-26T16:30:00Z', 'final', '2022-10-26T16:42:00Z'),
  (58, 'obs-800333-1', 79, 'CFS', 3, '2025-04-23T11:40:00Z', 'final', '2025-04-23T13:46:00Z'),
  (59, 'obs-803312-1', 81, 'CFS', 5, '2022-08-17T10:50:00Z', 'final', '2022-08-17T11:56:00Z'),
  (60, 'obs-803312-2', 82, 'CFS', 5, '2023-08-14T17:00:00Z', 'final', '2023-08-14T18:56:00Z'),
  (61, 'obs-825605-1', 83, 'CFS', 3, '2024-11-11T17:30:00Z', 'final', '2024-11-11T20:02:00Z'),
  (62, 'obs-825605-2', 84, 'CFS', 2, '2025-11-24T12:20:00Z', 'final', '2025-11-24T15:42:00Z'),
  (63, 'obs-832688-1', 85, 'CFS', 4, '2023-08-21T09:20:00Z', 'final', '2023-08-21T12:25:00Z'),
  (64, 'obs-846619-1', 87, 'CFS', 3, '2022-03-07T17:30:00Z', 'final', '2022-03-07T18:43:00Z'),
  (65, 'obs-871056-1', 89, 'CFS', 3, '2025-04-23T11:10:00Z', 'final', '2025-04-23T11:19:00Z'),
  (66, 'obs-871056-2', 90, 'CFS', 2, '2026-04-13T10:20:00Z', 'final', '2026-04-13T10:47:00Z'),
  (67, 'obs-915056-1', 91, 'CFS', 3, '2024-02-05T08:30:00Z', 'final', '2024-02-05T12:21:00Z'),
  (68, 'obs-931164-1', 93, 'CFS', 6, '2021-07-26T14:40:00Z', 'final', '2021-07-26T14:53:00Z'),
  (69, 'obs-931164-2', 94, 'CFS', 6, '2022-08-05T17:00:00Z', 'final', '2022-08-05T17:27:00Z'),
  (70, 'obs-947737-1', 95, 'CFS', 6, '2021-06-21T17:40:00Z', 'final', '2021-06-21T21:32:00Z'),
  (71, 'obs-954669-1', 97, 'CFS', 6, '2024-10-10T15:50:00Z', 'final', '2024-10-10T17:24:00Z'),
  (72, 'obs-954669-2', 98, 'CFS', 6, '2025-10-02T12:30:00Z', 'final', '2025-10-02T14:28:00Z'),
  (73, 'obs-960690-1', 99, 'CFS', 3, '2025-12-11T12:30:00Z', 'final', '2025-12-11T14:20:00Z'),
  (74, 'obs-968918-1', 100, 'CFS', 3, '2023-08-31T17:10:00Z', 'final', '2023-08-31T19:54:00Z'),
  (75, 'obs-981503-1', 102, 'CFS', 6, '2022-09-28T13:20:00Z', 'final', '2022-09-28T13:33:00Z'),
  (76, 'obs-997178-1', 104, 'CFS', 4, '2022-02-14T09:30:00Z', 'final', '2022-02-14T12:59:00Z');

INSERT INTO care_plans (care_plan_id, care_plan_ref, person_id, assessment_visit_id, package_code, category, status, starts_at, ends_at, created_at, updated_at) VALUES
  (1, 'cp-012825-1', 12825, 1, 'day-opportunities', 'social-care', 'revoked', '2021-12-22T16:40:00Z', '2023-01-16T09:10:00Z', '2021-12-22T16:40:00Z', '2021-12-22T17:53:00Z'),
  (2, 'cp-012825-2', 12825, 2, 'residential-respite', 'social-care', 'active', '2023-01-16T09:10:00Z', NULL, '2023-01-16T09:10:00Z', '2023-01-16T12:48:00Z'),
  (3, 'cp-030591-1', 30591, 3, 'day-opportunities', 'social-care', 'active', '2026-02-24T09:40:00Z', NULL, '2026-02-24T09:40:00Z', '2026-02-24T12:46:00Z'),
  (4, 'cp-040880-1', 40880, 4, 'telecare-and-reablement', 'social-care', 'revoked', '2024-01-31T11:20:00Z', '2025-01-06T14:30:00Z', '2024-01-31T11:20:00Z', '2024-01-31T14:55:00Z'),
  (5, 'cp-040880-2', 40880, 5, 'telecare-and-reablement', 'social-care', 'active', '2025-01-06T14:30:00Z', NULL, '2025-01-06T14:30:00Z', '2025-01-06T16:10:00Z'),
  (6, 'cp-061729-1', 61729, 6, 'telecare-and-reablement', 'social-care', 'revoked', '2024-09-13T16:30:00Z', '2025-10-07T10:00:00Z', '2024-09-13T16:30:00Z', '2024-09-13T20:30:00Z'),
  (7, 'cp-061729-2', 61729, 7, 'telecare-and-reablement', 'social-care', 'active', '2025-10-07T10:00:00Z', NULL, '2025-10-07T10:00:00Z', '2025-10-07T10:52:00Z'),
  (8, 'cp-068020-1', 68020, 8, 'telecare-and-reablement', 'social-care', 'revoked', '2022-06-27T17:00:00Z', '2023-06-06T11:50:00Z', '2022-06-27T17:00:00Z', '2022-06-27T20:25:00Z'),
  (9, 'cp-068020-2', 68020, 9, 'day-opportunities', 'social-care', 'active', '2023-06-06T11:50:00Z', NULL, '2023-06-06T11:50:00Z', '2023-06-06T14:02:00Z'),
  (10, 'cp-070487-1', 70487, 10, 'day-opportunities', 'social-care', 'revoked', '2023-05-31T14:30:00Z', '2024-05-30T13:50:00Z', '2023-05-31T14:30:00Z', '2023-05-31T15:42:00Z'),
  (11, 'cp-070487-2', 70487, 11, 'residential-respite', 'social-care', 'completed', '2024-05-30T13:50:00Z', '2025-07-06T20:34:00Z', '2024-05-30T13:50:00Z', '2024-05-30T16:09:00Z'),
  (12, 'cp-092441-1', 92441, 12, 'telecare-and-reablement', 'social-care', 'revoked', '2017-01-30T16:50:00Z', '2018-02-01T16:00:00Z', '2017-01-30T16:50:00Z', '2017-01-30T19:29:00Z'),
  (13, 'cp-092441-2', 92441, 13, 'telecare-and-reablement', 'social-care', 'active', '2018-02-01T16:00:00Z', NULL, '2018-02-01T16:00:00Z', '2018-02-01T19:18:00Z'),
  (14, 'cp-106808-1', 106808, 14, 'telecare-and-reablement', 'social-care', 'revoked', '2024-09-09T17:20:00Z', '2025-08-19T16:40:00Z', '2024-09-09T17:20:00Z', '2024-09-09T18:16:00Z'),
  (15, 'cp-106808-2', 106808, 15, 'day-opportunities', 'social-care', 'active', '2025-08-19T16:40:00Z', NULL, '2025-08-19T16:40:00Z', '2025-08-19T17:39:00Z'),
  (16, 'cp-140245-1', 140245, 16, 'telecare-and-reablement', 'social-care', 'revoked', '2022-01-10T14:50:00Z', '2023-01-23T12:10:00Z', '2022-01-10T14:50:00Z', '2022-01-10T17:35:00Z'),
  (17, 'cp-140245-2', 140245, 17, 'telecare-and-reablement', 'social-care', 'active', '2023-01-23T12:10:00Z', NULL, '2023-01-23T12:10:00Z', '2023-01-23T13:37:00Z'),
  (18, 'cp-181372-1', 181372, 18, 'telecare-and-reablement', 'social-care', 'revoked', '2022-09-19T12:50:00Z', '2023-10-16T12:00:00Z', '2022-09-19T12:50:00Z', '2022-09-19T16:45:00Z'),
  (19, 'cp-181372-2', 181372, 19, 'telecare-and-reablement', 'social-care', 'revoked', '2023-10-16T12:00:00Z', '2024-09-26T08:50:00Z', '2023-10-16T12:00:00Z', '2023-10-16T14:32:00Z'),
  (20, 'cp-181372-3', 181372, 20, 'telecare-and-reablement', 'social-care', 'revoked', '2024-09-26T08:50:00Z', '2025-08-21T15:10:00Z', '2024-09-26T08:50:00Z', '2024-09-26T10:36:00Z'),
  (21, 'cp-181372-4', 181372, 21, 'day-opportunities', 'social-care', 'active', '2025-08-21T15:10:00Z', NULL, '2025-08-21T15:10:00Z', '2025-08-21T16:09:00Z'),
  (22, 'cp-198286-1', 198286, 22, 'telecare-and-reablement', 'social-care', 'revoked', '2020-05-25T09:20:00Z', '2021-06-15T13:40:00Z', '2020-05-25T09:20:00Z', '2020-05-25T12:58:00Z'),
  (23, 'cp-198286-2', 198286, 23, 'telecare-and-reablement', 'social-care', 'active', '2021-06-15T13:40:00Z', NULL, '2021-06-15T13:40:00Z', '2021-06-15T15:36:00Z'),
  (24, 'cp-207465-1', 207465, 24, 'telecare-and-reablement', 'social-care', 'revoked', '2023-10-13T10:10:00Z', '2024-10-15T13:00:00Z', '2023-10-13T10:10:00Z', '2023-10-13T12:36:00Z'),
  (25, 'cp-207465-2', 207465, 25, 'day-opportunities', 'social-care', 'active', '2024-10-15T13:00:00Z', NULL, '2024-10-15T13:00:00Z', '2024-10-15T15:19:00Z'),
  (26, 'cp-224219-1', 224219, 26, 'telecare-and-reablement', 'social-care', 'revoked', '2023-07-25T16:30:00Z', '2024-08-13T11:10:00Z', '2023-07-25T16:30:00Z', '2023-07-25T19:00:00Z'),
  (27, 'cp-224219-2', 224219, 27, 'telecare-and-reablement', 'social-care', 'active', '2024-08-13T11:10:00Z', NULL, '2024-08-13T11:10:00Z', '2024-08-13T13:25:00Z'),
  (28, 'cp-225021-1', 225021, 28, 'telecare-and-reablement', 'social-care', 'revoked', '2025-05-07T11:50:00Z', '2026-05-18T08:30:00Z', '2025-05-07T11:50:00Z', '2025-05-07T15:48:00Z'),
  (29, 'cp-225021-2', 225021, 29, 'telecare-and-reablement', 'social-care', 'active', '2026-05-18T08:30:00Z', NULL, '2026-05-18T08:30:00Z', '2026-05-18T09:31:00Z'),
  (30, 'cp-239139-1', 239139, 30, 'day-opportunities', 'social-care', 'revoked', '2018-01-11T09:10:00Z', '2019-01-09T13:50:00Z', '2018-01-11T09:10:00Z', '2018-01-11T10:17:00Z'),
  (31, 'cp-239139-2', 239139, 31, 'residential-respite', 'social-care', 'active', '2019-01-09T13:50:00Z', NULL, '2019-01-09T13:50:00Z', '2019-01-09T15:36:00Z'),
  (32, 'cp-335753-1', 335753, 32, 'telecare-and-reablement', 'social-care', 'revoked', '2022-11-01T10:30:00Z', '2023-11-20T11:00:00Z', '2022-11-01T10:30:00Z', '2022-11-01T11:31:00Z'),
  (33, 'cp-335753-2', 335753, 33, 'telecare-and-reablement', 'social-care', 'active', '2023-11-20T11:00:00Z', NULL, '2023-11-20T11:00:00Z', '2023-11-20T11:31:00Z'),
  (34, 'cp-374252-1', 374252, 34, 'telecare-and-reablement', 'social-care', 'revoked', '2021-09-23T08:50:00Z', '2022-09-01T12:20:00Z', '2021-09-23T08:50:00Z', '2021-09-23T12:22:00Z'),
  (35, 'cp-374252-2', 374252, 35, 'telecare-and-reablement', 'social-care', 'active', '2022-09-01T12:20:00Z', NULL, '2022-09-01T12:20:00Z', '2022-09-01T13:48:00Z'),
  (36, 'cp-456840-1', 456840, 36, 'home-care-two-calls-a-day', 'social-care', 'revoked', '2024-12-16T17:40:00Z', '2025-12-01T16:40:00Z', '2024-12-16T17:40:00Z', '2024-12-16T21:38:00Z'),
  (37, 'cp-456840-2', 456840, 37, 'home-care-four-calls-a-day', 'social-care', 'active', '2025-12-01T16:40:00Z', NULL, '2025-12-01T16:40:00Z', '2025-12-01T17:25:00Z'),
  (38, 'cp-458019-1', 458019, 38, 'residential-respite', 'social-care', 'revoked', '2024-07-01T17:00:00Z', '2025-06-06T15:10:00Z', '2024-07-01T17:00:00Z', '2024-07-01T18:07:00Z'),
  (39, 'cp-458019-2', 458019, 39, 'home-care-two-calls-a-day', 'social-care', 'active', '2025-06-06T15:10:00Z', NULL, '2025-06-06T15:10:00Z', '2025-06-06T18:18:00Z'),
  (40, 'cp-470912-1', 470912, 40, 'telecare-and-reablement', 'social-care', 'revoked', '2022-05-06T15:20:00Z', '2023-05-02T12:50:00Z', '2022-05-06T15:20:00Z', '2022-05-06T16:15:00Z'),
  (41, 'cp-470912-2', 470912, 41, 'telecare-and-reablement', 'social-care', 'active', '2023-05-02T12:50:00Z', NULL, '2023-05-02T12:50:00Z', '2023-05-02T15:59:00Z'),
  (42, 'cp-491800-1', 491800, 42, 'telecare-and-reablement', 'social-care', 'active', '2025-07-07T15:50:00Z', NULL, '2025-07-07T15:50:00Z', '2025-07-07T18:22:00Z'),
  (43, 'cp-520640-1', 520640, 43, 'telecare-and-reablement', 'social-care', 'revoked', '2020-12-30T09:10:00Z', '2021-12-20T13:20:00Z', '2020-12-30T09:10:00Z', '2020-12-30T10:56:00Z'),
  (44, 'cp-520640-2', 520640, 44, 'telecare-and-reablement', 'social-care', 'active', '2021-12-20T13:20:00Z', NULL, '2021-12-20T13:20:00Z', '2021-12-20T16:18:00Z'),
  (45, 'cp-529703-1', 529703, 45, 'telecare-and-reablement', 'social-care', 'revoked', '2023-11-13T10:40:00Z', '2024-12-03T14:00:00Z', '2023-11-13T10:40:00Z', '2023-11-13T14:31:00Z'),
  (46, 'cp-529703-2', 529703, 46, 'day-opportunities', 'social-care', 'active', '2024-12-03T14:00:00Z', NULL, '2024-12-03T14:00:00Z', '2024-12-03T14:37:00Z'),
  (47, 'cp-547644-1', 547644, 47, 'telecare-and-reablement', 'social-care', 'active', '2026-01-29T09:20:00Z', NULL, '2026-01-29T09:20:00Z', '2026-01-29T11:35:00Z'),
  (48, 'cp-563400-1', 563400, 48, 'home-care-two-calls-a-day', 'social-care', 'revoked', '2021-09-17T10:00:00Z', '2022-08-24T16:10:00Z', '2021-09-17T10:00:00Z', '2021-09-17T12:13:00Z'),
  (49, 'cp-563400-2', 563400, 49, 'home-care-four-calls-a-day', 'social-care', 'active', '2022-08-24T16:10:00Z', NULL, '2022-08-24T16:10:00Z', '2022-08-24T18:06:00Z'),
  (50, 'cp-564624-1', 564624, 50, 'telecare-and-reablement', 'social-care', 'active', '2025-06-18T17:00:00Z', NULL, '2025-06-18T17:00:00Z', '2025-06-18T18:38:00Z'),
  (51, 'cp-601920-1', 601920, 51, 'telecare-and-reablement', 'social-care', 'revoked', '2017-01-20T13:20:00Z', '2018-02-13T11:40:00Z', '2017-01-20T13:20:00Z', '2017-01-20T15:41:00Z'),
  (52, 'cp-601920-2', 601920, 52, 'telecare-and-reablement', 'social-care', 'active', '2018-02-13T11:40:00Z', NULL, '2018-02-13T11:40:00Z', '2018-02-13T14:04:00Z'),
  (53, 'cp-604987-1', 604987, 53, 'telecare-and-reablement', 'social-care', 'revoked', '2016-06-17T11:30:00Z', '2017-07-05T16:30:00Z', '2016-06-17T11:30:00Z', '2016-06-17T15:25:00Z'),
  (54, 'cp-604987-2', 604987, 54, 'telecare-and-reablement', 'social-care', 'active', '2017-07-05T16:30:00Z', NULL, '2017-07-05T16:30:00Z', '2017-07-05T16:57:00Z'),
  (55, 'cp-625198-1', 625198, 55, 'residential-respite', 'social-care', 'active', '2025-05-29T17:20:00Z', NULL, '2025-05-29T17:20:00Z', '2025-05-29T21:10:00Z'),
  (56, 'cp-631313-1', 631313, 56, 'telecare-and-reablement', 'social-care', 'active', '2025-10-23T15:30:00Z', NULL, '2025-10-23T15:30:00Z', '2025-10-23T19:05:00Z'),
  (57, 'cp-658379-1', 658379, 57, 'telecare-and-reablement', 'social-care', 'revoked', '2021-08-12T15:20:00Z', '2022-09-12T15:20:00Z', '2021-08-12T15:20:00Z', '2021-08-12T18:29:00Z'),
  (58, 'cp-658379-2', 658379, 58, 'telecare-and-reablement', 'social-care', 'active', '2022-09-12T15:20:00Z', NULL, '2022-09-12T15:20:00Z', '2022-09-12T18:11:00Z'),
  (59, 'cp-672262-1', 672262, 59, 'residential-respite', 'social-care', 'revoked', '2021-06-29T14:50:00Z', '2022-07-04T10:30:00Z', '2021-06-29T14:50:00Z', '2021-06-29T15:46:00Z'),
  (60, 'cp-672262-2', 672262, 60, 'home-care-two-calls-a-day', 'social-care', 'active', '2022-07-04T10:30:00Z', NULL, '2022-07-04T10:30:00Z', '2022-07-04T14:11:00Z'),
  (61, 'cp-676722-1', 676722, 61, 'telecare-and-reablement', 'social-care', 'revoked', '2023-06-22T11:50:00Z', '2024-05-23T08:30:00Z', '2023-06-22T11:50:00Z', '2023-06-22T13:14:00Z'),
  (62, 'cp-676722-2', 676722, 62, 'telecare-and-reablement', 'social-care', 'active', '2024-05-23T08:30:00Z', NULL, '2024-05-23T08:30:00Z', '2024-05-23T08:53:00Z'),
  (63, 'cp-688103-1', 688103, 63, 'home-care-two-calls-a-day', 'social-care', 'revoked', '2024-01-15T10:20:00Z', '2025-01-08T08:00:00Z', '2024-01-15T10:20:00Z', '2024-01-15T11:28:00Z'),
  (64, 'cp-688103-2', 688103, 64, 'home-care-four-calls-a-day', 'social-care', 'active', '2025-01-08T08:00:00Z', NULL, '2025-01-08T08:00:00Z', '2025-01-08T08:53:00Z'),
  (65, 'cp-699367-1', 699367, 65, 'day-opportunities', 'social-care', 'revoked', '2022-02-21T09:00:00Z', '2023-02-27T13:30:00Z', '2022-02-21T09:00:00Z', '2022-02-21T10:50:00Z'),
  (66, 'cp-699367-2', 699367, 66, 'residential-respite', 'social-care', 'active', '2023-02-27T13:30:00Z', NULL, '2023-02-27T13:30:00Z', '2023-02-27T13:59:00Z'),
  (67, 'cp-707995-1', 707995, 67, 'telecare-and-reablement', 'social-care', 'revoked', '2024-10-30T13:50:00Z', '2025-11-24T12:00:00Z', '2024-10-30T13:50:00Z', '2024-10-30T15:23:00Z'),
  (68, 'cp-707995-2', 707995, 68, 'telecare-and-reablement', 'social-care', 'active', '2025-11-24T12:00:00Z', NULL, '2025-11-24T12:00:00Z', '2025-11-24T12:24:00Z'),
  (69, 'cp-744255-1', 744255, 69, 'home-care-two-calls-a-day', 'social-care', 'revoked', '2023-12-18T10:10:00Z', '2024-12-05T08:40:00Z', '2023-12-18T10:10:00Z', '2023-12-18T11:07:00Z'),
  (70, 'cp-744255-2', 744255, 70, 'home-care-four-calls-a-day', 'social-care', 'active', '2024-12-05T08:40:00Z', NULL, '2024-12-05T08:40:00Z', '2024-12-05T09:54:00Z'),
  (71, 'cp-762312-1', 762312, 71, 'telecare-and-reablement', 'social-care', 'revoked', '2023-04-10T14:50:00Z', '2024-03-20T08:40:00Z', '2023-04-10T14:50:00Z', '2023-04-10T15:04:00Z'),
  (72, 'cp-762312-2', 762312, 72, 'day-opportunities', 'social-care', 'active', '2024-03-20T08:40:00Z', NULL, '2024-03-20T08:40:00Z', '2024-03-20T09:44:00Z'),
  (73, 'cp-781694-1', 781694, 73, 'day-opportunities', 'social-care', 'revoked', '2025-04-10T10:10:00Z', '2026-05-11T13:20:00Z', '2025-04-10T10:10:00Z', '2025-04-10T13:22:00Z'),
  (74, 'cp-781694-2', 781694, 74, 'residential-respite', 'social-care', 'active', '2026-05-11T13:20:00Z', NULL, '2026-05-11T13:20:00Z', '2026-05-11T16:59:00Z'),
  (75, 'cp-783516-1', 783516, 75, 'telecare-and-reablement', 'social-care', 'revoked', '2023-02-06T10:50:00Z', '2024-01-31T09:50:00Z', '2023-02-06T10:50:00Z', '2023-02-06T12:47:00Z'),
  (76, 'cp-783516-2', 783516, 76, 'telecare-and-reablement', 'social-care', 'active', '2024-01-31T09:50:00Z', NULL, '2024-01-31T09:50:00Z', '2024-01-31T10:26:00Z'),
  (77, 'cp-784918-1', 784918, 77, 'telecare-and-reablement', 'social-care', 'revoked', '2022-10-26T16:30:00Z', '2023-11-24T10:40:00Z', '2022-10-26T16:30:00Z', '2022-10-26T17:49:00Z'),
  (78, 'cp-784918-2', 784918, 78, 'telecare-and-reablement', 'social-care', 'active', '2023-11-24T10:40:00Z', NULL, '2023-11-24T10:40:00Z', '2023-11-24T11:21:00Z'),
  (79, 'cp-800333-1', 800333, 79, 'telecare-and-reablement', 'social-care', 'revoked', '2025-04-23T11:40:00Z', '2026-05-12T11:10:00Z', '2025-04-23T11:40:00Z', '2025-04-23T13:38:00Z'),
  (80, 'cp-800333-2', 800333, 80, 'telecare-and-reablement', 'social-care', 'active', '2026-05-12T11:10:00Z', NULL, '2026-05-12T11:10:00Z', '2026-05-12T13:48:00Z'),
  (81, 'cp-803312-1', 803312, 81, 'telecare-and-reablement', 'social-care', 'revoked', '2022-08-17T10:50:00Z', '2023-08-14T17:00:00Z', '2022-08-17T10:50:00Z', '2022-08-17T13:02:00Z'),
  (82, 'cp-803312-2', 803312, 82, 'telecare-and-reablement', 'social-care', 'active', '2023-08-14T17:00:00Z', NULL, '2023-08-14T17:00:00Z', '2023-08-14T18:27:00Z'),
  (83, 'cp-825605-1', 825605, 83, 'telecare-and-reablement', 'social-care', 'revoked', '2024-11-11T17:30:00Z', '2025-11-24T12:20:00Z', '2024-11-11T17:30:00Z', '2024-11-11T20:20:00Z'),
  (84, 'cp-825605-2', 825605, 84, 'telecare-and-reablement', 'social-care', 'active', '2025-11-24T12:20:00Z', NULL, '2025-11-24T12:20:00Z', '2025-11-24T13:03:00Z'),
  (85, 'cp-832688-1', 832688, 85, 'telecare-and-reablement', 'social-care', 'revoked', '2023-08-21T09:20:00Z', '2024-09-09T15:00:00Z', '2023-08-21T09:20:00Z', '2023-08-21T13:20:00Z'),
  (86, 'cp-832688-2', 832688, 86, 'telecare-and-reablement', 'social-care', 'active', '2024-09-09T15:00:00Z', NULL, '2024-09-09T15:00:00Z', '2024-09-09T17:42:00Z'),
  (87, 'cp-846619-1', 846619, 87, 'telecare-and-reablement', 'social-care', 'revoked', '2022-03-07T17:30:00Z', '2023-02-13T08:30:00Z', '2022-03-07T17:30:00Z', '2022-03-07T19:08:00Z'),
  (88, 'cp-846619-2', 846619, 88, 'telecare-and-reablement', 'social-care', 'active', '2023-02-13T08:30:00Z', NULL, '2023-02-13T08:30:00Z', '2023-02-13T11:58:00Z'),
  (89, 'cp-871056-1', 871056, 89, 'telecare-and-reablement', 'social-care', 'revoked', '2025-04-23T11:10:00Z', '2026-04-13T10:20:00Z', '2025-04-23T11:10:00Z', '2025-04-23T11:52:00Z'),
  (90, 'cp-871056-2', 871056, 90, 'telecare-and-reablement', 'social-care', 'active', '2026-04-13T10:20:00Z', NULL, '2026-04-13T10:20:00Z', '2026-04-13T12:11:00Z'),
  (91, 'cp-915056-1', 915056, 91, 'telecare-and-reablement', 'social-care', 'revoked', '2024-02-05T08:30:00Z', '2025-01-08T08:40:00Z', '2024-02-05T08:30:00Z', '2024-02-05T09:49:00Z'),
  (92, 'cp-915056-2', 915056, 92, 'telecare-and-reablement', 'social-care', 'active', '2025-01-08T08:40:00Z', NULL, '2025-01-08T08:40:00Z', '2025-01-08T09:08:00Z'),
  (93, 'cp-931164-1', 931164, 93, 'residential-respite', 'social-care', 'revoked', '2021-07-26T14:40:00Z', '2022-08-05T17:00:00Z', '2021-07-26T14:40:00Z', '2021-07-26T15:05:00Z'),
  (94, 'cp-931164-2', 931164, 94, 'home-care-two-calls-a-day', 'social-care', 'active', '2022-08-05T17:00:00Z', NULL, '2022-08-05T17:00:00Z', '2022-08-05T19:25:00Z'),
  (95, 'cp-947737-1', 947737, 95, 'telecare-and-reablement', 'social-care', 'revoked', '2021-06-21T17:40:00Z', '2022-06-28T12:30:00Z', '2021-06-21T17:40:00Z', '2021-06-21T20:28:00Z'),
  (96, 'cp-947737-2', 947737, 96, 'day-opportunities', 'social-care', 'active', '2022-06-28T12:30:00Z', NULL, '2022-06-28T12:30:00Z', '2022-06-28T14:25:00Z'),
  (97, 'cp-954669-1', 954669, 97, 'residential-respite', 'social-care', 'revoked', '2024-10-10T15:50:00Z', '2025-10-02T12:30:00Z', '2024-10-10T15:50:00Z', '2024-10-10T17:20:00Z'),
  (98, 'cp-954669-2', 954669, 98, 'home-care-two-calls-a-day', 'social-care', 'active', '2025-10-02T12:30:00Z', NULL, '2025-10-02T12:30:00Z', '2025-10-02T14:33:00Z'),
  (99, 'cp-960690-1', 960690, 99, 'telecare-and-reablement', 'social-care', 'active', '2025-12-11T12:30:00Z', NULL, '2025-12-11T12:30:00Z', '2025-12-11T13:32:00Z'),
  (100, 'cp-968918-1', 968918, 100, 'telecare-and-reablement', 'social-care', 'revoked', '2023-08-31T17:10:00Z', '2024-08-19T12:40:00Z', '2023-08-31T17:10:00Z', '2023-08-31T18:44:00Z'),
  (101, 'cp-968918-2', 968918, 101, 'telecare-and-reablement', 'social-care', 'active', '2024-08-19T12:40:00Z', NULL, '2024-08-19T12:40:00Z', '2024-08-19T16:21:00Z'),
  (102, 'cp-981503-1', 981503, 102, 'day-opportunities', 'social-care', 'revoked', '2022-09-28T13:20:00Z', '2023-10-23T14:00:00Z', '2022-09-28T13:20:00Z', '2022-09-28T15:24:00Z'),
  (103, 'cp-981503-2', 981503, 103, 'residential-respite', 'social-care', 'active', '2023-10-23T14:00:00Z', NULL, '2023-10-23T14:00:00Z', '2023-10-23T16:09:00Z'),
  (104, 'cp-997178-1', 997178, 104, 'telecare-and-reablement', 'social-care', 'revoked', '2022-02-14T09:30:00Z', '2023-01-18T10:20:00Z', '2022-02-14T09:30:00Z', '2022-02-14T10:19:00Z'),
  (105, 'cp-997178-2', 997178, 105, 'telecare-and-reablement', 'social-care', 'active', '2023-01-18T10:20:00Z', NULL, '2023-01-18T10:20:00Z', '2023-01-18T11:16:00Z');

INSERT INTO care_services (service_id, care_plan_id, position, description, status, provider_org_id) VALUES
  (1, 1, 1, 'Day centre, two days a week, with transport', 'completed', 'riverside-council'),
  (2, 1, 2, 'Carer''s break, one afternoon a week', 'completed', 'riverside-council'),
  (3, 2, 1, 'Planned respite, 14 nights, twice a year', 'in-progress', 'riverside-council'),
  (4, 3, 1, 'Day centre, two days a week, with transport', 'in-progress', 'riverside-council'),
  (5, 3, 2, 'Carer''s break, one afternoon a week', 'in-progress', 'riverside-council'),
  (6, 4, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (7, 4, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (8, 5, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (9, 5, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (10, 6, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (11, 6, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (12, 7, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (13, 7, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (14, 8, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (15, 8, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (16, 9, 1, 'Day centre, two days a week, with transport', 'in-progress', 'riverside-council'),
  (17, 9, 2, 'Carer''s break, one afternoon a week', 'in-progress', 'riverside-council'),
  (18, 10, 1, 'Day centre, two days a week, with transport', 'completed', 'riverside-council'),
  (19, 10, 2, 'Carer''s break, one afternoon a week', 'completed', 'riverside-council'),
  (20, 11, 1, 'Planned respite, 14 nights, twice a year', 'completed', 'riverside-council'),
  (21, 12, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (22, 12, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (23, 13, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (24, 13, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (25, 14, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (26, 14, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (27, 15, 1, 'Day centre, two days a week, with transport', 'in-progress', 'riverside-council'),
  (28, 15, 2, 'Carer''s break, one afternoon a week', 'in-progress', 'riverside-council'),
  (29, 16, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (30, 16, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (31, 17, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (32, 17, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (33, 18, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (34, 18, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (35, 19, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (36, 19, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (37, 20, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (38, 20, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (39, 21, 1, 'Day centre, two days a week, with transport', 'in-progress', 'riverside-council'),
  (40, 21, 2, 'Carer''s break, one afternoon a week', 'in-progress', 'riverside-council'),
  (41, 22, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (42, 22, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (43, 23, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (44, 23, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (45, 24, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (46, 24, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (47, 25, 1, 'Day centre, two days a week, with transport', 'in-progress', 'riverside-council'),
  (48, 25, 2, 'Carer''s break, one afternoon a week', 'in-progress', 'riverside-council'),
  (49, 26, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (50, 26, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (51, 27, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (52, 27, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (53, 28, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (54, 28, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (55, 29, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (56, 29, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (57, 30, 1, 'Day centre, two days a week, with transport', 'completed', 'riverside-council'),
  (58, 30, 2, 'Carer''s break, one afternoon a week', 'completed', 'riverside-council'),
  (59, 31, 1, 'Planned respite, 14 nights, twice a year', 'in-progress', 'riverside-council'),
  (60, 32, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (61, 32, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (62, 33, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (63, 33, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (64, 34, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (65, 34, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (66, 35, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (67, 35, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (68, 36, 1, 'Morning call: personal care and medicines prompt', 'completed', 'riverside-council'),
  (69, 36, 2, 'Evening call: meal preparation and medicines prompt', 'completed', 'riverside-council'),
  (70, 37, 1, 'Four calls a day, two carers per call', 'in-progress', 'riverside-council'),
  (71, 37, 2, 'Meals at home', 'in-progress', 'riverside-council'),
  (72, 37, 3, 'Medicines administration from blister packs', 'in-progress', 'riverside-council'),
  (73, 38, 1, 'Planned respite, 14 nights, twice a year', 'completed', 'riverside-council'),
  (74, 39, 1, 'Morning call: personal care and medicines prompt', 'in-progress', 'riverside-council'),
  (75, 39, 2, 'Evening call: meal preparation and medicines prompt', 'in-progress', 'riverside-council'),
  (76, 40, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (77, 40, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (78, 41, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (79, 41, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (80, 42, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (81, 42, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (82, 43, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (83, 43, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (84, 44, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (85, 44, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (86, 45, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (87, 45, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (88, 46, 1, 'Day centre, two days a week, with transport', 'in-progress', 'riverside-council'),
  (89, 46, 2, 'Carer''s break, one afternoon a week', 'in-progress', 'riverside-council'),
  (90, 47, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (91, 47, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (92, 48, 1, 'Morning call: personal care and medicines prompt', 'completed', 'riverside-council'),
  (93, 48, 2, 'Evening call: meal preparation and medicines prompt', 'completed', 'riverside-council'),
  (94, 49, 1, 'Four calls a day, two carers per call', 'in-progress', 'riverside-council'),
  (95, 49, 2, 'Meals at home', 'in-progress', 'riverside-council'),
  (96, 49, 3, 'Medicines administration from blister packs', 'in-progress', 'riverside-council'),
  (97, 50, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (98, 50, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (99, 51, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (100, 51, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (101, 52, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (102, 52, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (103, 53, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (104, 53, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (105, 54, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (106, 54, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (107, 55, 1, 'Planned respite, 14 nights, twice a year', 'in-progress', 'riverside-council'),
  (108, 56, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (109, 56, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (110, 57, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (111, 57, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (112, 58, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (113, 58, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (114, 59, 1, 'Planned respite, 14 nights, twice a year', 'completed', 'riverside-council'),
  (115, 60, 1, 'Morning call: personal care and medicines prompt', 'in-progress', 'riverside-council'),
  (116, 60, 2, 'Evening call: meal preparation and medicines prompt', 'in-progress', 'riverside-council'),
  (117, 61, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (118, 61, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (119, 62, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (120, 62, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (121, 63, 1, 'Morning call: personal care and medicines prompt', 'completed', 'riverside-council'),
  (122, 63, 2, 'Evening call: meal preparation and medicines prompt', 'completed', 'riverside-council'),
  (123, 64, 1, 'Four calls a day, two carers per call', 'in-progress', 'riverside-council'),
  (124, 64, 2, 'Meals at home', 'in-progress', 'riverside-council'),
  (125, 64, 3, 'Medicines administration from blister packs', 'in-progress', 'riverside-council'),
  (126, 65, 1, 'Day centre, two days a week, with transport', 'completed', 'riverside-council'),
  (127, 65, 2, 'Carer''s break, one afternoon a week', 'completed', 'riverside-council'),
  (128, 66, 1, 'Planned respite, 14 nights, twice a year', 'in-progress', 'riverside-council'),
  (129, 67, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (130, 67, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (131, 68, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (132, 68, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (133, 69, 1, 'Morning call: personal care and medicines prompt', 'completed', 'riverside-council'),
  (134, 69, 2, 'Evening call: meal preparation and medicines prompt', 'completed', 'riverside-council'),
  (135, 70, 1, 'Four calls a day, two carers per call', 'in-progress', 'riverside-council'),
  (136, 70, 2, 'Meals at home', 'in-progress', 'riverside-council'),
  (137, 70, 3, 'Medicines administration from blister packs', 'in-progress', 'riverside-council'),
  (138, 71, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (139, 71, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (140, 72, 1, 'Day centre, two days a week, with transport', 'in-progress', 'riverside-council'),
  (141, 72, 2, 'Carer''s break, one afternoon a week', 'in-progress', 'riverside-council'),
  (142, 73, 1, 'Day centre, two days a week, with transport', 'completed', 'riverside-council'),
  (143, 73, 2, 'Carer''s break, one afternoon a week', 'completed', 'riverside-council'),
  (144, 74, 1, 'Planned respite, 14 nights, twice a year', 'in-progress', 'riverside-council'),
  (145, 75, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (146, 75, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (147, 76, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (148, 76, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (149, 77, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (150, 77, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (151, 78, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (152, 78, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (153, 79, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (154, 79, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (155, 80, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (156, 80, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (157, 81, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (158, 81, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (159, 82, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (160, 82, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (161, 83, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (162, 83, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (163, 84, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (164, 84, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (165, 85, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (166, 85, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (167, 86, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (168, 86, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (169, 87, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (170, 87, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (171, 88, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (172, 88, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (173, 89, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (174, 89, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (175, 90, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (176, 90, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (177, 91, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (178, 91, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (179, 92, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (180, 92, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (181, 93, 1, 'Planned respite, 14 nights, twice a year', 'completed', 'riverside-council'),
  (182, 94, 1, 'Morning call: personal care and medicines prompt', 'in-progress', 'riverside-council'),
  (183, 94, 2, 'Evening call: meal preparation and medicines prompt', 'in-progress', 'riverside-council'),
  (184, 95, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (185, 95, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (186, 96, 1, 'Day centre, two days a week, with transport', 'in-progress', 'riverside-council'),
  (187, 96, 2, 'Carer''s break, one afternoon a week', 'in-progress', 'riverside-council'),
  (188, 97, 1, 'Planned respite, 14 nights, twice a year', 'completed', 'riverside-council'),
  (189, 98, 1, 'Morning call: personal care and medicines prompt', 'in-progress', 'riverside-council'),
  (190, 98, 2, 'Evening call: meal preparation and medicines prompt', 'in-progress', 'riverside-council'),
  (191, 99, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (192, 99, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (193, 100, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (194, 100, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (195, 101, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (196, 101, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council'),
  (197, 102, 1, 'Day centre, two days a week, with transport', 'completed', 'riverside-council'),
  (198, 102, 2, 'Carer''s break, one afternoon a week', 'completed', 'riverside-council'),
  (199, 103, 1, 'Planned respite, 14 nights, twice a year', 'in-progress', 'riverside-council'),
  (200, 104, 1, 'Telecare pendant alarm with 24-hour monitoring', 'completed', 'riverside-council'),
  (201, 104, 2, 'Reablement visits, once daily for six weeks', 'completed', 'riverside-council'),
  (202, 105, 1, 'Telecare pendant alarm with 24-hour monitoring', 'in-progress', 'riverside-council'),
  (203, 105, 2, 'Reablement visits, once daily for six weeks', 'in-progress', 'riverside-council');

INSERT INTO visits (visit_id, appointment_ref, person_id, worker_id, status, visit_type, description, starts_at, duration_minutes, booked_on, note, updated_at) VALUES
  (1, 'appt-012825-1', 12825, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2025-07-22T08:40:00Z', 45, '2025-07-03', 'Visit at the person''s home', '2025-07-22T11:38:00Z'),
  (2, 'appt-012825-2', 12825, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2022-04-25T14:00:00Z', 45, '2022-04-10', 'Visit at the person''s home', '2022-04-25T17:41:00Z'),
  (3, 'appt-012825-3', 12825, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2026-01-21T15:30:00Z', 45, '2026-01-10', 'Visit at the person''s home', '2026-01-21T19:09:00Z'),
  (4, 'appt-012825-4', 12825, 'staff-003', 'booked', 'ROUTINE', 'Home visit', '2026-06-26T14:00:00Z', 45, '2026-06-12', 'Visit at the person''s home', '2026-05-31T23:27:00Z'),
  (5, 'appt-030591-1', 30591, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2026-04-13T16:50:00Z', 45, '2026-03-25', 'Visit at the person''s home', '2026-04-13T17:36:00Z'),
  (6, 'appt-030591-2', 30591, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2026-05-22T09:30:00Z', 45, '2026-05-13', 'Visit at the person''s home', '2026-05-22T13:06:00Z'),
  (7, 'appt-030591-3', 30591, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2026-03-18T16:50:00Z', 45, '2026-02-25', 'Visit at the person''s home', '2026-03-18T17:52:00Z'),
  (8, 'appt-030591-4', 30591, 'staff-002', 'booked', 'ROUTINE', 'Home visit', '2026-06-03T08:00:00Z', 45, '2026-05-29', 'Visit at the person''s home', '2026-05-29T08:16:00Z'),
  (9, 'appt-040880-1', 40880, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2026-02-19T14:40:00Z', 45, '2026-02-08', 'Visit at the person''s home', '2026-02-19T15:11:00Z'),
  (10, 'appt-040880-2', 40880, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2025-03-10T16:30:00Z', 45, '2025-02-19', 'Visit at the person''s home', '2025-03-10T18:28:00Z'),
  (11, 'appt-040880-3', 40880, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2024-10-21T13:40:00Z', 45, '2024-10-12', 'Visit at the person''s home', '2024-10-21T15:43:00Z'),
  (12, 'appt-040880-4', 40880, 'staff-002', 'booked', 'ROUTINE', 'Home visit', '2026-07-06T13:40:00Z', 45, '2026-06-25', 'Visit at the person''s home', '2026-05-31T16:47:00Z'),
  (13, 'appt-061729-1', 61729, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2025-12-16T13:20:00Z', 45, '2025-12-10', 'Visit at the person''s home', '2025-12-16T16:24:00Z'),
  (14, 'appt-061729-2', 61729, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2025-04-08T10:10:00Z', 45, '2025-03-20', 'Visit at the person''s home', '2025-04-08T12:49:00Z'),
  (15, 'appt-061729-3', 61729, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2025-03-10T11:30:00Z', 45, '2025-03-02', 'Visit at the person''s home', '2025-03-10T15:25:00Z'),
  (16, 'appt-061729-4', 61729, 'staff-003', 'booked', 'ROUTINE', 'Home visit', '2026-06-08T09:20:00Z', 45, '2026-05-18', 'Visit at the person''s home', '2026-05-18T11:33:00Z'),
  (17, 'appt-068020-1', 68020, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2024-02-27T14:30:00Z', 45, '2024-02-17', 'Visit at the person''s home', '2024-02-27T16:45:00Z'),
  (18, 'appt-068020-2', 68020, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2023-05-22T09:00:00Z', 45, '2023-05-11', 'Visit at the person''s home', '2023-05-22T12:47:00Z'),
  (19, 'appt-068020-3', 68020, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2023-08-22T11:20:00Z', 45, '2023-08-02', 'Visit at the person''s home', '2023-08-22T14:50:00Z'),
  (20, 'appt-068020-4', 68020, 'staff-002', 'booked', 'ROUTINE', 'Home visit', '2026-06-22T10:40:00Z', 45, '2026-06-12', 'Visit at the person''s home', '2026-05-31T21:00:00Z'),
  (21, 'appt-070487-1', 70487, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2023-07-10T11:20:00Z', 45, '2023-06-30', 'Visit at the person''s home', '2023-07-10T14:08:00Z'),
  (22, 'appt-070487-2', 70487, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2024-04-22T11:10:00Z', 45, '2024-04-16', 'Visit at the person''s home', '2024-04-22T11:39:00Z'),
  (23, 'appt-070487-3', 70487, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2023-12-26T10:20:00Z', 45, '2023-12-20', 'Visit at the person''s home', '2023-12-26T11:15:00Z'),
  (24, 'appt-092441-1', 92441, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2017-11-22T14:20:00Z', 45, '2017-11-07', 'Visit at the person''s home', '2017-11-22T16:28:00Z'),
  (25, 'appt-092441-2', 92441, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2024-07-11T15:50:00Z', 45, '2024-06-27', 'Visit at the person''s home', '2024-07-11T16:20:00Z'),
  (26, 'appt-092441-3', 92441, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2021-04-22T10:50:00Z', 45, '2021-04-05', 'Visit at the person''s home', '2021-04-22T12:51:00Z'),
  (27, 'appt-092441-4', 92441, 'staff-001', 'booked', 'ROUTINE', 'Home visit', '2026-06-11T08:40:00Z', 45, '2026-05-23', 'Visit at the person''s home', '2026-05-23T08:53:00Z'),
  (28, 'appt-106808-1', 106808, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2025-11-06T11:10:00Z', 45, '2025-10-19', 'Visit at the person''s home', '2025-11-06T14:36:00Z'),
  (29, 'appt-106808-2', 106808, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2024-11-18T10:40:00Z', 45, '2024-11-13', 'Visit at the person''s home', '2024-11-18T12:22:00Z'),
  (30, 'appt-106808-3', 106808, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2025-02-24T17:20:00Z', 45, '2025-02-20', 'Visit at the person''s home', '2025-02-24T18:31:00Z'),
  (31, 'appt-106808-4', 106808, 'staff-002', 'booked', 'ROUTINE', 'Home visit', '2026-06-17T16:50:00Z', 45, '2026-06-14', 'Visit at the person''s home', '2026-05-31T22:23:00Z'),
  (32, 'appt-140245-1', 140245, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2022-04-11T15:20:00Z', 45, '2022-03-30', 'Visit at the person''s home', '2022-04-11T16:54:00Z'),
  (33, 'appt-140245-2', 140245, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2023-03-27T14:50:00Z', 45, '2023-03-11', 'Visit at the person''s home', '2023-03-27T16:45:00Z'),
  (34, 'appt-140245-3', 140245, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2024-02-21T11:10:00Z', 45, '2024-02-13', 'Visit at the person''s home', '2024-02-21T13:26:00Z'),
  (35, 'appt-140245-4', 140245, 'staff-001', 'booked', 'ROUTINE', 'Home visit', '2026-07-07T11:10:00Z', 45, '2026-06-20', 'Visit at the person''s home', '2026-05-31T20:17:00Z'),
  (36, 'appt-181372-1', 181372, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2025-12-22T10:40:00Z', 45, '2025-12-03', 'Visit at the person''s home', '2025-12-22T14:09:00Z'),
  (37, 'appt-181372-10', 181372, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2025-01-06T14:20:00Z', 45, '2024-12-30', 'Visit at the person''s home', '2025-01-06T18:01:00Z'),
  (38, 'appt-181372-11', 181372, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2024-08-07T10:30:00Z', 45, '2024-08-02', 'Visit at the person''s home', '2024-08-07T13:14:00Z'),
  (39, 'appt-181372-12', 181372, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2023-10-16T10:30:00Z', 45, '2023-10-09', 'Visit at the person''s home', '2023-10-16T13:57:00Z'),
  (40, 'appt-181372-13', 181372, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2025-12-30T13:40:00Z', 45, '2025-12-18', 'Visit at the person''s home', '2025-12-30T15:02:00Z'),
  (41, 'appt-181372-14', 181372, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2023-04-03T10:40:00Z', 45, '2023-03-19', 'Visit at the person''s home', '2023-04-03T12:16:00Z'),
  (42, 'appt-181372-15', 181372, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2026-02-23T10:00:00Z', 45, '2026-02-15', 'Visit at the person''s home', '2026-02-23T10:41:00Z'),
  (43, 'appt-181372-16', 181372, 'staff-002', 'booked', 'ROUTINE', 'Home visit', '2026-06-08T11:10:00Z', 45, '2026-06-02', 'Visit at the person''s home', '2026-05-31T19:36:00Z'),
  (44, 'appt-181372-2', 181372, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2023-05-10T13:10:00Z', 45, '2023-04-21', 'Visit at the person''s home', '2023-05-10T15:43:00Z'),
  (45, 'appt-181372-3', 181372, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2026-03-19T08:10:00Z', 45, '2026-03-14', 'Visit at the person''s home', '2026-03-19T08:33:00Z'),
  (46, 'appt-181372-4', 181372, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2025-05-26T09:20:00Z', 45, '2025-05-17', 'Visit at the person''s home', '2025-05-26T10:20:00Z'),
  (47, 'appt-181372-5', 181372, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2024-04-03T17:00:00Z', 45, '2024-03-20', 'Visit at the person''s home', '2024-04-03T18:29:00Z'),
  (48, 'appt-181372-6', 181372, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2024-04-10T10:40:00Z', 45, '2024-03-25', 'Visit at the person''s home', '2024-04-10T12:15:00Z'),
  (49, 'appt-181372-7', 181372, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2026-05-11T08:00:00Z', 45, '2026-05-05', 'Visit at the person''s home', '2026-05-11T11:20:00Z'),
  (50, 'appt-181372-8', 181372, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2024-10-02T09:30:00Z', 45, '2024-09-14', 'Visit at the person''s home', '2024-10-02T13:15:00Z'),
  (51, 'appt-181372-9', 181372, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2023-08-24T16:00:00Z', 45, '2023-08-18', 'Visit at the person''s home', '2023-08-24T18:18:00Z'),
  (52, 'appt-198286-1', 198286, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2022-06-07T14:20:00Z', 45, '2022-05-24', 'Visit at the person''s home', '2022-06-07T17:04:00Z'),
  (53, 'appt-198286-2', 198286, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2021-04-06T12:20:00Z', 45, '2021-03-31', 'Visit at the person''s home', '2021-04-06T16:02:00Z'),
  (54, 'appt-198286-3', 198286, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2021-09-01T15:10:00Z', 45, '2021-08-20', 'Visit at the person''s home', '2021-09-01T15:49:00Z'),
  (55, 'appt-198286-4', 198286, 'staff-003', 'booked', 'ROUTINE', 'Home visit', '2026-07-02T14:50:00Z', 45, '2026-06-12', 'Visit at the person''s home', '2026-05-31T17:04:00Z'),
  (56, 'appt-207465-1', 207465, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2024-07-15T13:20:00Z', 45, '2024-07-04', 'Visit at the person''s home', '2024-07-15T15:51:00Z'),
  (57, 'appt-207465-2', 207465, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2025-06-18T12:40:00Z', 45, '2025-05-30', 'Visit at the person''s home', '2025-06-18T15:52:00Z'),
  (58, 'appt-207465-3', 207465, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2024-02-26T13:10:00Z', 45, '2024-02-17', 'Visit at the person''s home', '2024-02-26T16:41:00Z'),
  (59, 'appt-207465-4', 207465, 'staff-001', 'booked', 'ROUTINE', 'Home visit', '2026-06-08T10:50:00Z', 45, '2026-05-25', 'Visit at the person''s home', '2026-05-25T13:39:00Z'),
  (60, 'appt-224219-1', 224219, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2024-11-06T17:40:00Z', 45, '2024-10-26', 'Visit at the person''s home', '2024-11-06T18:25:00Z'),
  (61, 'appt-224219-2', 224219, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2024-08-23T11:30:00Z', 45, '2024-08-14', 'Visit at the person''s home', '2024-08-23T12:45:00Z'),
  (62, 'appt-224219-3', 224219, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2024-07-10T16:10:00Z', 45, '2024-06-29', 'Visit at the person''s home', '2024-07-10T16:55:00Z'),
  (63, 'appt-224219-4', 224219, 'staff-002', 'booked', 'ROUTINE', 'Home visit', '2026-06-08T11:40:00Z', 45, '2026-05-28', 'Visit at the person''s home', '2026-05-28T13:54:00Z'),
  (64, 'appt-225021-1', 225021, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2025-12-15T11:00:00Z', 45, '2025-12-01', 'Visit at the person''s home', '2025-12-15T12:27:00Z'),
  (65, 'appt-225021-2', 225021, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2025-07-14T10:40:00Z', 45, '2025-07-09', 'Visit at the person''s home', '2025-07-14T11:27:00Z'),
  (66, 'appt-225021-3', 225021, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2025-09-29T14:00:00Z', 45, '2025-09-13', 'Visit at the person''s home', '2025-09-29T14:36:00Z'),
  (67, 'appt-225021-4', 225021, 'staff-003', 'booked', 'ROUTINE', 'Home visit', '2026-06-23T08:00:00Z', 45, '2026-06-08', 'Visit at the person''s home', '2026-05-31T21:43:00Z'),
  (68, 'appt-239139-1', 239139, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2025-01-03T14:10:00Z', 45, '2024-12-20', 'Visit at the person''s home', '2025-01-03T17:18:00Z'),
  (69, 'appt-239139-2', 239139, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2020-08-31T09:10:00Z', 45, '2020-08-16', 'Visit at the person''s home', '2020-08-31T10:26:00Z'),
  (70, 'appt-239139-3', 239139, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2018-04-25T16:30:00Z', 45, '2018-04-10', 'Visit at the person''s home', '2018-04-25T17:57:00Z'),
  (71, 'appt-239139-4', 239139, 'staff-001', 'booked', 'ROUTINE', 'Home visit', '2026-06-29T15:00:00Z', 45, '2026-06-13', 'Visit at the person''s home', '2026-05-31T20:09:00Z'),
  (72, 'appt-335753-1', 335753, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2025-01-29T08:10:00Z', 45, '2025-01-22', 'Visit at the person''s home', '2025-01-29T08:34:00Z'),
  (73, 'appt-335753-2', 335753, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2025-12-08T17:10:00Z', 45, '2025-11-27', 'Visit at the person''s home', '2025-12-08T18:15:00Z'),
  (74, 'appt-335753-3', 335753, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2023-08-31T12:50:00Z', 45, '2023-08-21', 'Visit at the person''s home', '2023-08-31T13:26:00Z'),
  (75, 'appt-335753-4', 335753, 'staff-002', 'booked', 'ROUTINE', 'Home visit', '2026-06-11T16:10:00Z', 45, '2026-06-01', 'Visit at the person''s home', '2026-05-31T18:27:00Z'),
  (76, 'appt-374252-1', 374252, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2026-02-02T17:20:00Z', 45, '2026-01-15', 'Visit at the person''s home', '2026-02-02T18:34:00Z'),
  (77, 'appt-374252-2', 374252, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2024-11-15T12:30:00Z', 45, '2024-10-29', 'Visit at the person''s home', '2024-11-15T12:59:00Z'),
  (78, 'appt-374252-3', 374252, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2025-08-18T13:10:00Z', 45, '2025-08-07', 'Visit at the person''s home', '2025-08-18T15:45:00Z'),
  (79, 'appt-374252-4', 374252, 'staff-002', 'booked', 'ROUTINE', 'Home visit', '2026-06-15T15:10:00Z', 45, '2026-05-28', 'Visit at the person''s home', '2026-05-28T18:39:00Z'),
  (80, 'appt-456840-1', 456840, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2026-03-24T09:40:00Z', 45, '2026-03-10', 'Visit at the person''s home', '2026-03-24T13:11:00Z'),
  (81, 'appt-456840-2', 456840, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2025-05-02T13:50:00Z', 45, '2025-04-19', 'Visit at the person''s home', '2025-05-02T14:13:00Z'),
  (82, 'appt-456840-3', 456840, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2026-05-11T14:30:00Z', 45, '2026-04-21', 'Visit at the person''s home', '2026-05-11T15:36:00Z'),
  (83, 'appt-456840-4', 456840, 'staff-001', 'booked', 'ROUTINE', 'Home visit', '2026-06-24T11:00:00Z', 45, '2026-06-21', 'Visit at the person''s home', '2026-05-31T22:44:00Z'),
  (84, 'appt-458019-1', 458019, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2026-04-09T11:20:00Z', 45, '2026-03-26', 'Visit at the person''s home', '2026-04-09T13:25:00Z'),
  (85, 'appt-458019-2', 458019, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2024-10-22T16:40:00Z', 45, '2024-10-07', 'Visit at the person''s home', '2024-10-22T18:59:00Z'),
  (86, 'appt-458019-3', 458019, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2024-07-09T16:50:00Z', 45, '2024-06-25', 'Visit at the person''s home', '2024-07-09T18:02:00Z'),
  (87, 'appt-458019-4', 458019, 'staff-003', 'booked', 'ROUTINE', 'Home visit', '2026-06-29T12:20:00Z', 45, '2026-06-08', 'Visit at the person''s home', '2026-05-31T22:30:00Z'),
  (88, 'appt-470912-1', 470912, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2023-06-12T10:50:00Z', 45, '2023-06-06', 'Visit at the person''s home', '2023-06-12T13:10:00Z'),
  (89, 'appt-470912-2', 470912, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2022-07-05T10:00:00Z', 45, '2022-06-26', 'Visit at the person''s home', '2022-07-05T12:32:00Z'),
  (90, 'appt-470912-3', 470912, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2025-04-08T12:30:00Z', 45, '2025-03-19', 'Visit at the person''s home', '2025-04-08T13:48:00Z'),
  (91, 'appt-470912-4', 470912, 'staff-001', 'booked', 'ROUTINE', 'Home visit', '2026-06-08T16:20:00Z', 45, '2026-05-18', 'Visit at the person''s home', '2026-05-18T16:29:00Z'),
  (92, 'appt-491800-1', 491800, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2026-05-11T10:00:00Z', 45, '2026-05-05', 'Visit at the person''s home', '2026-05-11T11:35:00Z'),
  (93, 'appt-491800-2', 491800, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2026-04-21T11:40:00Z', 45, '2026-04-06', 'Visit at the person''s home', '2026-04-21T15:33:00Z'),
  (94, 'appt-491800-3', 491800, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2025-08-14T08:40:00Z', 45, '2025-08-04', 'Visit at the person''s home', '2025-08-14T09:17:00Z'),
  (95, 'appt-491800-4', 491800, 'staff-002', 'booked', 'ROUTINE', 'Home visit', '2026-07-02T13:40:00Z', 45, '2026-06-12', 'Visit at the person''s home', '2026-05-31T21:57:00Z'),
  (96, 'appt-520640-1', 520640, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2021-09-09T12:40:00Z', 45, '2021-08-31', 'Visit at the person''s home', '2021-09-09T16:23:00Z'),
  (97, 'appt-520640-2', 520640, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2024-02-09T14:10:00Z', 45, '2024-01-26', 'Visit at the person''s home', '2024-02-09T15:20:00Z'),
  (98, 'appt-520640-3', 520640, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2021-10-28T11:30:00Z', 45, '2021-10-18', 'Visit at the person''s home', '2021-10-28T13:59:00Z'),
  (99, 'appt-520640-4', 520640, 'staff-003', 'booked', 'ROUTINE', 'Home visit', '2026-06-08T16:20:00Z', 45, '2026-05-24', 'Visit at the person''s home', '2026-05-24T18:27:00Z'),
  (100, 'appt-529703-1', 529703, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2026-03-24T13:50:00Z', 45, '2026-03-21', 'Visit at the person''s home', '2026-03-24T14:00:00Z'),
  (101, 'appt-529703-2', 529703, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2025-10-14T13:50:00Z', 45, '2025-09-30', 'Visit at the person''s home', '2025-10-14T15:25:00Z'),
  (102, 'appt-529703-3', 529703, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2025-10-21T13:10:00Z', 45, '2025-10-14', 'Visit at the person''s home', '2025-10-21T16:00:00Z'),
  (103, 'appt-529703-4', 529703, 'staff-001', 'booked', 'ROUTINE', 'Home visit', '2026-06-24T12:00:00Z', 45, '2026-06-18', 'Visit at the person''s home', '2026-05-31T14:20:00Z'),
  (104, 'appt-547644-1', 547644, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2026-02-18T17:50:00Z', 45, '2026-02-10', 'Visit at the person''s home', '2026-02-18T20:12:00Z'),
  (105, 'appt-547644-2', 547644, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2026-04-03T10:10:00Z', 45, '2026-03-20', 'Visit at the person''s home', '2026-04-03T13:19:00Z'),
  (106, 'appt-547644-3', 547644, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2026-05-25T17:10:00Z', 45, '2026-05-10', 'Visit at the person''s home', '2026-05-25T18:13:00Z'),
  (107, 'appt-547644-4', 547644, 'staff-002', 'booked', 'ROUTINE', 'Home visit', '2026-07-03T17:40:00Z', 45, '2026-06-27', 'Visit at the person''s home', '2026-05-31T18:07:00Z'),
  (108, 'appt-563400-1', 563400, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2023-09-21T14:50:00Z', 45, '2023-09-10', 'Visit at the person''s home', '2023-09-21T15:13:00Z'),
  (109, 'appt-563400-2', 563400, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2024-01-23T16:20:00Z', 45, '2024-01-13', 'Visit at the person''s home', '2024-01-23T18:09:00Z'),
  (110, 'appt-563400-3', 563400, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2026-01-26T08:50:00Z', 45, '2026-01-22', 'Visit at the person''s home', '2026-01-26T12:35:00Z'),
  (111, 'appt-563400-4', 563400, 'staff-002', 'booked', 'ROUTINE', 'Home visit', '2026-06-22T15:20:00Z', 45, '2026-06-08', 'Visit at the person''s home', '2026-05-31T15:49:00Z'),
  (112, 'appt-564624-1', 564624, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2026-02-24T12:00:00Z', 45, '2026-02-13', 'Visit at the person''s home', '2026-02-24T15:02:00Z'),
  (113, 'appt-564624-2', 564624, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2025-10-06T16:00:00Z', 45, '2025-09-30', 'Visit at the person''s home', '2025-10-06T16:43:00Z'),
  (114, 'appt-564624-3', 564624, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2025-12-23T12:50:00Z', 45, '2025-12-08', 'Visit at the person''s home', '2025-12-23T14:02:00Z'),
  (115, 'appt-564624-4', 564624, 'staff-003', 'booked', 'ROUTINE', 'Home visit', '2026-06-10T15:40:00Z', 45, '2026-05-29', 'Visit at the person''s home', '2026-05-29T15:57:00Z'),
  (116, 'appt-601920-1', 601920, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2019-04-22T11:20:00Z', 45, '2019-04-16', 'Visit at the person''s home', '2019-04-22T12:26:00Z'),
  (117, 'appt-601920-2', 601920, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2025-08-08T09:20:00Z', 45, '2025-08-04', 'Visit at the person''s home', '2025-08-08T12:29:00Z'),
  (118, 'appt-601920-3', 601920, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2023-10-05T12:50:00Z', 45, '2023-09-18', 'Visit at the person''s home', '2023-10-05T16:48:00Z'),
  (119, 'appt-601920-4', 601920, 'staff-002', 'booked', 'ROUTINE', 'Home visit', '2026-06-08T14:30:00Z', 45, '2026-06-02', 'Visit at the person''s home', '2026-05-31T16:45:00Z'),
  (120, 'appt-604987-1', 604987, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2025-05-05T12:00:00Z', 45, '2025-04-29', 'Visit at the person''s home', '2025-05-05T14:46:00Z'),
  (121, 'appt-604987-2', 604987, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2019-04-08T13:10:00Z', 45, '2019-03-22', 'Visit at the person''s home', '2019-04-08T15:05:00Z'),
  (122, 'appt-604987-3', 604987, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2017-10-02T13:40:00Z', 45, '2017-09-17', 'Visit at the person''s home', '2017-10-02T13:54:00Z'),
  (123, 'appt-604987-4', 604987, 'staff-001', 'booked', 'ROUTINE', 'Home visit', '2026-06-10T08:40:00Z', 45, '2026-05-25', 'Visit at the person''s home', '2026-05-25T11:30:00Z'),
  (124, 'appt-625198-1', 625198, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2025-07-01T14:50:00Z', 45, '2025-06-10', 'Visit at the person''s home', '2025-07-01T15:14:00Z'),
  (125, 'appt-625198-2', 625198, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2025-07-21T15:00:00Z', 45, '2025-07-18', 'Visit at the person''s home', '2025-07-21T16:48:00Z'),
  (126, 'appt-625198-3', 625198, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2025-12-24T09:40:00Z', 45, '2025-12-15', 'Visit at the person''s home', '2025-12-24T13:35:00Z'),
  (127, 'appt-625198-4', 625198, 'staff-001', 'booked', 'ROUTINE', 'Home visit', '2026-06-15T17:20:00Z', 45, '2026-05-29', 'Visit at the person''s home', '2026-05-29T18:01:00Z'),
  (128, 'appt-631313-1', 631313, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2026-02-20T16:00:00Z', 45, '2026-02-05', 'Visit at the person''s home', '2026-02-20T16:32:00Z'),
  (129, 'appt-631313-2', 631313, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2026-03-27T13:40:00Z', 45, '2026-03-15', 'Visit at the person''s home', '2026-03-27T14:46:00Z'),
  (130, 'appt-631313-3', 631313, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2026-01-22T16:10:00Z', 45, '2026-01-19', 'Visit at the person''s home', '2026-01-22T16:50:00Z'),
  (131, 'appt-631313-4', 631313, 'staff-003', 'booked', 'ROUTINE', 'Home visit', '2026-06-03T17:40:00Z', 45, '2026-05-28', 'Visit at the person''s home', '2026-05-28T20:37:00Z'),
  (132, 'appt-658379-1', 658379, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2023-12-11T11:00:00Z', 45, '2023-12-06', 'Visit at the person''s home', '2023-12-11T11:28:00Z'),
  (133, 'appt-658379-2', 658379, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2026-04-07T09:50:00Z', 45, '2026-03-20', 'Visit at the person''s home', '2026-04-07T12:17:00Z'),
  (134, 'appt-658379-3', 658379, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2022-06-09T17:10:00Z', 45, '2022-05-23', 'Visit at the person''s home', '2022-06-09T18:37:00Z'),
  (135, 'appt-658379-4', 658379, 'staff-002', 'booked', 'ROUTINE', 'Home visit', '2026-06-08T13:40:00Z', 45, '2026-05-26', 'Visit at the person''s home', '2026-05-26T15:08:00Z'),
  (136, 'appt-672262-1', 672262, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2023-05-18T08:30:00Z', 45, '2023-05-11', 'Visit at the person''s home', '2023-05-18T11:30:00Z'),
  (137, 'appt-672262-2', 672262, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2022-03-04T10:20:00Z', 45, '2022-02-18', 'Visit at the person''s home', '2022-03-04T11:23:00Z'),
  (138, 'appt-672262-3', 672262, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2023-05-15T13:30:00Z', 45, '2023-05-10', 'Visit at the person''s home', '2023-05-15T15:16:00Z'),
  (139, 'appt-672262-4', 672262, 'staff-001', 'booked', 'ROUTINE', 'Home visit', '2026-07-08T12:10:00Z', 45, '2026-06-27', 'Visit at the person''s home', '2026-05-31T21:44:00Z'),
  (140, 'appt-676722-1', 676722, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2025-05-15T17:10:00Z', 45, '2025-05-06', 'Visit at the person''s home', '2025-05-15T20:19:00Z'),
  (141, 'appt-676722-2', 676722, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2026-05-14T17:40:00Z', 45, '2026-05-08', 'Visit at the person''s home', '2026-05-14T21:09:00Z'),
  (142, 'appt-676722-3', 676722, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2025-09-29T15:50:00Z', 45, '2025-09-18', 'Visit at the person''s home', '2025-09-29T19:04:00Z'),
  (143, 'appt-676722-4', 676722, 'staff-002', 'booked', 'ROUTINE', 'Home visit', '2026-06-08T13:30:00Z', 45, '2026-06-01', 'Visit at the person''s home', '2026-05-31T17:05:00Z'),
  (144, 'appt-688103-1', 688103, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2025-10-31T09:20:00Z', 45, '2025-10-20', 'Visit at the person''s home', '2025-10-31T11:46:00Z'),
  (145, 'appt-688103-2', 688103, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2024-06-10T16:40:00Z', 45, '2024-06-07', 'Visit at the person''s home', '2024-06-10T20:01:00Z'),
  (146, 'appt-688103-3', 688103, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2026-05-05T14:00:00Z', 45, '2026-04-19', 'Visit at the person''s home', '2026-05-05T16:57:00Z'),
  (147, 'appt-688103-4', 688103, 'staff-002', 'booked', 'ROUTINE', 'Home visit', '2026-07-06T08:20:00Z', 45, '2026-06-15', 'Visit at the person''s home', '2026-05-31T23:07:00Z'),
  (148, 'appt-699367-1', 699367, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2024-04-04T12:40:00Z', 45, '2024-03-17', 'Visit at the person''s home', '2024-04-04T12:55:00Z'),
  (149, 'appt-699367-2', 699367, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2025-02-11T12:50:00Z', 45, '2025-01-23', 'Visit at the person''s home', '2025-02-11T14:44:00Z'),
  (150, 'appt-699367-3', 699367, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2024-12-23T17:00:00Z', 45, '2024-12-06', 'Visit at the person''s home', '2024-12-23T19:47:00Z'),
  (151, 'appt-699367-4', 699367, 'staff-001', 'booked', 'ROUTINE', 'Home visit', '2026-07-07T15:20:00Z', 45, '2026-06-18', 'Visit at the person''s home', '2026-05-31T17:18:00Z'),
  (152, 'appt-707995-1', 707995, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2025-01-20T10:00:00Z', 45, '2025-01-12', 'Visit at the person''s home', '2025-01-20T12:25:00Z'),
  (153, 'appt-707995-2', 707995, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2026-04-30T09:40:00Z', 45, '2026-04-20', 'Visit at the person''s home', '2026-04-30T12:34:00Z'),
  (154, 'appt-707995-3', 707995, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2025-10-27T12:00:00Z', 45, '2025-10-11', 'Visit at the person''s home', '2025-10-27T13:21:00Z'),
  (155, 'appt-707995-4', 707995, 'staff-002', 'booked', 'ROUTINE', 'Home visit', '2026-06-15T09:20:00Z', 45, '2026-05-26', 'Visit at the person''s home', '2026-05-26T11:31:00Z'),
  (156, 'appt-744255-1', 744255, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2024-05-06T15:10:00Z', 45, '2024-04-24', 'Visit at the person''s home', '2024-05-06T16:19:00Z'),
  (157, 'appt-744255-2', 744255, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2024-09-23T14:40:00Z', 45, '2024-09-19', 'Visit at the person''s home', '2024-09-23T17:09:00Z'),
  (158, 'appt-744255-3', 744255, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2024-12-27T16:20:00Z', 45, '2024-12-19', 'Visit at the person''s home', '2024-12-27T16:41:00Z'),
  (159, 'appt-744255-4', 744255, 'staff-002', 'booked', 'ROUTINE', 'Home visit', '2026-06-15T17:10:00Z', 45, '2026-05-31', 'Visit at the person''s home', '2026-05-31T20:12:00Z'),
  (160, 'appt-762312-1', 762312, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2025-09-18T14:40:00Z', 45, '2025-09-01', 'Visit at the person''s home', '2025-09-18T16:33:00Z'),
  (161, 'appt-762312-2', 762312, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2026-03-20T10:50:00Z', 45, '2026-03-07', 'Visit at the person''s home', '2026-03-20T12:34:00Z'),
  (162, 'appt-762312-3', 762312, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2026-05-18T16:20:00Z', 45, '2026-05-04', 'Visit at the person''s home', '2026-05-18T16:50:00Z'),
  (163, 'appt-762312-4', 762312, 'staff-003', 'booked', 'ROUTINE', 'Home visit', '2026-06-15T14:10:00Z', 45, '2026-05-31', 'Visit at the person''s home', '2026-05-31T17:20:00Z'),
  (164, 'appt-781694-1', 781694, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2026-01-12T09:30:00Z', 45, '2026-01-01', 'Visit at the person''s home', '2026-01-12T11:13:00Z'),
  (165, 'appt-781694-2', 781694, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2025-11-25T14:30:00Z', 45, '2025-11-19', 'Visit at the person''s home', '2025-11-25T15:41:00Z'),
  (166, 'appt-781694-3', 781694, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2026-05-25T16:20:00Z', 45, '2026-05-17', 'Visit at the person''s home', '2026-05-25T17:27:00Z'),
  (167, 'appt-781694-4', 781694, 'staff-002', 'booked', 'ROUTINE', 'Home visit', '2026-06-22T13:10:00Z', 45, '2026-06-15', 'Visit at the person''s home', '2026-05-31T17:08:00Z'),
  (168, 'appt-783516-1', 783516, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2023-02-27T13:10:00Z', 45, '2023-02-13', 'Visit at the person''s home', '2023-02-27T15:10:00Z'),
  (169, 'appt-783516-2', 783516, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2025-06-11T09:10:00Z', 45, '2025-05-30', 'Visit at the person''s home', '2025-06-11T11:33:00Z'),
  (170, 'appt-783516-3', 783516, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2025-07-14T12:00:00Z', 45, '2025-06-30', 'Visit at the person''s home', '2025-07-14T13:46:00Z'),
  (171, 'appt-783516-4', 783516, 'staff-001', 'booked', 'ROUTINE', 'Home visit', '2026-06-04T12:40:00Z', 45, '2026-05-18', 'Visit at the person''s home', '2026-05-18T16:07:00Z'),
  (172, 'appt-784918-1', 784918, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2023-07-10T13:30:00Z', 45, '2023-06-27', 'Visit at the person''s home', '2023-07-10T14:33:00Z'),
  (173, 'appt-784918-2', 784918, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2023-10-23T17:10:00Z', 45, '2023-10-05', 'Visit at the person''s home', '2023-10-23T20:44:00Z'),
  (174, 'appt-784918-3', 784918, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2023-05-29T08:40:00Z', 45, '2023-05-13', 'Visit at the person''s home', '2023-05-29T09:49:00Z'),
  (175, 'appt-784918-4', 784918, 'staff-003', 'booked', 'ROUTINE', 'Home visit', '2026-06-12T17:00:00Z', 45, '2026-05-24', 'Visit at the person''s home', '2026-05-24T20:38:00Z'),
  (176, 'appt-800333-1', 800333, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2026-03-30T09:00:00Z', 45, '2026-03-14', 'Visit at the person''s home', '2026-03-30T10:10:00Z'),
  (177, 'appt-800333-2', 800333, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2025-06-16T16:10:00Z', 45, '2025-06-08', 'Visit at the person''s home', '2025-06-16T16:15:00Z'),
  (178, 'appt-800333-3', 800333, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2025-09-18T16:20:00Z', 45, '2025-08-28', 'Visit at the person''s home', '2025-09-18T17:36:00Z'),
  (179, 'appt-800333-4', 800333, 'staff-003', 'booked', 'ROUTINE', 'Home visit', '2026-06-29T16:50:00Z', 45, '2026-06-23', 'Visit at the person''s home', '2026-05-31T17:11:00Z'),
  (180, 'appt-803312-1', 803312, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2024-02-05T12:50:00Z', 45, '2024-01-28', 'Visit at the person''s home', '2024-02-05T13:46:00Z'),
  (181, 'appt-803312-2', 803312, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2024-08-14T14:00:00Z', 45, '2024-07-25', 'Visit at the person''s home', '2024-08-14T14:22:00Z'),
  (182, 'appt-803312-3', 803312, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2024-05-30T15:30:00Z', 45, '2024-05-17', 'Visit at the person''s home', '2024-05-30T16:55:00Z'),
  (183, 'appt-803312-4', 803312, 'staff-002', 'booked', 'ROUTINE', 'Home visit', '2026-06-22T09:10:00Z', 45, '2026-06-03', 'Visit at the person''s home', '2026-05-31T16:16:00Z'),
  (184, 'appt-825605-1', 825605, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2025-04-01T17:50:00Z', 45, '2025-03-27', 'Visit at the person''s home', '2025-04-01T19:42:00Z'),
  (185, 'appt-825605-2', 825605, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2025-03-05T08:30:00Z', 45, '2025-02-14', 'Visit at the person''s home', '2025-03-05T11:59:00Z'),
  (186, 'appt-825605-3', 825605, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2025-08-18T14:30:00Z', 45, '2025-08-08', 'Visit at the person''s home', '2025-08-18T16:26:00Z'),
  (187, 'appt-825605-4', 825605, 'staff-002', 'booked', 'ROUTINE', 'Home visit', '2026-06-05T08:30:00Z', 45, '2026-05-21', 'Visit at the person''s home', '2026-05-21T10:22:00Z'),
  (188, 'appt-832688-1', 832688, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2025-03-03T12:20:00Z', 45, '2025-02-21', 'Visit at the person''s home', '2025-03-03T14:46:00Z'),
  (189, 'appt-832688-2', 832688, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2023-08-23T11:50:00Z', 45, '2023-08-07', 'Visit at the person''s home', '2023-08-23T13:22:00Z'),
  (190, 'appt-832688-3', 832688, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2025-01-31T10:10:00Z', 45, '2025-01-25', 'Visit at the person''s home', '2025-01-31T11:32:00Z'),
  (191, 'appt-832688-4', 832688, 'staff-002', 'booked', 'ROUTINE', 'Home visit', '2026-06-22T16:00:00Z', 45, '2026-06-17', 'Visit at the person''s home', '2026-05-31T18:11:00Z'),
  (192, 'appt-846619-1', 846619, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2026-01-19T11:30:00Z', 45, '2026-01-01', 'Visit at the person''s home', '2026-01-19T12:16:00Z'),
  (193, 'appt-846619-2', 846619, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2024-11-27T11:50:00Z', 45, '2024-11-14', 'Visit at the person''s home', '2024-11-27T15:17:00Z'),
  (194, 'appt-846619-3', 846619, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2023-01-30T13:00:00Z', 45, '2023-01-11', 'Visit at the person''s home', '2023-01-30T13:50:00Z'),
  (195, 'appt-846619-4', 846619, 'staff-003', 'booked', 'ROUTINE', 'Home visit', '2026-06-29T08:20:00Z', 45, '2026-06-20', 'Visit at the person''s home', '2026-05-31T18:24:00Z'),
  (196, 'appt-871056-1', 871056, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2026-03-09T08:40:00Z', 45, '2026-02-16', 'Visit at the person''s home', '2026-03-09T12:35:00Z'),
  (197, 'appt-871056-2', 871056, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2026-02-13T09:50:00Z', 45, '2026-01-23', 'Visit at the person''s home', '2026-02-13T10:07:00Z'),
  (198, 'appt-871056-3', 871056, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2026-02-16T13:20:00Z', 45, '2026-02-07', 'Visit at the person''s home', '2026-02-16T16:48:00Z'),
  (199, 'appt-871056-4', 871056, 'staff-003', 'booked', 'ROUTINE', 'Home visit', '2026-06-18T09:20:00Z', 45, '2026-06-03', 'Visit at the person''s home', '2026-05-31T15:03:00Z'),
  (200, 'appt-915056-1', 915056, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2025-11-14T11:50:00Z', 45, '2025-10-30', 'Visit at the person''s home', '2025-11-14T14:10:00Z'),
  (201, 'appt-915056-2', 915056, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2024-10-09T08:40:00Z', 45, '2024-09-30', 'Visit at the person''s home', '2024-10-09T11:29:00Z'),
  (202, 'appt-915056-3', 915056, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2025-02-10T16:10:00Z', 45, '2025-01-29', 'Visit at the person''s home', '2025-02-10T18:33:00Z'),
  (203, 'appt-915056-4', 915056, 'staff-003', 'booked', 'ROUTINE', 'Home visit', '2026-07-06T12:50:00Z', 45, '2026-06-21', 'Visit at the person''s home', '2026-05-31T17:33:00Z'),
  (204, 'appt-931164-1', 931164, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2024-01-11T10:20:00Z', 45, '2023-12-23', 'Visit at the person''s home', '2024-01-11T11:12:00Z'),
  (205, 'appt-931164-2', 931164, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2022-12-30T14:30:00Z', 45, '2022-12-19', 'Visit at the person''s home', '2022-12-30T17:32:00Z'),
  (206, 'appt-931164-3', 931164, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2025-02-26T08:20:00Z', 45, '2025-02-16', 'Visit at the person''s home', '2025-02-26T10:04:00Z'),
  (207, 'appt-931164-4', 931164, 'staff-002', 'booked', 'ROUTINE', 'Home visit', '2026-07-01T09:40:00Z', 45, '2026-06-21', 'Visit at the person''s home', '2026-05-31T14:36:00Z'),
  (208, 'appt-947737-1', 947737, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2024-08-07T09:00:00Z', 45, '2024-07-19', 'Visit at the person''s home', '2024-08-07T10:00:00Z'),
  (209, 'appt-947737-2', 947737, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2022-02-28T09:20:00Z', 45, '2022-02-19', 'Visit at the person''s home', '2022-02-28T11:06:00Z'),
  (210, 'appt-947737-3', 947737, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2021-11-08T11:50:00Z', 45, '2021-10-29', 'Visit at the person''s home', '2021-11-08T14:32:00Z'),
  (211, 'appt-947737-4', 947737, 'staff-003', 'booked', 'ROUTINE', 'Home visit', '2026-06-15T17:10:00Z', 45, '2026-06-08', 'Visit at the person''s home', '2026-05-31T17:48:00Z'),
  (212, 'appt-954669-1', 954669, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2026-01-05T15:50:00Z', 45, '2025-12-22', 'Visit at the person''s home', '2026-01-05T17:36:00Z'),
  (213, 'appt-954669-2', 954669, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2025-10-24T16:40:00Z', 45, '2025-10-21', 'Visit at the person''s home', '2025-10-24T20:00:00Z'),
  (214, 'appt-954669-3', 954669, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2024-12-30T10:50:00Z', 45, '2024-12-13', 'Visit at the person''s home', '2024-12-30T12:40:00Z'),
  (215, 'appt-954669-4', 954669, 'staff-003', 'booked', 'ROUTINE', 'Home visit', '2026-07-06T14:10:00Z', 45, '2026-06-23', 'Visit at the person''s home', '2026-05-31T22:03:00Z'),
  (216, 'appt-960690-1', 960690, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2026-03-17T15:30:00Z', 45, '2026-03-07', 'Visit at the person''s home', '2026-03-17T16:41:00Z'),
  (217, 'appt-960690-2', 960690, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2026-02-03T10:40:00Z', 45, '2026-01-17', 'Visit at the person''s home', '2026-02-03T12:46:00Z'),
  (218, 'appt-960690-3', 960690, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2026-05-20T15:00:00Z', 45, '2026-05-12', 'Visit at the person''s home', '2026-05-20T18:46:00Z'),
  (219, 'appt-960690-4', 960690, 'staff-001', 'booked', 'ROUTINE', 'Home visit', '2026-06-22T12:50:00Z', 45, '2026-06-17', 'Visit at the person''s home', '2026-05-31T16:08:00Z'),
  (220, 'appt-968918-1', 968918, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2023-10-09T17:00:00Z', 45, '2023-09-22', 'Visit at the person''s home', '2023-10-09T17:44:00Z'),
  (221, 'appt-968918-2', 968918, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2024-10-09T14:00:00Z', 45, '2024-09-30', 'Visit at the person''s home', '2024-10-09T14:32:00Z'),
  (222, 'appt-968918-3', 968918, 'staff-004', 'fulfilled', 'ROUTINE', 'Home visit', '2024-06-04T08:20:00Z', 45, '2024-05-23', 'Visit at the person''s home', '2024-06-04T11:58:00Z'),
  (223, 'appt-968918-4', 968918, 'staff-003', 'booked', 'ROUTINE', 'Home visit', '2026-06-03T16:50:00Z', 45, '2026-05-14', 'Visit at the person''s home', '2026-05-14T19:05:00Z'),
  (224, 'appt-981503-1', 981503, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2023-01-16T16:30:00Z', 45, '2023-01-04', 'Visit at the person''s home', '2023-01-16T19:49:00Z'),
  (225, 'appt-981503-2', 981503, 'staff-002', 'fulfilled', 'ROUTINE', 'Home visit', '2023-01-10T12:50:00Z', 45, '2022-12-26', 'Visit at the person''s home', '2023-01-10T14:28:00Z'),
  (226, 'appt-981503-3', 981503, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2024-06-03T09:10:00Z', 45, '2024-05-23', 'Visit at the person''s home', '2024-06-03T12:51:00Z'),
  (227, 'appt-981503-4', 981503, 'staff-002', 'booked', 'ROUTINE', 'Home visit', '2026-06-15T08:50:00Z', 45, '2026-06-09', 'Visit at the person''s home', '2026-05-31T23:28:00Z'),
  (228, 'appt-997178-1', 997178, 'staff-001', 'fulfilled', 'ROUTINE', 'Home visit', '2026-01-12T15:30:00Z', 45, '2025-12-28', 'Visit at the person''s home', '2026-01-12T19:11:00Z'),
  (229, 'appt-997178-2', 997178, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2025-01-30T17:00:00Z', 45, '2025-01-23', 'Visit at the person''s home', '2025-01-30T20:55:00Z'),
  (230, 'appt-997178-3', 997178, 'staff-003', 'fulfilled', 'ROUTINE', 'Home visit', '2022-12-12T13:20:00Z', 45, '2022-11-29', 'Visit at the person''s home', '2022-12-12T15:13:00Z'),
  (231, 'appt-997178-4', 997178, 'staff-002', 'booked', 'ROUTINE', 'Home visit', '2026-06-24T12:20:00Z', 45, '2026-06-19', 'Visit at the person''s home', '2026-05-31T22:32:00Z');

INSERT INTO visit_records (visit_record_id, encounter_ref, visit_id, reason, status, updated_at) VALUES
  (1, 'enc-012825-3', 1, 'Home visit to review support', 'finished', '2025-07-22T12:03:00Z'),
  (2, 'enc-012825-4', 2, 'Home visit to review support', 'finished', '2022-04-25T17:39:00Z'),
  (3, 'enc-012825-5', 3, 'Home visit to review support', 'finished', '2026-01-21T17:08:00Z'),
  (4, 'enc-030591-2', 5, 'Home visit to review support', 'finished', '2026-04-13T19:23:00Z'),
  (5, 'enc-030591-3', 6, 'Home visit to review support', 'finished', '2026-05-22T10:51:00Z'),
  (6, 'enc-030591-4', 7, 'Home visit to review support', 'finished', '2026-03-18T17:52:00Z'),
  (7, 'enc-040880-3', 9, 'Home visit to review support', 'finished', '2026-02-19T14:59:00Z'),
  (8, 'enc-040880-4', 10, 'Home visit to review support', 'finished', '2025-03-10T16:43:00Z'),
  (9, 'enc-040880-5', 11, 'Home visit to review support', 'finished', '2024-10-21T14:36:00Z'),
  (10, 'enc-061729-3', 13, 'Home visit to review support', 'finished', '2025-12-16T13:40:00Z'),
  (11, 'enc-061729-4', 14, 'Home visit to review support', 'finished', '2025-04-08T10:28:00Z'),
  (12, 'enc-061729-5', 15, 'Home visit to review support', 'finished', '2025-03-10T11:58:00Z'),
  (13, 'enc-068020-3', 17, 'Home visit to review support', 'finished', '2024-02-27T16:14:00Z'),
  (14, 'enc-068020-4', 18, 'Home visit to review support', 'finished', '2023-05-22T11:33:00Z'),
  (15, 'enc-068020-5', 19, 'Home visit to review support', 'finished', '2023-08-22T13:13:00Z'),
  (16, 'enc-070487-3', 21, 'Home visit to review support', 'finished', '2023-07-10T11:44:00Z'),
  (17, 'enc-070487-4', 22, 'Home visit to review support', 'finished', '2024-04-22T13:46:00Z'),
  (18, 'enc-070487-5', 23, 'Home visit to review support', 'finished', '2023-12-26T10:49:00Z'),
  (19, 'enc-092441-3', 24, 'Home visit to review support', 'finished', '2017-11-22T17:33:00Z'),
  (20, 'enc-092441-4', 25, 'Home visit to review support', 'finished', '2024-07-11T18:43:00Z'),
  (21, 'enc-092441-5', 26, 'Home visit to review support', 'finished', '2021-04-22T14:11:00Z'),
  (22, 'enc-106808-3', 28, 'Home visit to review support', 'finished', '2025-11-06T11:25:00Z'),
  (23, 'enc-106808-4', 29, 'Home visit to review support', 'finished', '2024-11-18T11:07:00Z'),
  (24, 'enc-106808-5', 30, 'Home visit to review support', 'finished', '2025-02-24T20:48:00Z'),
  (25, 'enc-140245-3', 32, 'Home visit to review support', 'finished', '2022-04-11T17:23:00Z'),
  (26, 'enc-140245-4', 33, 'Home visit to review support', 'finished', '2023-03-27T17:49:00Z'),
  (27, 'enc-140245-5', 34, 'Home visit to review support', 'finished', '2024-02-21T11:56:00Z'),
  (28, 'enc-181372-10', 48, 'Home visit to review support', 'finished', '2024-04-10T12:35:00Z'),
  (29, 'enc-181372-11', 49, 'Home visit to review support', 'finished', '2026-05-11T09:59:00Z'),
  (30, 'enc-181372-12', 50, 'Home visit to review support', 'finished', '2024-10-02T13:06:00Z'),
  (31, 'enc-181372-13', 51, 'Home visit to review support', 'finished', '2023-08-24T19:56:00Z'),
  (32, 'enc-181372-14', 37, 'Home visit to review support', 'finished', '2025-01-06T16:41:00Z'),
  (33, 'enc-181372-15', 38, 'Home visit to review support', 'finished', '2024-08-07T11:27:00Z'),
  (34, 'enc-181372-16', 39, 'Home visit to review support', 'finished', '2023-10-16T11:48:00Z'),
  (35, 'enc-181372-17', 40, 'Home visit to review support', 'finished', '2025-12-30T14:08:00Z'),
  (36, 'enc-181372-18', 41, 'Home visit to review support', 'finished', '2023-04-03T12:12:00Z'),
  (37, 'enc-181372-19', 42, 'Home visit to review support', 'finished', '2026-02-23T11:37:00Z'),
  (38, 'enc-181372-5', 36, 'Home visit to review support', 'finished', '2025-12-22T12:02:00Z'),
  (39, 'enc-181372-6', 44, 'Home visit to review support', 'finished', '2023-05-10T13:51:00Z'),
  (40, 'enc-181372-7', 45, 'Home visit to review support', 'finished', '2026-03-19T11:44:00Z'),
  (41, 'enc-181372-8', 46, 'Home visit to review support', 'finished', '2025-05-26T11:54:00Z'),
  (42, 'enc-181372-9', 47, 'Home visit to review support', 'finished', '2024-04-03T19:51:00Z'),
  (43, 'enc-198286-3', 52, 'Home visit to review support', 'finished', '2022-06-07T14:40:00Z'),
  (44, 'enc-198286-4', 53, 'Home visit to review support', 'finished', '2021-04-06T14:01:00Z'),
  (45, 'enc-198286-5', 54, 'Home visit to review support', 'finished', '2021-09-01T16:56:00Z'),
  (46, 'enc-207465-3', 56, 'Home visit to review support', 'finished', '2024-07-15T17:10:00Z'),
  (47, 'enc-207465-4', 57, 'Home visit to review support', 'finished', '2025-06-18T14:53:00Z'),
  (48, 'enc-207465-5', 58, 'Home visit to review support', 'finished', '2024-02-26T14:53:00Z'),
  (49, 'enc-224219-3', 60, 'Home visit to review support', 'finished', '2024-11-06T19:53:00Z'),
  (50, 'enc-224219-4', 61, 'Home visit to review support', 'finished', '2024-08-23T14:06:00Z'),
  (51, 'enc-224219-5', 62, 'Home visit to review support', 'finished', '2024-07-10T18:12:00Z'),
  (52, 'enc-225021-3', 64, 'Home visit to review support', 'finished', '2025-12-15T14:20:00Z'),
  (53, 'enc-225021-4', 65, 'Home visit to review support', 'finished', '2025-07-14T12:15:00Z'),
  (54, 'enc-225021-5', 66, 'Home visit to review support', 'finished', '2025-09-29T16:04:00Z'),
  (55, 'enc-239139-3', 68, 'Home visit to review support', 'finished', '2025-01-03T14:34:00Z'),
  (56, 'enc-239139-4', 69, 'Home visit to review support', 'finished', '2020-08-31T11:43:00Z'),
  (57, 'enc-239139-5', 70, 'Home visit to review support', 'finished', '2018-04-25T18:29:00Z'),
  (58, 'enc-335753-3', 72, 'Home visit to review support', 'finished', '2025-01-29T08:47:00Z'),
  (59, 'enc-335753-4', 73, 'Home visit to review support', 'finished', '2025-12-08T17:36:00Z'),
  (60, 'enc-335753-5', 74, 'Home visit to review support', 'finished', '2023-08-31T16:07:00Z'),
  (61, 'enc-374252-3', 76, 'Home visit to review support', 'finished', '2026-02-02T18:21:00Z'),
  (62, 'enc-374252-4', 77, 'Home visit to review support', 'finished', '2024-11-15T14:48:00Z'),
  (63, 'enc-374252-5', 78, 'Home visit to review support', 'finished', '2025-08-18T14:20:00Z'),
  (64, 'enc-456840-3', 80, 'Home visit to review support', 'finished', '2026-03-24T13:02:00Z'),
  (65, 'enc-456840-4', 81, 'Home visit to review support', 'finished', '2025-05-02T17:38:00Z'),
  (66, 'enc-456840-5', 82, 'Home visit to review support', 'finished', '2026-05-11T16:23:00Z'),
  (67, 'enc-458019-3', 84, 'Home visit to review support', 'finished', '2026-04-09T14:35:00Z'),
  (68, 'enc-458019-4', 85, 'Home visit to review support', 'finished', '2024-10-22T20:29:00Z'),
  (69, 'enc-458019-5', 86, 'Home visit to review support', 'finished', '2024-07-09T19:10:00Z'),
  (70, 'enc-470912-3', 88, 'Home visit to review support', 'finished', '2023-06-12T11:25:00Z'),
  (71, 'enc-470912-4', 89, 'Home visit to review support', 'finished', '2022-07-05T12:58:00Z'),
  (72, 'enc-470912-5', 90, 'Home visit to review support', 'finished', '2025-04-08T15:35:00Z'),
  (73, 'enc-491800-2', 92, 'Home visit to review support', 'finished', '2026-05-11T12:09:00Z'),
  (74, 'enc-491800-3', 93, 'Home visit to review support', 'finished', '2026-04-21T12:20:00Z'),
  (75, 'enc-491800-4', 94, 'Home visit to review support', 'finished', '2025-08-14T08:56:00Z'),
  (76, 'enc-520640-3', 96, 'Home visit to review support', 'finished', '2021-09-09T13:44:00Z'),
  (77, 'enc-520640-4', 97, 'Home visit to review support', 'finished', '2024-02-09T17:29:00Z'),
  (78, 'enc-520640-5', 98, 'Home visit to review support', 'finished', '2021-10-28T12:17:00Z'),
  (79, 'enc-529703-3', 100, 'Home visit to review support', 'finished', '2026-03-24T14:16:00Z'),
  (80, 'enc-529703-4', 101, 'Home visit to review support', 'finished', '2025-10-14T15:11:00Z'),
  (81, 'enc-529703-5', 102, 'Home visit to review support', 'finished', '2025-10-21T17:10:00Z'),
  (82, 'enc-547644-2', 104, 'Home visit to review support', 'finished', '2026-02-18T20:54:00Z'),
  (83, 'enc-547644-3', 105, 'Home visit to review support', 'finished', '2026-04-03T11:58:00Z'),
  (84, 'enc-547644-4', 106, 'Home visit to review support', 'finished', '2026-05-25T18:52:00Z'),
  (85, 'enc-563400-3', 108, 'Home visit to review support', 'finished', '2023-09-21T16:16:00Z'),
  (86, 'enc-563400-4', 109, 'Home visit to review support', 'finished', '2024-01-23T19:31:00Z'),
  (87, 'enc-563400-5', 110, 'Home visit to review support', 'finished', '2026-01-26T10:38:00Z'),
  (88, 'enc-564624-2', 112, 'Home visit to review support', 'finished', '2026-02-24T14:26:00Z'),
  (89, 'enc-564624-3', 113, 'Home visit to review support', 'finished', '2025-10-06T16:12:00Z'),
  (90, 'enc-564624-4', 114, 'Home visit to review support', 'finished', '2025-12-23T16:42:00Z'),
  (91, 'enc-601920-3', 116, 'Home visit to review support', 'finished', '2019-04-22T13:42:00Z'),
  (92, 'enc-601920-4', 117, 'Home visit to review support', 'finished', '2025-08-08T12:58:00Z'),
  (93, 'enc-601920-5', 118, 'Home visit to review support', 'finished', '2023-10-05T13:34:00Z'),
  (94, 'enc-604987-3', 120, 'Home visit to review support', 'finished', '2025-05-05T14:27:00Z'),
  (95, 'enc-604987-4', 121, 'Home visit to review support', 'finished', '2019-04-08T14:42:00Z'),
  (96, 'enc-604987-5', 122, 'Home visit to review support', 'finished', '2017-10-02T15:13:00Z'),
  (97, 'enc-625198-2', 124, 'Home visit to review support', 'finished', '2025-07-01T18:46:00Z'),
  (98, 'enc-625198-3', 125, 'Home visit to review support', 'finished', '2025-07-21T16:45:00Z'),
  (99, 'enc-625198-4', 126, 'Home visit to review support', 'finished', '2025-12-24T10:08:00Z'),
  (100, 'enc-631313-2', 128, 'Home visit to review support', 'finished', '2026-02-20T17:51:00Z'),
  (101, 'enc-631313-3', 129, 'Home visit to review support', 'finished', '2026-03-27T14:55:00Z'),
  (102, 'enc-631313-4', 130, 'Home visit to review support', 'finished', '2026-01-22T20:05:00Z'),
  (103, 'enc-658379-3', 132, 'Home visit to review support', 'finished', '2023-12-11T14:36:00Z'),
  (104, 'enc-658379-4', 133, 'Home visit to review support', 'finished', '2026-04-07T12:16:00Z'),
  (105, 'enc-658379-5', 134, 'Home visit to review support', 'finished', '2022-06-09T20:39:00Z'),
  (106, 'enc-672262-3', 136, 'Home visit to review support', 'finished', '2023-05-18T12:07:00Z'),
  (107, 'enc-672262-4', 137, 'Home visit to review support', 'finished', '2022-03-04T12:54:00Z'),
  (108, 'enc-672262-5', 138, 'Home visit to review support', 'finished', '2023-05-15T16:39:00Z'),
  (109, 'enc-676722-3', 140, 'Home visit to review support', 'finished', '2025-05-15T18:44:00Z'),
  (110, 'enc-676722-4', 141, 'Home visit to review support', 'finished', '2026-05-14T21:13:00Z'),
  (111, 'enc-676722-5', 142, 'Home visit to review support', 'finished', '2025-09-29T19:22:00Z'),
  (112, 'enc-688103-3', 144, 'Home visit to review support', 'finished', '2025-10-31T13:03:00Z'),
  (113, 'enc-688103-4', 145, 'Home visit to review support', 'finished', '2024-06-10T16:51:00Z'),
  (114, 'enc-688103-5', 146, 'Home visit to review support', 'finished', '2026-05-05T15:21:00Z'),
  (115, 'enc-699367-3', 148, 'Home visit to review support', 'finished', '2024-04-04T16:07:00Z'),
  (116, 'enc-699367-4', 149, 'Home visit to review support', 'finished', '2025-02-11T16:44:00Z'),
  (117, 'enc-699367-5', 150, 'Home visit to review support', 'finished', '2024-12-23T20:19:00Z'),
  (118, 'enc-707995-3', 152, 'Home visit to review support', 'finished', '2025-01-20T12:47:00Z'),
  (119, 'enc-707995-4', 153, 'Home visit to review support', 'finished', '2026-04-30T12:33:00Z'),
  (120, 'enc-707995-5', 154, 'Home visit to review support', 'finished', '2025-10-27T14:42:00Z'),
  (121, 'enc-744255-3', 156, 'Home visit to review support', 'finished', '2024-05-06T18:40:00Z'),
  (122, 'enc-744255-4', 157, 'Home visit to review support', 'finished', '2024-09-23T18:11:00Z'),
  (123, 'enc-744255-5', 158, 'Home visit to review support', 'finished', '2024-12-27T17:22:00Z'),
  (124, 'enc-762312-3', 160, 'Home visit to review support', 'finished', '2025-09-18T18:19:00Z'),
  (125, 'enc-762312-4', 161, 'Home visit to review support', 'finished', '2026-03-20T14:21:00Z'),
  (126, 'enc-762312-5', 162, 'Home visit to review support', 'finished', '2026-05-18T16:57:00Z'),
  (127, 'enc-781694-3', 164, 'Home visit to review support', 'finished', '2026-01-12T11:44:00Z'),
  (128, 'enc-781694-4', 165, 'Home visit to review support', 'finished', '2025-11-25T17:34:00Z'),
  (129, 'enc-781694-5', 166, 'Home visit to review support', 'finished', '2026-05-25T17:39:00Z'),
  (130, 'enc-783516-3', 168, 'Home visit to review support', 'finished', '2023-02-27T14:00:00Z'),
  (131, 'enc-783516-4', 169, 'Home visit to review support', 'finished', '2025-06-11T09:29:00Z'),
  (132, 'enc-783516-5', 170, 'Home visit to review support', 'finished', '2025-07-14T15:35:00Z'),
  (133, 'enc-784918-3', 172, 'Home visit to review support', 'finished', '2023-07-10T13:49:00Z'),
  (134, 'enc-784918-4', 173, 'Home visit to review support', 'finished', '2023-10-23T18:57:00Z'),
  (135, 'enc-784918-5', 174, 'Home visit to review support', 'finished', '2023-05-29T11:21:00Z'),
  (136, 'enc-800333-3', 176, 'Home visit to review support', 'finished', '2026-03-30T09:42:00Z'),
  (137, 'enc-800333-4', 177, 'Home visit to review support', 'finished', '2025-06-16T19:05:00Z'),
  (138, 'enc-800333-5', 178, 'Home visit to review support', 'finished', '2025-09-18T18:14:00Z'),
  (139, 'enc-803312-3', 180, 'Home visit to review support', 'finished', '2024-02-05T16:05:00Z'),
  (140, 'enc-803312-4', 181, 'Home visit to review support', 'finished', '2024-08-14T17:54:00Z'),
  (141, 'enc-803312-5', 182, 'Home visit to review support', 'finished', '2024-05-30T16:41:00Z'),
  (142, 'enc-825605-3', 184, 'Home visit to review support', 'finished', '2025-04-01T20:19:00Z'),
  (143, 'enc-825605-4', 185, 'Home visit to review support', 'finished', '2025-03-05T11:19:00Z'),
  (144, 'enc-825605-5', 186, 'Home visit to review support', 'finished', '2025-08-18T16:42:00Z'),
  (145, 'enc-832688-3', 188, 'Home visit to review support', 'finished', '2025-03-03T13:40:00Z'),
  (146, 'enc-832688-4', 189, 'Home visit to review support', 'finished', '2023-08-23T15:38:00Z'),
  (147, 'enc-832688-5', 190, 'Home visit to review support', 'finished', '2025-01-31T10:30:00Z'),
  (148, 'enc-846619-3', 192, 'Home visit to review support', 'finished', '2026-01-19T12:41:00Z'),
  (149, 'enc-846619-4', 193, 'Home visit to review support', 'finished', '2024-11-27T14:59:00Z'),
  (150, 'enc-846619-5', 194, 'Home visit to review support', 'finished', '2023-01-30T14:06:00Z'),
  (151, 'enc-871056-3', 196, 'Home visit to review support', 'finished', '2026-03-09T12:15:00Z'),
  (152, 'enc-871056-4', 197, 'Home visit to review support', 'finished', '2026-02-13T10:55:00Z'),
  (153, 'enc-871056-5', 198, 'Home visit to review support', 'finished', '2026-02-16T16:17:00Z'),
  (154, 'enc-915056-3', 200, 'Home visit to review support', 'finished', '2025-11-14T13:19:00Z'),
  (155, 'enc-915056-4', 201, 'Home visit to review support', 'finished', '2024-10-09T12:30:00Z'),
  (156, 'enc-915056-5', 202, 'Home visit to review support', 'finished', '2025-02-10T18:37:00Z'),
  (157, 'enc-931164-3', 204, 'Home visit to review support', 'finished', '2024-01-11T14:08:00Z'),
  (158, 'enc-931164-4', 205, 'Home visit to review support', 'finished', '2022-12-30T17:20:00Z'),
  (159, 'enc-931164-5', 206, 'Home visit to review support', 'finished', '2025-02-26T12:17:00Z'),
  (160, 'enc-947737-3', 208, 'Home visit to review support', 'finished', '2024-08-07T11:50:00Z'),
  (161, 'enc-947737-4', 209, 'Home visit to review support', 'finished', '2022-02-28T12:42:00Z'),
  (162, 'enc-947737-5', 210, 'Home visit to review support', 'finished', '2021-11-08T13:59:00Z'),
  (163, 'enc-954669-3', 212, 'Home visit to review support', 'finished', '2026-01-05T17:33:00Z'),
  (164, 'enc-954669-4', 213, 'Home visit to review support', 'finished', '2025-10-24T17:37:00Z'),
  (165, 'enc-954669-5', 214, 'Home visit to review support', 'finished', '2024-12-30T13:41:00Z'),
  (166, 'enc-960690-2', 216, 'Home visit to review support', 'finished', '2026-03-17T19:15:00Z'),
  (167, 'enc-960690-3', 217, 'Home visit to review support', 'finished', '2026-02-03T11:57:00Z'),
  (168, 'enc-960690-4', 218, 'Home visit to review support', 'finished', '2026-05-20T16:59:00Z'),
  (169, 'enc-968918-3', 220, 'Home visit to review support', 'finished', '2023-10-09T20:20:00Z'),
  (170, 'enc-968918-4', 221, 'Home visit to review support', 'finished', '2024-10-09T17:09:00Z'),
  (171, 'enc-968918-5', 222, 'Home visit to review support', 'finished', '2024-06-04T10:29:00Z'),
  (172, 'enc-981503-3', 224, 'Home visit to review support', 'finished', '2023-01-16T17:41:00Z'),
  (173, 'enc-981503-4', 225, 'Home visit to review support', 'finished', '2023-01-10T15:43:00Z'),
  (174, 'enc-981503-5', 226, 'Home visit to review support', 'finished', '2024-06-03T13:02:00Z'),
  (175, 'enc-997178-3', 228, 'Home visit to review support', 'finished', '2026-01-12T18:30:00Z'),
  (176, 'enc-997178-4', 229, 'Home visit to review support', 'finished', '2025-01-30T18:25:00Z'),
  (177, 'enc-997178-5', 230, 'Home visit to review support', 'finished', '2022-12-12T15:03:00Z');

-- The identity columns continue after the explicit ids above.
SELECT setval(pg_get_serial_sequence('addresses', 'address_id'), (SELECT max(address_id) FROM addresses));
SELECT setval(pg_get_serial_sequence('contacts', 'contact_id'), (SELECT max(contact_id) FROM contacts));
SELECT setval(pg_get_serial_sequence('alerts', 'alert_id'), (SELECT max(alert_id) FROM alerts));
SELECT setval(pg_get_serial_sequence('assessment_visits', 'assessment_visit_id'), (SELECT max(assessment_visit_id) FROM assessment_visits));
SELECT setval(pg_get_serial_sequence('assessments', 'assessment_id'), (SELECT max(assessment_id) FROM assessments));
SELECT setval(pg_get_serial_sequence('assessment_scores', 'score_id'), (SELECT max(score_id) FROM assessment_scores));
SELECT setval(pg_get_serial_sequence('care_plans', 'care_plan_id'), (SELECT max(care_plan_id) FROM care_plans));
SELECT setval(pg_get_serial_sequence('care_services', 'service_id'), (SELECT max(service_id) FROM care_services));
SELECT setval(pg_get_serial_sequence('visits', 'visit_id'), (SELECT max(visit_id) FROM visits));
SELECT setval(pg_get_serial_sequence('visit_records', 'visit_record_id'), (SELECT max(visit_record_id) FROM visit_records));
