package fhirrest

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/shcr/shcr/fhir"
)

// page is one searchset Bundle, read.
type page struct {
	resources []*fhir.Resource
	// next is the Bundle's next link as written, "" on the last page.
	next string
	// dropped counts entries whose resource was not valid FHIR.
	dropped int
	// incomplete: the server put an OperationOutcome with an error or
	// fatal issue among the entries, saying its answer is not whole.
	incomplete bool
}

// parseBundle reads a searchset Bundle from an untrusted server.
//
// JSON-level faults anywhere (bad syntax, duplicate member names, invalid
// UTF-8, nesting deeper than twice lim.MaxDepth) fail the whole Bundle: the
// document is not FHIR JSON and nothing in it, its framing included, can be
// trusted. A Bundle that is not a searchset fails too. FHIR-level faults in
// one entry's resource (no resourceType, an id that is not an id, a date that
// is not a date, over lim) drop that entry and are counted (DESIGN §3: one
// bad entry must not fail a whole source); the caller reports the answer as
// truncated. OperationOutcome entries are the server's remarks, not results.
//
// When base is not nil, absolute references to base ("https://host/fhir/
// Patient/1") become relative ("Patient/1"), so the engine can federate
// them. fullUrl and every other absolute URL are left alone and never
// followed.
func parseBundle(raw []byte, lim fhir.Limits, base *url.URL) (*page, error) {
	bl := fhir.Limits{MaxDepth: lim.MaxDepth * 2}
	top, err := fhir.Parse(raw, bl)
	if err != nil {
		return nil, err
	}
	if top.Type != "Bundle" {
		return nil, fmt.Errorf("expected a Bundle, got a %s", top.Type)
	}
	b, err := readBundle(raw)
	if err != nil {
		return nil, fmt.Errorf("reading the Bundle: %w", err)
	}
	if b.typ != "searchset" {
		return nil, fmt.Errorf("expected a searchset Bundle, got type %q", truncate(b.typ, 32))
	}
	p := &page{}
	for _, l := range b.links {
		if l.relation != "next" {
			continue
		}
		if p.next != "" {
			return nil, errors.New("the Bundle has more than one next link")
		}
		if l.url == "" {
			return nil, errors.New("the Bundle has an empty next link")
		}
		p.next = l.url
	}
	p.resources = make([]*fhir.Resource, 0, len(b.entries))
	for _, e := range b.entries {
		if len(e.resource) == 0 {
			continue // an entry with no resource carries nothing to return
		}
		r, err := fhir.Parse(e.resource, lim)
		if err != nil {
			p.dropped++
			continue
		}
		if r.Type == "OperationOutcome" || e.mode == "outcome" {
			p.incomplete = p.incomplete || severe(r)
			continue
		}
		if base != nil {
			if r, err = relativize(r, base, lim); err != nil {
				p.dropped++
				continue
			}
		}
		p.resources = append(p.resources, r)
	}
	return p, nil
}

// bundleParts is what parseBundle needs of a Bundle: its type, links, and
// each entry's resource (its bytes within the Bundle's) and search mode.
type bundleParts struct {
	typ     string
	links   []bundleLink
	entries []bundleEntry
}

type bundleLink struct{ relation, url string }

type bundleEntry struct {
	// resource is the entry's resource as it sits in the Bundle's bytes,
	// nil when the entry has none.
	resource []byte
	mode     string
}

