package fhir

import (
	"slices"
	"strconv"
	"time"
)

// Bundle is a Bundle being written: the envelope is built here and each
// entry's resource is spliced in as its raw bytes, never re-encoded.
type Bundle struct {
	ID          string
	Type        string // "searchset", "collection", ...
	LastUpdated time.Time
	// Total is the number of matches; nil leaves total out, which FHIR
	// allows when it is not known or was not asked for.
	Total   *int
	Links   []Link
	Entries []Entry
}

// Link is one Bundle.link.
type Link struct {
	Relation string
	URL      string
}

// Entry is one Bundle.entry.
type Entry struct {
	FullURL  string
	Resource []byte
	// Mode is search.mode: "match", "include" or "outcome". "" leaves
	// search out, as collection Bundles need.
	Mode string
}

// Search modes of Bundle entries.
const (
	ModeMatch   = "match"
	ModeInclude = "include"
	ModeOutcome = "outcome"
)

// AppendJSON appends the Bundle as JSON to dst. Entries must hold valid JSON
// resources; the writer does not check them again.
func (b *Bundle) AppendJSON(dst []byte) []byte {
	// Grow once to the whole Bundle's size: a page of hundreds of
	// resources would otherwise be copied a dozen times as it grows.
	dst = slices.Grow(dst, b.size())
	dst = append(dst, `{"resourceType":"Bundle"`...)
	if b.ID != "" {
		dst = append(dst, `,"id":`...)
		dst = appendString(dst, b.ID)
	}
	if !b.LastUpdated.IsZero() {
		dst = append(dst, `,"meta":{"lastUpdated":`...)
		// An RFC 3339 time holds nothing a JSON string escapes.
		dst = append(dst, '"')
		dst = b.LastUpdated.UTC().AppendFormat(dst, time.RFC3339Nano)
		dst = append(dst, '"', '}')
	}
	dst = append(dst, `,"type":`...)
	dst = appendString(dst, b.Type)
	if b.Total != nil {
		dst = append(dst, `,"total":`...)
		dst = strconv.AppendInt(dst, int64(*b.Total), 10)
	}
	if len(b.Links) > 0 {
		dst = append(dst, `,"link":[`...)
		for i, l := range b.Links {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"relation":`...)
			dst = appendString(dst, l.Relation)
			dst = append(dst, `,"url":`...)
			dst = appendString(dst, l.URL)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	if len(b.Entries) > 0 {
		dst = append(dst, `,"entry":[`...)
		for i, e := range b.Entries {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, '{')
			if e.FullURL != "" {
				dst = append(dst, `"fullUrl":`...)
				dst = appendString(dst, e.FullURL)
				dst = append(dst, ',')
			}
			dst = append(dst, `"resource":`...)
			dst = append(dst, e.Resource...)
			if e.Mode != "" {
				dst = append(dst, `,"search":{"mode":`...)
				dst = appendString(dst, e.Mode)
				dst = append(dst, '}')
			}
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	return append(dst, '}')
}

// size is about how many bytes AppendJSON writes, a little more when
// strings need escaping: the envelope's framing, and each entry's resource,
// fullUrl and mode with theirs.
func (b *Bundle) size() int {
	n := 128 + len(b.ID) + len(b.Type)
	for _, l := range b.Links {
		n += 32 + len(l.Relation) + len(l.URL)
	}
	for _, e := range b.Entries {
		n += 48 + len(e.FullURL) + len(e.Resource) + len(e.Mode)
	}
	return n
}
