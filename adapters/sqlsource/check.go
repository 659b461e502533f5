package sqlsource

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/shcr/shcr/adapters"
)

// schema is the mapping checked against the database: for each type, the
// position and type of every column its query returns.
type schema struct {
	types map[string]*typeSchema
}

type typeSchema struct {
	names   map[string]int // column name → position
	oids    []uint32
	json    []bool // json or jsonb: decoded into a tree
	date    []bool // date (or date[]): written without a time
	idIndex int
	// dates holds, for each date search parameter, its start and end
	// columns as they are compared.
	dates map[string][2]dateCol
}

// checked returns the checked schema, checking the mapping first if no
// check has succeeded yet. A failed check is not remembered: the database
// may be up, or fixed, next time.
func (s *Source) checked(ctx context.Context) (*schema, error) {
	if sch := s.schema.Load(); sch != nil {
		return sch, nil
	}
	s.checkMu.Lock()
	defer s.checkMu.Unlock()
	if sch := s.schema.Load(); sch != nil {
		return sch, nil
	}
	sch, err := s.check(ctx)
	if err != nil {
		return nil, err
	}
	s.schema.Store(sch)
	return sch, nil
}

// Column type groups.
func textOID(oid uint32) bool {
	switch oid {
	case pgtype.TextOID, pgtype.VarcharOID, pgtype.BPCharOID, pgtype.NameOID:
		return true
	}
	return false
}

func dateOID(oid uint32) (dateCol, bool) {
	switch oid {
	case pgtype.DateOID:
		return dateCol{day: true, cast: "date"}, true
	case pgtype.TimestampOID:
		return dateCol{cast: "timestamp"}, true
	case pgtype.TimestamptzOID:
		return dateCol{cast: "timestamptz"}, true
	}
	return dateCol{}, false
}

func arrayOID(oid uint32) bool {
	switch oid {
	case pgtype.JSONOID, pgtype.JSONBOID, pgtype.TextArrayOID, pgtype.VarcharArrayOID, pgtype.BPCharArrayOID,
		pgtype.Int2ArrayOID, pgtype.Int4ArrayOID, pgtype.Int8ArrayOID, pgtype.NumericArrayOID,
		pgtype.Float4ArrayOID, pgtype.Float8ArrayOID, pgtype.BoolArrayOID, pgtype.DateArrayOID,
		pgtype.TimestampArrayOID, pgtype.TimestamptzArrayOID, pgtype.JSONArrayOID, pgtype.JSONBArrayOID:
		return true
	}
	return false
}

