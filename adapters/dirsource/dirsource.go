// Package dirsource serves one organisation's records from a folder of FHIR
// R4 JSON files: single resources and Bundles of any type, including
// transaction Bundles whose references are urn:uuid fullUrls as Synthea
// writes them. Everything is read and checked at load; a malformed file fails
// the load with its name in the error, so a source never starts half-loaded.
// Searches use in-memory indexes by patient, type and id rather than scanning.
package dirsource

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/fhir"
)

// Options tune the loader.
type Options struct {
	// MaxFileBytes caps one file. Zero means 64 MiB.
	MaxFileBytes int64
	// Limits apply to each resource. Zero means fhir.DefaultLimits.
	Limits fhir.Limits
}

// Source is a loaded folder. It is immutable after New and safe for
// concurrent use.
type Source struct {
	byKey       map[key]*fhir.Resource
	byType      map[string][]*fhir.Resource
	compartment map[string][]*fhir.Resource  // patient id → resources linking to it
	byIdent     map[fhir.Identifier][]string // patient identifier → patient ids
	caps        adapters.Capabilities
}

var (
	_ adapters.Source = (*Source)(nil)
	_ adapters.Reader = (*Source)(nil)
)

type key struct{ typ, id string }

// loaded is one resource as read from disk, before references are resolved.
type loaded struct {
	res     *fhir.Resource
	file    string
	fullURL string
	bundle  int // index of the file's Bundle among all files; -1 for a plain resource
}

// New loads every *.json file under dir (recursively, in lexical order).
func New(ctx context.Context, dir string, opt Options) (*Source, error) {
	if opt.MaxFileBytes == 0 {
		opt.MaxFileBytes = 64 << 20
	}
	if opt.Limits == (fhir.Limits{}) {
		opt.Limits = fhir.DefaultLimits
	}
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".json") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing FHIR files in %s: %w", dir, err)
	}
	sort.Strings(files)

	var all []loaded
	for i, path := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rel, _ := filepath.Rel(dir, path)
		items, err := loadFile(path, i, opt)
		if err != nil {
			return nil, fmt.Errorf("loading %s: %w", rel, err)
		}
		for j := range items {
			items[j].file = rel
		}
		all = append(all, items...)
	}
	return build(all, opt.Limits)
}

