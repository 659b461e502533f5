package rest

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/shcr/shcr/federation"
	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/fhir/search"
)

// searchset is one searchset response to write.
type searchset struct {
	// req is the engine request the view answers; includes are asked with
	// its principal, patient and Filter, so the access policy sees them
	// exactly as it saw the matches.
	req  federation.Request
	view *federation.View
	// base is the URL the page links start with; applied the parameters
	// in canonical order, which links repeat.
	base    string
	applied url.Values
	page    pageSpec
	shape   Shape
	ignored []string
	// queryKey names the search for the cursor binding.
	queryKey string
	// held says the access policy held something back from the view.
	held bool
}

// pageItem is one match of the view in paging order, with its position.
type pageItem struct {
	entry federation.Entry
	edge  string // edgeStart for the merged Patient that leads the view
}

// position is a place in the paging order: before every match (edgeStart),
// after every match (edgeEnd), or at a match.
type position struct {
	edge string
	at   federation.Position
}

func (it pageItem) position() position {
	if it.edge != "" {
		return position{edge: it.edge}
	}
	return position{at: it.entry.Position()}
}

func edgeRank(edge string) int {
	switch edge {
	case edgeStart:
		return -1
	case edgeEnd:
		return 1
	}
	return 0
}

// comparePositions orders positions: the start edge, then the matches in
// the view's order, then the end edge.
func comparePositions(o federation.Order, a, b position) int {
	if c := cmp.Compare(edgeRank(a.edge), edgeRank(b.edge)); c != 0 || a.edge != "" {
		return c
	}
	return o.Compare(a.at, b.at)
}

// cursorAt is a cursor to the page in direction dir from p.
func cursorAt(dir string, p position) cursor {
	c := cursor{Dir: dir, Edge: p.edge}
	if p.edge == "" {
		c.Type, c.ID = p.at.Type, p.at.ID
		for _, k := range p.at.Keys {
			c.Keys = append(c.Keys, k.String())
		}
	}
	return c
}

// positionOf reads a cursor's position.
func positionOf(c cursor) (position, error) {
	if c.Edge != "" {
		if c.Edge != edgeStart && c.Edge != edgeEnd {
			return position{}, errCursorInvalid
		}
		return position{edge: c.Edge}, nil
	}
	p := position{at: federation.Position{Type: c.Type, ID: c.ID}}
	for _, k := range c.Keys {
		v, err := search.ParseSortValue(k)
		if err != nil {
			return position{}, errCursorInvalid
		}
		p.at.Keys = append(p.at.Keys, v)
	}
	return p, nil
}

// pageBounds returns the page of items, in paging order, that a cursor
// asks for: the first count items without one, the count items after its
// position for a next page, the count items just before it for a previous
// page.
func pageBounds(items []pageItem, order federation.Order, cur *cursor, count int) (start, end int, err error) {
	if cur == nil {
		return 0, min(count, len(items)), nil
	}
	at, err := positionOf(*cur)
	if err != nil {
		return 0, 0, err
	}
	// first is the index of the first item after the position (or at it).
	first := func(after bool) int {
		i, _ := slices.BinarySearchFunc(items, at, func(it pageItem, at position) int {
			c := comparePositions(order, it.position(), at)
			if c < 0 || after && c == 0 {
				return -1
			}
			return 1
		})
		return i
	}
	if cur.Dir == dirNext {
		start = first(true)
		return start, min(start+count, len(items)), nil
	}
	end = first(false)
	return max(0, end-count), end, nil
}