// check prepares each type's query (without running it) to learn its
// columns, checks that every column the mapping names is there with a type
// the adapter can use, and then prepares the query with a condition for
// every declared search parameter, so that a column whose type cannot be
// compared (an integer id compared with text) is found at startup rather
// than on a patient's request.
func (s *Source) check(ctx context.Context) (*schema, error) {
	if s.closed.Load() {
		return nil, fmt.Errorf("checking the mapping: %w: the source is closed", adapters.ErrUnavailable)
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, dbError(ctx, "checking the mapping against the database", err)
	}
	defer conn.Release()
	sch := &schema{types: map[string]*typeSchema{}}
	var errs []error
	for _, typ := range s.mapping.Types() {
		tm := s.mapping.types[typ]
		sd, err := conn.Conn().Prepare(ctx, "", "SELECT * FROM (\n"+tm.query.text+"\n) AS shcr_row LIMIT 0")
		if err != nil {
			err = checkError(ctx, "checking the mapping: "+typ+".query", err)
			if !errors.Is(err, ErrMappingMismatch) {
				return nil, err
			}
			errs = append(errs, err)
			continue
		}
		ts := &typeSchema{names: map[string]int{}, dates: map[string][2]dateCol{}}
		ambiguous := map[string]bool{}
		for i, f := range sd.Fields {
			if _, dup := ts.names[f.Name]; dup {
				ambiguous[f.Name] = true
			}
			ts.names[f.Name] = i
			ts.oids = append(ts.oids, f.DataTypeOID)
			ts.json = append(ts.json, f.DataTypeOID == pgtype.JSONOID || f.DataTypeOID == pgtype.JSONBOID)
			ts.date = append(ts.date, f.DataTypeOID == pgtype.DateOID || f.DataTypeOID == pgtype.DateArrayOID)
		}
		bad := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("%w: %s: %s", ErrMappingMismatch, typ, fmt.Sprintf(format, args...)))
		}
		names := make([]string, 0)
		for c := range tm.columns() {
			names = append(names, c)
		}
		sort.Strings(names)
		missing := false
		for _, c := range names {
			if _, ok := ts.names[c]; !ok {
				bad("the query returns no column %s, which the mapping names", c)
				missing = true
			} else if ambiguous[c] {
				bad("the query returns more than one column %s", c)
				missing = true
			}
		}
		if missing {
			continue
		}
		oid := func(c string) uint32 { return ts.oids[ts.names[c]] }
		ts.idIndex = ts.names[tm.id]
		if !textOID(oid(tm.id)) {
			bad("id column %s must be text (cast it: %s::text)", tm.id, tm.id)
		}
		if tm.patient != "" && !textOID(oid(tm.patient)) {
			bad("patient column %s must be text (cast it: %s::text)", tm.patient, tm.patient)
		}
		for _, d := range tm.search {
			switch d.kind {
			case kindToken:
				for _, c := range d.columns {
					if !textOID(oid(c.column)) {
						bad("search %s: column %s must be text", d.name, c.column)
					}
				}
			case kindReference:
				if !textOID(oid(d.column)) {
					bad("search %s: column %s must be text", d.name, d.column)
				}
			case kindDate:
				var pair [2]dateCol
				for i, c := range []string{d.start, d.end} {
					if c == "" {
						continue
					}
					dc, ok := dateOID(oid(c))
					if !ok {
						bad("search %s: column %s must be a date, timestamp or timestamptz", d.name, c)
					}
					dc.name = c
					pair[i] = dc
				}
				ts.dates[d.name] = pair
			}
		}
		for _, src := range eachSources(tm.template) {
			if !arrayOID(oid(src)) {
				bad("$each %s: the column must be json, jsonb or an array", src)
			}
		}
		sch.types[typ] = ts
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	// Prepare each query with every condition the adapter can add, so the
	// database type-checks them now.
	for _, typ := range s.mapping.Types() {
		tm := s.mapping.types[typ]
		var params []adapters.Param
		for _, d := range tm.search {
			v := "x"
			switch d.kind {
			case kindDate:
				v = "ge2000-01-01,le2000-01-01T00:00:00Z,sa2000,eb2000,ne2000,eq2000,gt2000,lt2000"
			case kindToken:
				// One code and one any-code alternative for each column.
				var alts []string
				for _, c := range d.columns {
					alts = append(alts, c.system+"|x", c.system+"|")
				}
				alts = slices.DeleteFunc(alts, func(a string) bool { return a == "|" })
				v = strings.Join(alts, ",")
				params = append(params, adapters.Param{Name: d.name + ":not", Value: v})
			}
			params = append(params, adapters.Param{Name: d.name, Value: v})
		}
		var patients []string
		if tm.patient != "" {
			patients = []string{"x"}
		}
		p, err := s.plan(sch, tm, patients, append(params, adapters.Param{Name: "_id", Value: "x"}), nil)
		if err != nil {
			return nil, fmt.Errorf("checking the mapping: %s: %w", typ, err)
		}
		if _, err := conn.Conn().Prepare(ctx, "", p.sql); err != nil {
			err = checkError(ctx, "checking the mapping: "+typ+": the search conditions", err)
			if !errors.Is(err, ErrMappingMismatch) {
				return nil, err
			}
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return sch, nil
}

// checkError is dbError for the check, which prepares the mapping's own SQL
// with no values bound: there the server's message is about configuration,
// not data, and it is what an operator needs to fix the mapping, so it is
// kept for faults in the SQL (SQLSTATE classes 42 and 0A).
func checkError(ctx context.Context, doing string, err error) error {
	out := dbError(ctx, doing, err)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && (strings.HasPrefix(pgErr.Code, "42") || strings.HasPrefix(pgErr.Code, "0A")) {
		return fmt.Errorf("%w: %s", out, pgErr.Message)
	}
	return out
}

// eachSources lists the row columns that $each repeats over (those outside
// any other $each).
func eachSources(n node) []string {
	var out []string
	var walk func(node)
	walk = func(n node) {
		switch n := n.(type) {
		case *objectNode:
			for _, m := range n.members {
				walk(m.value)
			}
		case *arrayNode:
			for _, it := range n.items {
				walk(it)
			}
		case *eachNode:
			out = append(out, n.source)
		}
	}
	walk(n)
	return out
}
