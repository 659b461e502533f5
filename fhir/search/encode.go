package search

import (
	"strconv"
	"strings"
)

// Encode returns the canonical query string of q for the Bundle's self
// link: the applied search parameters in canonical order, each value as it
// was written, then the result parameters in a fixed order. Ignored
// parameters are left out, so the link says what was actually searched.
func (q *Query) Encode() string {
	var b strings.Builder
	add := func(key, value string) {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(queryEscape(key))
		b.WriteByte('=')
		b.WriteString(queryEscape(value))
	}
	for _, p := range q.Params {
		add(p.key(), p.encodeValues())
	}
	c := q.Control
	if len(c.Sort) > 0 {
		keys := make([]string, len(c.Sort))
		for i, s := range c.Sort {
			keys[i] = s.Code
			if s.Descending {
				keys[i] = "-" + s.Code
			}
		}
		add("_sort", strings.Join(keys, ","))
	}
	if c.CountSet {
		add("_count", strconv.Itoa(c.Count))
	}
	for _, in := range c.Include {
		add(in.key("_include"), in.String())
	}
	for _, in := range c.RevInclude {
		add(in.key("_revinclude"), in.String())
	}
	for _, kv := range [][2]string{
		{"_summary", c.Summary},
		{"_elements", strings.Join(c.Elements, ",")},
		{"_total", c.Total},
		{"_contained", c.Contained},
		{"_containedType", c.ContainedType},
		{"_format", c.Format},
		{"_pretty", c.Pretty},
	} {
		if kv[1] != "" {
			add(kv[0], kv[1])
		}
	}
	return b.String()
}

// encodeValues joins p's values, as written, with commas.
func (p Param) encodeValues() string {
	raws := make([]string, len(p.Values))
	for i, v := range p.Values {
		raws[i] = v.Raw
	}
	return strings.Join(raws, ",")
}

// queryEscape percent-encodes s for a query component, leaving the
// characters RFC 3986 allows there unencoded, except those with a meaning
// in form encoding (& = + ;): FHIR's ":", "/", "$" and "," stay readable.
func queryEscape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9',
			strings.IndexByte("-._~:/$,@!'()*?", c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}