// writeSearchset pages a view and writes it as a searchset Bundle: the
// page's matches, shaped as _summary or _elements ask, the supporting and
// _include/_revinclude resources they bring, and one OperationOutcome entry
// for each source whose part is missing or was trimmed, so a response
// never looks complete when it is not. Page links are self, first, and
// next and previous when there are matches that way.
func (s *Server) writeSearchset(c *gin.Context, set searchset) error {
	p, _ := principal(c)
	user := p.Issuer + "|" + p.UserID
	page := set.page
	binding := set.queryKey + "?" + set.applied.Encode() + "&_count=" + strconv.Itoa(page.count)

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
	v := set.view
	var items []pageItem
	includes := map[string]federation.Entry{}
	var includeOrder []string
	for i, en := range v.Entries {
		switch {
		case i == 0 && en.Resource.Type == "Patient" && en.Resource.ID == v.NHSNumber && !en.Include:
			items = append(items, pageItem{entry: en, edge: edgeStart})
		case en.Include:
			k := en.Resource.Type + "/" + en.Resource.ID
			includes[k] = en
			includeOrder = append(includeOrder, k)
		default:
			items = append(items, pageItem{entry: en})
		}
	}
	total := len(items)
	order := v.Order

	start, end, err := pageBounds(items, order, cur, page.count)
	if err != nil {
		return badRequest(err.Error())
	}
	countOnly := set.shape.Summary == "count"
	if countOnly {
		start, end = 0, 0
	}
	pageItems := items[start:end]

	b := fhir.Bundle{ID: errorID(), Type: "searchset", LastUpdated: s.cfg.Now()}
	if set.shape.Total != "none" || countOnly {
		b.Total = &total
	}
	link := func(rel string, cur *cursor) error {
		tok := ""
		if cur != nil {
			var err error
			if tok, err = s.cursors.seal(*cur, binding, user); err != nil {
				return fmt.Errorf("sealing the page cursor: %w", err)
			}
		}
		b.Links = append(b.Links, fhir.Link{Relation: rel, URL: pageURL(set.base, set.applied, page.count, tok)})
		return nil
	}
	b.Links = append(b.Links, fhir.Link{Relation: "self", URL: pageURL(set.base, set.applied, page.count, page.cursor)})
	if !countOnly && page.count > 0 {
		if err := link("first", nil); err != nil {
			return err
		}
		if start > 0 {
			// The previous page ends just before this one's first match,
			// or, on an empty page past the end, at the last match.
			at := position{edge: edgeEnd}
			if start < len(items) {
				at = items[start].position()
			}
			prev := cursorAt(dirPrev, at)
			if err := link("previous", &prev); err != nil {
				return err
			}
		}
		if end < len(items) && end > start {
			next := cursorAt(dirNext, items[end-1].position())
			if err := link("next", &next); err != nil {
				return err
			}
		}
	}

	// Supporting resources go on the page whose matches refer to them.
	onPage := map[string]bool{}
	matches := make([]federation.Entry, 0, len(pageItems))
	var pageIncludes []federation.Entry
	wanted := map[string]bool{}
	for _, it := range pageItems {
		matches = append(matches, it.entry)
		onPage[it.entry.Resource.Type+"/"+it.entry.Resource.ID] = true
		for _, r := range it.entry.Refs {
			wanted[r] = true
		}
	}
	for _, k := range includeOrder {
		if wanted[k] && !onPage[k] {
			onPage[k] = true
			pageIncludes = append(pageIncludes, includes[k])
		}
	}
	extra, extraSources, err := s.includes(c, set, matches, onPage)
	if err != nil {
		return err
	}
	pageIncludes = append(pageIncludes, extra...)

	fhirBase := s.baseURL(c)
	b.Entries = make([]fhir.Entry, 0, len(matches)+len(pageIncludes)+len(v.Sources)+len(extraSources)+1)
	for _, en := range matches {
		raw, err := shapeMatch(en.Resource, set.shape)
		if err != nil {
			return err
		}
		b.Entries = append(b.Entries, fhir.Entry{FullURL: fhirBase + "/" + en.Resource.Type + "/" + en.Resource.ID, Resource: raw, Mode: fhir.ModeMatch})
	}
	for _, en := range pageIncludes {
		raw, err := shapeInclude(en.Resource, set.shape)
		if err != nil {
			return err
		}
		b.Entries = append(b.Entries, fhir.Entry{FullURL: fhirBase + "/" + en.Resource.Type + "/" + en.Resource.ID, Resource: raw, Mode: fhir.ModeInclude})
	}
	facts(c).returned = len(b.Entries)
	for _, oo := range outcomes(&federation.View{Sources: append(slices.Clone(v.Sources), extraSources...)}, set.ignored) {
		b.Entries = append(b.Entries, fhir.Entry{Resource: oo, Mode: fhir.ModeOutcome})
	}
	// Includes pass the policy's filter too: held back there counts.
	if set.held || releaserHeld(c) {
		b.Entries = append(b.Entries, fhir.Entry{Resource: heldBackOutcome(), Mode: fhir.ModeOutcome})
	}
	c.Header("Cache-Control", "no-store")
	writeFHIR(c, http.StatusOK, b.AppendJSON(nil))
	return nil
}

// shapeMatch applies _summary or _elements to a match.
func shapeMatch(r *fhir.Resource, sh Shape) ([]byte, error) {
	if len(sh.Elements) > 0 {
		return fhir.SelectElements(r.Raw, r.Type, sh.Elements)
	}
	return shapeInclude(r, sh)
}

// shapeInclude applies _summary to an included resource; _elements, as R4
// says, does not apply to included resources.
func shapeInclude(r *fhir.Resource, sh Shape) ([]byte, error) {
	if sh.Summary == "" || sh.Summary == "false" || sh.Summary == "count" {
		return r.Raw, nil
	}
	return fhir.Summarize(r.Raw, r.Type, sh.Summary)
}

// pageURL is a page link: the applied parameters in canonical order, the
// page size, and the cursor if any.
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
