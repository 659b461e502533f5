package rest

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/shcr/shcr/federation"
	"github.com/shcr/shcr/fhir"
)

// writeSearchset pages a view and writes it as a searchset Bundle: the
// page's matches, the supporting resources they refer to, and one
// OperationOutcome entry for each source whose part is missing or was
// trimmed, so a response never looks complete when it is not.
func (s *Server) writeSearchset(c *gin.Context, v *federation.View, base string, applied url.Values, page pageSpec, ignored []string, queryKey string, held bool) error {
	p, _ := principal(c)
	user := p.Issuer + "|" + p.UserID
	binding := queryKey + "?" + applied.Encode() + "&_count=" + strconv.Itoa(page.count)

	var cur *cursor
	if page.cursor != "" {
		c0, err := s.cursors.open(page.cursor, binding, user)
		switch {
		case errors.Is(err, errCursorUser):
			return forbidden(err.Error())
		case err != nil:
			return badRequest(err.Error())
		}
		cur = &c0
	}

	// The merged Patient leads $everything and Patient searches.
	var patient *federation.Entry
	var matches []federation.Entry
	includes := map[string]federation.Entry{}
	var includeOrder []string
	for i, en := range v.Entries {
		switch {
		case i == 0 && en.Resource.Type == "Patient" && en.Resource.ID == v.NHSNumber:
			patient = &v.Entries[0]
		case en.Include:
			k := en.Resource.Type + "/" + en.Resource.ID
			includes[k] = en
			includeOrder = append(includeOrder, k)
		default:
			matches = append(matches, en)
		}
	}
	total := len(matches)
	if patient != nil {
		total++
	}

	start := 0
	if cur != nil && !cur.Begin {
		key := &fhir.Resource{Type: cur.AfterType, ID: cur.AfterID}
		if cur.AfterDate != "" {
			t, err := time.Parse(time.RFC3339Nano, cur.AfterDate)
			if err != nil {
				return badRequest(errCursorInvalid.Error())
			}
			key.Date = t
		}
		start, _ = slices.BinarySearchFunc(matches, key, func(e federation.Entry, k *fhir.Resource) int {
			if federation.CompareMatches(e.Resource, k) <= 0 {
				return -1
			}
			return 1
		})
	}
	count := page.count
	var pageEntries []federation.Entry
	if cur == nil && patient != nil && count > 0 {
		pageEntries = append(pageEntries, *patient)
		count--
	}
	end := min(start+count, len(matches))
	pageEntries = append(pageEntries, matches[start:end]...)

	// Supporting resources go on the page whose matches refer to them.
	var pageIncludes []federation.Entry
	wanted := map[string]bool{}
	for _, en := range pageEntries {
		for _, r := range en.Refs {
			wanted[r] = true
		}
	}
	for _, k := range includeOrder {
		if wanted[k] {
			pageIncludes = append(pageIncludes, includes[k])
		}
	}

	b := fhir.Bundle{ID: errorID(), Type: "searchset", LastUpdated: s.cfg.Now(), Total: &total}
	b.Links = append(b.Links, fhir.Link{Relation: "self", URL: pageURL(base, applied, page.count, page.cursor)})
	if end < len(matches) && len(pageEntries) > 0 {
		// The next page starts after the last match sent, or at the first
		// match when this page held only the Patient.
		next := cursor{Begin: true}
		if end > start {
			last := matches[end-1].Resource
			next = cursor{AfterType: last.Type, AfterID: last.ID}
			if !last.Date.IsZero() {
				next.AfterDate = last.Date.UTC().Format(time.RFC3339Nano)
			}
		}
		tok, err := s.cursors.seal(next, binding, user)
		if err != nil {
			return fmt.Errorf("sealing the page cursor: %w", err)
		}
		b.Links = append(b.Links, fhir.Link{Relation: "next", URL: pageURL(base, applied, page.count, tok)})
	}

	fhirBase := s.baseURL(c)
	for _, en := range pageEntries {
		b.Entries = append(b.Entries, fhir.Entry{FullURL: fhirBase + "/" + en.Resource.Type + "/" + en.Resource.ID, Resource: en.Resource.Raw, Mode: fhir.ModeMatch})
	}
	for _, en := range pageIncludes {
		b.Entries = append(b.Entries, fhir.Entry{FullURL: fhirBase + "/" + en.Resource.Type + "/" + en.Resource.ID, Resource: en.Resource.Raw, Mode: fhir.ModeInclude})
	}
	facts(c).returned = len(b.Entries)
	for _, oo := range outcomes(v, ignored) {
		b.Entries = append(b.Entries, fhir.Entry{Resource: oo, Mode: fhir.ModeOutcome})
	}
	if held {
		b.Entries = append(b.Entries, fhir.Entry{Resource: heldBackOutcome(), Mode: fhir.ModeOutcome})
	}
	c.Header("Cache-Control", "no-store")
	writeFHIR(c, http.StatusOK, b.AppendJSON(make([]byte, 0, 4096)))
	return nil
}

