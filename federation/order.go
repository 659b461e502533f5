package federation

import (
	"cmp"
	"fmt"

	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/fhir/search"
)

// SortKey is one key of the order of a view's matches.
type SortKey struct {
	// Name is the _sort code, for messages.
	Name       string
	Descending bool
	// Value reads the key from a match as the client sees it (federated
	// ids and references), decoded by Options.Decode. Nil means the
	// clinical date of the peek (fhir.Resource.Date), which needs no
	// decoding: the key of DefaultOrder.
	Value func(resource any) (search.SortValue, error)
}

// Order is how a view's matches are sorted: by each key in turn, missing
// values last whichever the direction, then by resource type and
// federated id, so that the order is total and the same on every request.
// Keyset paging relies on that: a page cursor holds a Position, and the
// next page is the matches after it in the same Order.
type Order []SortKey

// DefaultOrder is the order without _sort: newest clinical date first,
// resources without one last.
func DefaultOrder() Order {
	return Order{{Name: "clinical date", Descending: true}}
}

// Position is where a match sits in an Order: its key values (one per
// key), type and federated id.
type Position struct {
	Keys []search.SortValue
	Type string
	ID   string
}

// Compare orders two positions. A position with fewer key values than the
// order has keys (from a malformed cursor) compares its missing keys as
// missing values.
func (o Order) Compare(a, b Position) int {
	for i, k := range o {
		var x, y search.SortValue
		if i < len(a.Keys) {
			x = a.Keys[i]
		}
		if i < len(b.Keys) {
			y = b.Keys[i]
		}
		if c := search.CompareSortValues(x, y, k.Descending); c != 0 {
			return c
		}
	}
	return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.ID, b.ID))
}

// needsDecode reports whether a key must read the decoded resource.
func (o Order) needsDecode() bool {
	for _, k := range o {
		if k.Value != nil {
			return true
		}
	}
	return false
}

// keys reads a match's values for o; decoded returns the decoded resource
// (once, shared with the criteria).
func (o Order) keys(r *fhir.Resource, decoded func() (any, error)) ([]search.SortValue, error) {
	out := make([]search.SortValue, len(o))
	for i, k := range o {
		if k.Value == nil {
			if !r.Date.IsZero() {
				out[i] = search.TimeSortValue(r.Date)
			}
			continue
		}
		v, err := decoded()
		if err != nil {
			return nil, err
		}
		if out[i], err = k.Value(v); err != nil {
			return nil, fmt.Errorf("sorting by %s: %w", k.Name, err)
		}
	}
	return out, nil
}