// readBundle reads the parts of a Bundle that parseBundle needs, as
// json.Unmarshal into the matching struct would (null is the zero value,
// unknown members are skipped, a value of the wrong kind is an error), but
// in one pass that copies no resource: each is a slice of raw. raw must
// already have been checked as strict JSON (fhir.Parse), so the decoder
// need not check names and UTF-8 again.
func readBundle(raw []byte) (*bundleParts, error) {
	dec := jsontext.NewDecoder(bytes.NewBuffer(raw), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	var b bundleParts
	err := readObject(dec, func(name string) error {
		var err error
		switch name {
		case "type":
			b.typ, err = readString(dec)
		case "link":
			err = readArray(dec, func() error {
				var l bundleLink
				err := readObject(dec, func(name string) error {
					var err error
					switch name {
					case "relation":
						l.relation, err = readString(dec)
					case "url":
						l.url, err = readString(dec)
					default:
						err = dec.SkipValue()
					}
					return err
				})
				b.links = append(b.links, l)
				return err
			})
		case "entry":
			err = readArray(dec, func() error {
				var e bundleEntry
				err := readObject(dec, func(name string) error {
					switch name {
					case "resource":
						v, err := dec.ReadValue()
						if err != nil {
							return err
						}
						end := int(dec.InputOffset())
						e.resource = raw[end-len(v) : end : end]
						return nil
					case "search":
						return readObject(dec, func(name string) error {
							if name != "mode" {
								return dec.SkipValue()
							}
							var err error
							e.mode, err = readString(dec)
							return err
						})
					}
					return dec.SkipValue()
				})
				b.entries = append(b.entries, e)
				return err
			})
		default:
			err = dec.SkipValue()
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &b, nil
}

// readObject reads a JSON object (or null), calling member with each
// member's name; member must read the value.
func readObject(dec *jsontext.Decoder, member func(name string) error) error {
	switch k := dec.PeekKind(); k {
	case 'n':
		_, err := dec.ReadToken()
		return err
	case '{':
	default:
		return fmt.Errorf("expected an object at offset %d, found %s", dec.InputOffset(), k)
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	for dec.PeekKind() == '"' {
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		if err := member(tok.String()); err != nil {
			return err
		}
	}
	_, err := dec.ReadToken()
	return err
}

// readArray reads a JSON array (or null), calling elem for each element;
// elem must read it.
func readArray(dec *jsontext.Decoder, elem func() error) error {
	switch k := dec.PeekKind(); k {
	case 'n':
		_, err := dec.ReadToken()
		return err
	case '[':
	default:
		return fmt.Errorf("expected an array at offset %d, found %s", dec.InputOffset(), k)
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	for k := dec.PeekKind(); k != ']' && k != 0; k = dec.PeekKind() {
		if err := elem(); err != nil {
			return err
		}
	}
	_, err := dec.ReadToken()
	return err
}

// readString reads a JSON string, or null as "".
func readString(dec *jsontext.Decoder) (string, error) {
	tok, err := dec.ReadToken()
	if err != nil {
		return "", err
	}
	switch tok.Kind() {
	case '"':
		return tok.String(), nil
	case 'n':
		return "", nil
	}
	return "", fmt.Errorf("expected a string at offset %d, found %s", dec.InputOffset(), tok.Kind())
}

// severe reports whether an OperationOutcome has an error or fatal issue.
// Anything unreadable counts as severe: an outcome the server thought worth
// sending and shcr cannot read may well say the answer is incomplete.
func severe(r *fhir.Resource) bool {
	if r.Type != "OperationOutcome" {
		return true
	}
	var oo struct {
		Issue []struct {
			Severity string `json:"severity"`
			Code     string `json:"code"`
		} `json:"issue"`
	}
	if err := json.Unmarshal(r.Raw, &oo); err != nil {
		return true
	}
	for _, is := range oo.Issue {
		if is.Severity == "error" || is.Severity == "fatal" {
			return true
		}
		// A warning that part of the answer is missing (another shared care
		// record saying one of its organisations did not answer) makes this
		// answer incomplete too.
		if is.Severity == "warning" && (is.Code == "incomplete" || is.Code == "timeout" || is.Code == "transient") {
			return true
		}
	}
	return false
}

// relativize rewrites the absolute references to base in r as relative
// ones, and parses the result again so the peek sees them.
func relativize(r *fhir.Resource, base *url.URL, lim fhir.Limits) (*fhir.Resource, error) {
	rel := func(ref string) (string, bool) {
		if !strings.HasPrefix(ref, "http") {
			return "", false
		}
		u, err := url.Parse(ref)
		if err != nil || u.RawQuery != "" || u.Fragment != "" || u.User != nil || !sameOrigin(u, base) {
			return "", false
		}
		rest, ok := strings.CutPrefix(u.Path, base.Path+"/")
		if !ok {
			return "", false
		}
		if _, _, ok := fhir.SplitReference(rest); !ok {
			return "", false
		}
		return rest, true
	}
	found := false
	for _, ref := range r.References() {
		if _, ok := rel(ref); ok {
			found = true
			break
		}
	}
	if !found {
		return r, nil
	}
	w, err := r.Rewrite(fhir.Rewrite{Reference: rel})
	if err != nil {
		return nil, err
	}
	return fhir.Parse(w.Raw, lim)
}

// sameOrigin reports whether two URLs have the same scheme, host and port,
// with default ports made explicit.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) && port(a) == port(b)
}

func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

// followable checks a next link before it is followed: resolved against the
// page it came from, it must stay under the configured base (same scheme,
// host and port, a path under the base path, no dot segments, no user
// info). Anything else is ErrForeignNext: following it would let the server
// send shcr, with its credentials, to another host or another part of this
// one.
func followable(base, from *url.URL, next string) (*url.URL, error) {
	ref, err := url.Parse(next)
	if err != nil {
		return nil, fmt.Errorf("%w: the next link is not a URL", ErrForeignNext)
	}
	u := from.ResolveReference(ref)
	u.Fragment, u.RawFragment = "", ""
	if u.User != nil || !sameOrigin(u, base) || (u.Path != base.Path && !strings.HasPrefix(u.Path, base.Path+"/")) {
		return nil, ErrForeignNext
	}
	for seg := range strings.SplitSeq(u.Path, "/") {
		if seg == "." || seg == ".." {
			return nil, ErrForeignNext
		}
	}
	return u, nil
}