// pageURL is a self or next link: the applied parameters in canonical
// order, the page size, and the cursor if any.
func pageURL(base string, applied url.Values, count int, cur string) string {
	q := url.Values{}
	for k, v := range applied {
		q[k] = v
	}
	q.Set("_count", strconv.Itoa(count))
	if cur != "" {
		q.Set("_cursor", cur)
	}
	return base + "?" + q.Encode()
}

// outcomes are the OperationOutcome entries of a searchset: one per source
// that failed, timed out, was skipped, trimmed its answer or sent resources
// that were not admitted, and one for ignored parameters. Their text names
// the organisation and its ODS code and never the patient.
func outcomes(v *federation.View, ignored []string) [][]byte {
	var out [][]byte
	for _, o := range v.Sources {
		if o.ByPolicy {
			continue // said once, without detail, by the held-back entry
		}
		who := fmt.Sprintf("%s (ODS %s, source %s)", o.Organisation.Name, o.Organisation.ODS, o.SourceID)
		var issues []fhir.Issue
		switch o.Status {
		case federation.StatusFailed:
			issues = append(issues, fhir.Issue{Severity: fhir.SeverityWarning, Code: fhir.IssueIncomplete,
				Diagnostics: who + " " + o.Reason + ": its records are missing from this answer"})
		case federation.StatusTimedOut:
			issues = append(issues, fhir.Issue{Severity: fhir.SeverityWarning, Code: fhir.IssueTimeout,
				Diagnostics: who + " " + o.Reason + ": its records are missing from this answer"})
		case federation.StatusSkipped:
			issues = append(issues, fhir.Issue{Severity: fhir.SeverityInformation, Code: "informational",
				Diagnostics: who + " was not asked: it " + o.Reason})
		}
		if o.Truncated {
			issues = append(issues, fhir.Issue{Severity: fhir.SeverityWarning, Code: fhir.IssueIncomplete,
				Diagnostics: who + " sent only part of its answer"})
		}
		if o.Dropped > 0 {
			issues = append(issues, fhir.Issue{Severity: fhir.SeverityWarning, Code: fhir.IssueProcessing,
				Diagnostics: fmt.Sprintf("%s sent %d resource(s) that were left out because they were not about this patient or were not valid", who, o.Dropped)})
		}
		if len(issues) > 0 {
			out = append(out, fhir.OperationOutcome("", issues...))
		}
	}
	if len(ignored) > 0 {
		slices.Sort(ignored)
		out = append(out, fhir.OperationOutcome("", fhir.Issue{Severity: fhir.SeverityInformation, Code: fhir.IssueNotSupported,
			Diagnostics: "these parameters are not supported and were ignored: " + strings.Join(ignored, ", ") + " (send Prefer: handling=strict to make them an error)"}))
	}
	return out
}
