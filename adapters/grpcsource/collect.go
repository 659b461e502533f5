package grpcsource

import (
	"fmt"
	"slices"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/grpcsource/sourcepb"
	"github.com/shcr/shcr/fhir"
)

// collector assembles one Search answer from the node's stream, which it
// treats as untrusted: every resource is parsed strictly, the bytes are
// counted against the cap, exactly one summary must end the stream, and the
// summary's residual may only hold parameters of the query (a node cannot
// make the facade filter by anything it was not asked).
type collector struct {
	q        adapters.Query
	limits   fhir.Limits
	maxBytes int64

	bytes int64
	res   adapters.Result
	done  bool
}

func newCollector(q adapters.Query, limits fhir.Limits, maxBytes int64) *collector {
	return &collector{q: q, limits: limits, maxBytes: maxBytes}
}

// add takes the next message of the stream.
func (c *collector) add(m *sourcepb.SearchResponse) error {
	if c.done {
		return fmt.Errorf("a message after the summary: %w", ErrIncomplete)
	}
	switch item := m.GetItem().(type) {
	case *sourcepb.SearchResponse_Resource:
		c.bytes += int64(len(item.Resource))
		if c.bytes > c.maxBytes {
			return fmt.Errorf("more than %d bytes of resources: %w", c.maxBytes, ErrTooLarge)
		}
		r, err := fhir.Parse(item.Resource, c.limits)
		if err != nil {
			return fmt.Errorf("resource %d of the stream: %w: %w", len(c.res.Resources), adapters.ErrBadResponse, err)
		}
		c.res.Resources = append(c.res.Resources, r)
	case *sourcepb.SearchResponse_Summary:
		s := item.Summary
		for _, p := range s.GetResidual() {
			rp := adapters.Param{Name: p.GetName(), Value: p.GetValue()}
			if !slices.Contains(c.q.Params, rp) {
				return fmt.Errorf("%w: the summary's residual holds a parameter that was not in the query", adapters.ErrBadResponse)
			}
			if !slices.Contains(c.res.Residual, rp) {
				c.res.Residual = append(c.res.Residual, rp)
			}
		}
		for _, t := range s.GetWithheldTypes() {
			if !validType(t) {
				return fmt.Errorf("%w: the summary withholds something that is not a resource type", adapters.ErrBadResponse)
			}
		}
		c.res.Truncated = s.GetTruncated() || len(s.GetWithheldTypes()) > 0
		c.done = true
	default:
		return fmt.Errorf("%w: an empty message in the search stream", adapters.ErrBadResponse)
	}
	return nil
}

// result is the answer once the stream has ended cleanly.
func (c *collector) result() (*adapters.Result, error) {
	if !c.done {
		return nil, fmt.Errorf("the stream ended without one: %w", ErrIncomplete)
	}
	return &c.res, nil
}
