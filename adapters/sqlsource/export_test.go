package sqlsource

// WithoutValidation skips the FHIR R4 validation of built resources. It
// exists for tests of which rows a search selects (pushdown, injection),
// where google/fhir/go's cost would dominate; every other test, and every
// Source outside tests, validates.
func WithoutValidation() Option { return func(o *options) { o.noValidation = true } }
