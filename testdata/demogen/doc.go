// Package demogen generates shcr's synthetic demo population: the FHIR
// records that three organisations - Riverside Surgery (a GP practice),
// City General Hospital and Riverside Council Adult Social Care - hold
// about the same few hundred invented people, plus scenarios.json, which
// names people in situations that tests, demos and benchmarks rely on.
//
// Everything is invented. Names come from lists of common names, addresses
// sit in a fictional town with postcodes in a non-existent area, telephone
// numbers are in Ofcom's drama ranges and NHS numbers in the 999 range kept
// for testing. Clinical codes are real SNOMED CT, dm+d and LOINC concepts,
// so the data exercises code the way real records would.
//
// Each organisation is written the way such a system might export it, so
// that the facade meets realistic variety:
//
//   - gp-riverside: one Synthea-style transaction Bundle per patient, UUID
//     ids and urn:uuid references;
//   - city-general: one collection Bundle per patient, ids derived from the
//     medical record number, relative references;
//   - riverside-council: one file per resource, one folder per person, some
//     people without an NHS number.
//
// Generate is a pure function of its Config: every random draw comes from
// a PCG stream seeded from Config.Seed and a fixed stream key, nothing reads
// the clock, and nothing depends on map iteration order, so the same Config
// gives byte-identical files. The committed set in testdata/demo is what
// Config{} generates; a test keeps the two equal. A load tool can call
// Generate in-process for larger populations (Config.People, Config.Scale).
package demogen
