package rest

import (
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/shcr/shcr/federation"
)

// includes resolves a page's _include and _revinclude: the resources its
// matches refer to, each read from the source that controls it
// (federation.Engine.Include), and the resources of the patient that refer
// to its matches, found by a search of their type at every source with an
// engine-side reference criterion. Includes marked :iterate are applied
// once more, to what the first round included (one level, as documented).
// Everything goes through the engine with the search's own request —
// principal, patient and Filter — so the access policy treats included
// resources exactly as it treats matches. Resources already on the page
// (onPage, which is updated) are not repeated. The outcomes are those of
// the sources asked, for the page's OperationOutcome entries.
func (s *Server) includes(c *gin.Context, set searchset, matches []federation.Entry, onPage map[string]bool) ([]federation.Entry, []federation.SourceOutcome, error) {
	sh := set.shape
	if len(sh.Include) == 0 && len(sh.RevInclude) == 0 || len(matches) == 0 {
		return nil, nil, nil
	}
	ctx := c.Request.Context()
	var out []federation.Entry
	var sources []federation.SourceOutcome
	add := func(v *federation.View) []federation.Entry {
		var found []federation.Entry
		for _, en := range v.Entries {
			k := en.Resource.Type + "/" + en.Resource.ID
			if onPage[k] {
				continue
			}
			onPage[k] = true
			en.Include = true
			found = append(found, en)
		}
		for _, o := range v.Sources {
			// A source that holds nothing of a revincluded type was not
			// asked; that is no news on this page.
			if o.Status != federation.StatusSkipped {
				sources = append(sources, o)
			}
		}
		return found
	}
	level := matches
	for round := 0; round < 2 && len(level) > 0; round++ {
		var refs []string
		for _, in := range sh.Include {
			if round > 0 && !in.Iterate {
				continue
			}
			for _, en := range level {
				if en.Resource.Type != in.Source {
					continue
				}
				rs, err := s.cfg.Searcher.IncludeRefs(in, en.Resource.Raw)
				if err != nil {
					return nil, nil, err
				}
				for _, r := range rs {
					if !slices.Contains(refs, r) {
						refs = append(refs, r)
					}
				}
			}
		}
		var found []federation.Entry
		if len(refs) > 0 {
			v, err := s.cfg.Engine.Include(ctx, set.req, refs)
			if err != nil {
				return nil, nil, err
			}
			found = append(found, add(v)...)
		}
		for _, in := range sh.RevInclude {
			if round > 0 && !in.Iterate {
				continue
			}
			var targets []string
			for _, en := range level {
				if in.Target == "" || en.Resource.Type == in.Target {
					targets = append(targets, en.Resource.Type+"/"+en.Resource.ID)
				}
			}
			if len(targets) == 0 {
				continue
			}
			crit, err := s.cfg.Searcher.RevIncludeCriterion(in, targets)
			if err != nil {
				return nil, nil, err
			}
			req := set.req
			req.Type, req.Everything, req.Types, req.Sort = in.Source, false, nil, nil
			req.Criteria = []federation.Criterion{crit}
			v, err := s.cfg.Engine.Search(ctx, req)
			if err != nil {
				return nil, nil, err
			}
			found = append(found, add(v)...)
		}
		out = append(out, found...)
		level = found
	}
	if strict(c) {
		for _, o := range sources {
			if !o.Complete() {
				return nil, nil, incomplete(&federation.View{Sources: sources})
			}
		}
	}
	return out, sources, nil
}