// loadFile reads one file: a resource, or a Bundle whose entries become
// resources.
func loadFile(path string, index int, opt Options) ([]loaded, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Size() > opt.MaxFileBytes {
		return nil, fmt.Errorf("%d bytes is over the %d byte limit", info.Size(), opt.MaxFileBytes)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	// The whole file is checked strictly first, with the resource limits
	// relaxed to the file limit for a Bundle's size.
	fileLimits := opt.Limits
	fileLimits.MaxBytes = int(opt.MaxFileBytes)
	if fileLimits.MaxDepth > 0 {
		fileLimits.MaxDepth += 3 // Bundle.entry[].resource
	}
	top, err := fhir.Parse(raw, fileLimits)
	if err != nil {
		return nil, err
	}
	if top.Type != "Bundle" {
		v := jsontext.Value(raw)
		if err := v.Compact(); err != nil {
			return nil, err
		}
		r, err := fhir.Parse(v, opt.Limits)
		if err != nil {
			return nil, err
		}
		return []loaded{{res: r, bundle: -1}}, nil
	}
	var b struct {
		Entry []struct {
			FullURL  string         `json:"fullUrl"`
			Resource jsontext.Value `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(raw, &b); err != nil {
		return nil, fmt.Errorf("reading Bundle entries: %w", err)
	}
	out := make([]loaded, 0, len(b.Entry))
	for i, e := range b.Entry {
		if len(e.Resource) == 0 {
			continue // a request-only entry (e.g. DELETE) carries no resource
		}
		// Files are often pretty-printed; compacting once at load keeps
		// every response that carries the resource small.
		v := jsontext.Value(bytes.Clone(e.Resource))
		if err := v.Compact(); err != nil {
			return nil, fmt.Errorf("Bundle entry %d: %w", i, err)
		}
		r, err := fhir.Parse(v, opt.Limits)
		if err != nil {
			return nil, fmt.Errorf("Bundle entry %d: %w", i, err)
		}
		out = append(out, loaded{res: r, fullURL: e.FullURL, bundle: index})
	}
	return out, nil
}

// build resolves Bundle-local and conditional references to relative ones,
// assigns ids from urn:uuid fullUrls where a resource has none, and indexes.
func build(all []loaded, lim fhir.Limits) (*Source, error) {
	// fullUrl → relative reference, per Bundle.
	type bundleURL struct {
		bundle int
		url    string
	}
	byURL := map[bundleURL]string{}
	// A urn:uuid is unique everywhere, so one named in another file of
	// the folder (an organisation's practitioners kept in their own
	// Bundle) still identifies the one resource.
	byUUID := map[string]string{}
	for i := range all {
		l := &all[i]
		if l.fullURL == "" {
			continue
		}
		id := l.res.ID
		if id == "" {
			id = idFromFullURL(l.fullURL)
			if id == "" {
				return nil, fmt.Errorf("loading %s: a %s has no id and its fullUrl %q gives none", l.file, l.res.Type, l.fullURL)
			}
			r, err := rewriteAndParse(l.res, fhir.Rewrite{ID: id}, lim)
			if err != nil {
				return nil, fmt.Errorf("loading %s: %w", l.file, err)
			}
			l.res = r
		}
		byURL[bundleURL{l.bundle, l.fullURL}] = l.res.Type + "/" + id
		if strings.HasPrefix(l.fullURL, "urn:uuid:") {
			if prev, dup := byUUID[l.fullURL]; dup && prev != l.res.Type+"/"+id {
				return nil, fmt.Errorf("loading %s: fullUrl %s names two resources", l.file, l.fullURL)
			}
			byUUID[l.fullURL] = l.res.Type + "/" + id
		}
	}
	// Identifiers of every resource, for conditional references such as
	// Organization?identifier=system|value that Synthea writes.
	idents := map[string]map[fhir.Identifier][]string{}
	for _, l := range all {
		for _, ident := range l.res.Identifiers {
			m := idents[l.res.Type]
			if m == nil {
				m = map[fhir.Identifier][]string{}
				idents[l.res.Type] = m
			}
			m[ident] = append(m[ident], l.res.ID)
		}
	}
	for i := range all {
		l := &all[i]
		resolve := func(ref string) (string, bool) {
			if to, ok := byURL[bundleURL{l.bundle, ref}]; ok && l.bundle >= 0 {
				return to, true
			}
			if to, ok := byUUID[ref]; ok {
				return to, true
			}
			if typ, query, ok := strings.Cut(ref, "?"); ok {
				return conditional(idents[typ], typ, query)
			}
			return "", false
		}
		changed := false
		for _, ref := range l.res.References() {
			if _, ok := resolve(ref); ok {
				changed = true
				break
			}
		}
		if !changed {
			continue
		}
		r, err := rewriteAndParse(l.res, fhir.Rewrite{Reference: resolve}, lim)
		if err != nil {
			return nil, fmt.Errorf("loading %s: %w", l.file, err)
		}
		l.res = r
	}

	s := &Source{
		byKey:       map[key]*fhir.Resource{},
		byType:      map[string][]*fhir.Resource{},
		compartment: map[string][]*fhir.Resource{},
		byIdent:     map[fhir.Identifier][]string{},
		caps:        adapters.Capabilities{Types: map[string]adapters.TypeCapabilities{}},
	}
	where := map[key]string{}
	for _, l := range all {
		r := l.res
		if r.ID == "" {
			return nil, fmt.Errorf("loading %s: a %s has no id", l.file, r.Type)
		}
		k := key{r.Type, r.ID}
		if first, dup := where[k]; dup {
			return nil, fmt.Errorf("loading %s: %s/%s is also in %s", l.file, r.Type, r.ID, first)
		}
		where[k] = l.file
		s.byKey[k] = r
		s.byType[r.Type] = append(s.byType[r.Type], r)
		if r.Type == "Patient" {
			for _, ident := range r.Identifiers {
				s.byIdent[ident] = append(s.byIdent[ident], r.ID)
			}
			continue
		}
		var linked []string
		for _, ref := range r.PatientRefs {
			if typ, id, ok := fhir.SplitReference(ref); ok && typ == "Patient" && !slices.Contains(linked, id) {
				linked = append(linked, id)
				s.compartment[id] = append(s.compartment[id], r)
			}
		}
	}
	for typ := range s.byType {
		params := []string{"_id"}
		if typ == "Patient" {
			params = append(params, "identifier")
		}
		s.caps.Types[typ] = adapters.TypeCapabilities{SearchParams: params}
	}
	return s, nil
}

func rewriteAndParse(r *fhir.Resource, rw fhir.Rewrite, lim fhir.Limits) (*fhir.Resource, error) {
	out, err := r.Rewrite(rw)
	if err != nil {
		return nil, err
	}
	return fhir.Parse(out.Raw, lim)
}

// idFromFullURL takes the id from "urn:uuid:<uuid>" or ".../Type/<id>".
func idFromFullURL(u string) string {
	if id, ok := strings.CutPrefix(u, "urn:uuid:"); ok && fhir.ValidID(id) {
		return id
	}
	if i := strings.LastIndexByte(u, '/'); i >= 0 && fhir.ValidID(u[i+1:]) {
		return u[i+1:]
	}
	return ""
}

// conditional resolves "identifier=system|value" against the identifiers of
// the resources of that type; it resolves only when exactly one matches.
func conditional(idents map[fhir.Identifier][]string, typ, query string) (string, bool) {
	v, ok := strings.CutPrefix(query, "identifier=")
	if !ok || strings.ContainsAny(v, "&,") {
		return "", false
	}
	system, value, ok := strings.Cut(v, "|")
	if !ok {
		return "", false
	}
	ids := idents[fhir.Identifier{System: system, Value: value}]
	if len(ids) != 1 {
		return "", false
	}
	return typ + "/" + ids[0], true
}

// Describe reports the types found in the folder; every type supports _id,
// and Patient also identifier.
func (s *Source) Describe(ctx context.Context) (adapters.Capabilities, error) {
	if err := ctx.Err(); err != nil {
		return adapters.Capabilities{}, err
	}
	return s.caps, nil
}

// Read returns one resource by type and id.
func (s *Source) Read(ctx context.Context, resourceType, id string) (*fhir.Resource, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r, ok := s.byKey[key{resourceType, id}]
	if !ok {
		return nil, fmt.Errorf("reading %s/%s: %w", resourceType, id, adapters.ErrNotFound)
	}
	return r, nil
}

// Search answers q from the indexes. It applies _id for every type and
// identifier for Patient; every other parameter is returned as residual.
func (s *Source) Search(ctx context.Context, q adapters.Query) (*adapters.Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var res []*fhir.Resource
	switch {
	case q.Compartment:
		res = s.everything(q)
	case q.Type == "Patient":
		// Start from the narrowest index; the parameter loop below then
		// applies every parameter, so the choice never changes the answer.
		var ids []string
		switch ident, ok := exactIdentifier(q.Params); {
		case len(q.Patients) > 0:
			ids = q.Patients
		case ok:
			ids = s.byIdent[ident]
		case hasParam(q.Params, "_id"):
			for _, p := range q.Params {
				if p.Name == "_id" {
					ids = append(ids, strings.Split(p.Value, ",")...)
				}
			}
		default:
			return nil, fmt.Errorf("searching Patient: %w: a patient search needs identifier, _id or a patient", adapters.ErrInvalidQuery)
		}
		for _, id := range ids {
			if r, ok := s.byKey[key{"Patient", id}]; ok && !slices.Contains(res, r) {
				res = append(res, r)
			}
		}
	case fhir.InPatientCompartment(q.Type):
		if len(q.Patients) == 0 {
			return nil, fmt.Errorf("searching %s: %w: the search must name a patient", q.Type, adapters.ErrInvalidQuery)
		}
		for _, p := range q.Patients {
			for _, r := range s.compartment[p] {
				if r.Type == q.Type && !slices.Contains(res, r) {
					res = append(res, r)
				}
			}
		}
	default:
		res = slices.Clone(s.byType[q.Type])
	}
	out := &adapters.Result{}
	for _, p := range q.Params {
		switch {
		case p.Name == "_id":
			ids := strings.Split(p.Value, ",")
			res = slices.DeleteFunc(res, func(r *fhir.Resource) bool { return !slices.Contains(ids, r.ID) })
		case p.Name == "identifier" && q.Type == "Patient":
			res = slices.DeleteFunc(res, func(r *fhir.Resource) bool { return !adapters.IdentifierMatches(r.Identifiers, p.Value) })
		default:
			out.Residual = append(out.Residual, p)
		}
	}
	out.Resources = res
	return out, nil
}

// everything gathers the patients, their compartments, and the resources
// outside any compartment that those reference.
func (s *Source) everything(q adapters.Query) []*fhir.Resource {
	want := func(typ string) bool { return len(q.Types) == 0 || slices.Contains(q.Types, typ) }
	var out []*fhir.Resource
	seen := map[*fhir.Resource]bool{}
	add := func(r *fhir.Resource) {
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	for _, p := range q.Patients {
		if r, ok := s.byKey[key{"Patient", p}]; ok && want("Patient") {
			add(r)
		}
		for _, r := range s.compartment[p] {
			if want(r.Type) {
				add(r)
			}
		}
	}
	n := len(out)
	for _, r := range out[:n] {
		for _, ref := range r.References() {
			typ, id, ok := fhir.SplitReference(ref)
			if !ok || fhir.InPatientCompartment(typ) || typ == "Patient" || !want(typ) {
				continue
			}
			if sup, ok := s.byKey[key{typ, id}]; ok {
				add(sup)
			}
		}
	}
	return out
}

// exactIdentifier finds an identifier parameter naming exactly one
// system|value, which the identifier index can answer directly.
func exactIdentifier(ps []adapters.Param) (fhir.Identifier, bool) {
	for _, p := range ps {
		if p.Name != "identifier" || strings.Contains(p.Value, ",") {
			continue
		}
		if system, value, ok := strings.Cut(p.Value, "|"); ok && system != "" && value != "" {
			return fhir.Identifier{System: system, Value: value}, true
		}
	}
	return fhir.Identifier{}, false
}

func hasParam(ps []adapters.Param, name string) bool {
	for _, p := range ps {
		if p.Name == name {
			return true
		}
	}
	return false
}

// Code classifies errors from this source; all of them are the shared
// sentinel errors or context errors.
func (s *Source) Code(err error) adapters.Code {
	return adapters.CommonCode(err)
}
