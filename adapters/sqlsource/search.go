package sqlsource

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/shcr/shcr/fhir"
)

// A search declaration says which output column(s) hold the value of a FHIR
// search parameter. The adapter, not the mapping's author, writes the SQL
// predicate for it, with the R4 semantics the engine itself applies (see
// package fhir/search), so that a parameter pushed down to this source
// gives the same answer it would have given had the engine applied it. What
// the adapter cannot express exactly (a form of value, a prefix) it returns
// as residual for the engine to apply.
type searchKind uint8

const (
	kindToken searchKind = iota + 1
	kindDate
	kindReference
)

type searchDecl struct {
	name string
	kind searchKind
	// token: one column per code system ("" for a code without a system,
	// such as a status).
	columns []tokenColumn
	// date: a point in time (start == end) or a period, either end of
	// which may be missing (open).
	start, end string
	point      bool
	// reference: the column holding the id of the referenced resource, of
	// type target.
	column, target string
}

type tokenColumn struct{ system, column string }

func (d *searchDecl) columnNames() []string {
	var out []string
	switch d.kind {
	case kindToken:
		for _, c := range d.columns {
			out = append(out, c.column)
		}
	case kindDate:
		for _, c := range []string{d.start, d.end} {
			if c != "" && (len(out) == 0 || out[0] != c) {
				out = append(out, c)
			}
		}
	case kindReference:
		out = append(out, d.column)
	}
	return out
}

// capabilities are the parameter names (with modifier) the declaration
// lets the source apply.
func (d *searchDecl) capabilities() []string {
	if d.kind == kindToken {
		return []string{d.name, d.name + ":not"}
	}
	return []string{d.name}
}

func parseSearch(typ string, n *yaml.Node) ([]*searchDecl, error) {
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s.search: want a mapping from search parameter to its declaration", typ)
	}
	var out []*searchDecl
	for i := 0; i+1 < len(n.Content); i += 2 {
		name := n.Content[i].Value
		where := typ + ".search." + truncateName(name)
		if !validParamName(name) {
			return nil, fmt.Errorf("%s: not a search parameter name", where)
		}
		if name == "_id" {
			return nil, fmt.Errorf("%s: _id is built in (it is the id column)", where)
		}
		for _, d := range out {
			if d.name == name {
				return nil, fmt.Errorf("%s: declared twice", where)
			}
		}
		d, err := parseDecl(name, where, n.Content[i+1])
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, nil
}

func parseDecl(name, where string, n *yaml.Node) (*searchDecl, error) {
	k, err := keys(n, where, "type", "column", "system", "columns", "start", "end", "target")
	if err != nil {
		return nil, err
	}
	str := func(key string) (string, error) {
		v := k[key]
		if v == nil {
			return "", nil
		}
		if key == "system" || key == "target" {
			if v.Kind != yaml.ScalarNode || v.Tag != "!!str" {
				return "", fmt.Errorf("%s.%s: want a string", where, key)
			}
			return v.Value, nil
		}
		return columnName(v, where+"."+key)
	}
	only := func(allowed ...string) error {
		for key := range k {
			if key != "type" && !contains(allowed, key) {
				return fmt.Errorf("%s.%s: does not apply to a %s parameter (it takes %s)", where, key, k["type"].Value, strings.Join(allowed, ", "))
			}
		}
		return nil
	}
	t := k["type"]
	if t == nil {
		return nil, fmt.Errorf("%s.type: required: token, date or reference", where)
	}
	d := &searchDecl{name: name}
	switch t.Value {
	case "token":
		d.kind = kindToken
		if err := only("column", "system", "columns"); err != nil {
			return nil, err
		}
		col, err := str("column")
		if err != nil {
			return nil, err
		}
		system, err := str("system")
		if err != nil {
			return nil, err
		}
		cols := k["columns"]
		switch {
		case col != "" && cols != nil:
			return nil, fmt.Errorf("%s: give column (with an optional system) or columns (system: column), not both", where)
		case col != "":
			d.columns = []tokenColumn{{system: system, column: col}}
		case cols != nil:
			if k["system"] != nil {
				return nil, fmt.Errorf("%s.system: with columns, each column's system is its key", where)
			}
			if cols.Kind != yaml.MappingNode || len(cols.Content) == 0 {
				return nil, fmt.Errorf("%s.columns: want a mapping from code system to column", where)
			}
			for j := 0; j+1 < len(cols.Content); j += 2 {
				sys := cols.Content[j].Value
				if sys == "" {
					return nil, fmt.Errorf("%s.columns: a code system cannot be empty; use column for codes without one", where)
				}
				c, err := columnName(cols.Content[j+1], where+".columns."+truncateName(sys))
				if err != nil {
					return nil, err
				}
				for _, have := range d.columns {
					if have.system == sys {
						return nil, fmt.Errorf("%s.columns: %s appears twice", where, truncateName(sys))
					}
				}
				d.columns = append(d.columns, tokenColumn{system: sys, column: c})
			}
		default:
			return nil, fmt.Errorf("%s.column: required: the column holding the code", where)
		}
	case "date":
		d.kind = kindDate
		if err := only("column", "start", "end"); err != nil {
			return nil, err
		}
		col, err := str("column")
		if err != nil {
			return nil, err
		}
		if d.start, err = str("start"); err != nil {
			return nil, err
		}
		if d.end, err = str("end"); err != nil {
			return nil, err
		}
		switch {
		case col != "" && (d.start != "" || d.end != ""):
			return nil, fmt.Errorf("%s: give column (a point in time) or start and end (a period), not both", where)
		case col != "":
			d.start, d.end, d.point = col, col, true
		case d.start == "" && d.end == "":
			return nil, fmt.Errorf("%s.column: required: the column holding the date, or start and end for a period", where)
		}
	case "reference":
		d.kind = kindReference
		if err := only("column", "target"); err != nil {
			return nil, err
		}
		if d.column, err = str("column"); err != nil {
			return nil, err
		}
		if d.target, err = str("target"); err != nil {
			return nil, err
		}
		if d.column == "" {
			return nil, fmt.Errorf("%s.column: required: the column holding the referenced resource's id", where)
		}
		if !validResourceTypeName(d.target) {
			return nil, fmt.Errorf("%s.target: required: the resource type the column's ids are of", where)
		}
	default:
		return nil, fmt.Errorf("%s.type: %q is not token, date or reference", where, truncateName(t.Value))
	}
	return d, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// validParamName reports whether s can be a search parameter code
// (_lastUpdated, date, service-provider).
func validParamName(s string) bool {
	t := strings.TrimPrefix(s, "_")
	if t == "" || len(s) > 64 || !(t[0] >= 'a' && t[0] <= 'z' || t[0] >= 'A' && t[0] <= 'Z') {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// splitValues splits a search value at unescaped commas into its OR
// alternatives and unescapes \, \| \$ and \\ (R4 search §3.1.1.4.4). A
// backslash before anything else, or at the end, is an error: the engine
// refuses such values, so a source never applies one.
func splitValues(v string) ([]string, error) {
	var out []string
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch c {
		case '\\':
			if i+1 >= len(v) || !strings.ContainsRune(`,|$\`, rune(v[i+1])) {
				return nil, errors.New("bad escape")
			}
			// Keep \| escaped for the token splitter, unescape the rest.
			if v[i+1] == '|' {
				b.WriteString(`\|`)
			} else {
				b.WriteByte(v[i+1])
			}
			i++
		case ',':
			out = append(out, b.String())
			b.Reset()
		default:
			b.WriteByte(c)
		}
	}
	return append(out, b.String()), nil
}

// splitToken splits one alternative at its first unescaped |, and
// unescapes \| in both halves.
func splitToken(alt string) (system, code string, hasSystem bool) {
	for i := 0; i < len(alt); i++ {
		switch alt[i] {
		case '\\':
			i++
		case '|':
			return unescapeBar(alt[:i]), unescapeBar(alt[i+1:]), true
		}
	}
	return "", unescapeBar(alt), false
}

func unescapeBar(s string) string { return strings.ReplaceAll(s, `\|`, "|") }

// storable reports whether s can equal a text value in the database:
// PostgreSQL text is valid UTF-8 without NUL. A value that is not can match
// nothing, so it is dropped rather than sent (where the server would fail
// the whole query on it).
func storable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// sqlBuilder collects a query's conditions and the values bound to them.
// Conditions only ever hold column names that the mapping declared (checked
// identifiers, quoted here) and $n placeholders; values go to args.
type sqlBuilder struct {
	args  []any
	conds []string
}

func (b *sqlBuilder) arg(v any, cast string) string {
	b.args = append(b.args, v)
	return "$" + strconv.Itoa(len(b.args)) + "::" + cast
}

func col(name string) string { return `shcr_row."` + name + `"` }

// errResidual marks a parameter the adapter cannot apply exactly; it goes
// back to the engine as residual.
var errResidual = errors.New("not applied by the source")

// tokenCond writes the condition for a token parameter (with or without
// :not).
func (b *sqlBuilder) tokenCond(d *searchDecl, value string, not bool) error {
	alts, err := splitValues(value)
	if err != nil {
		return errResidual
	}
	codes := make([][]string, len(d.columns))
	anyCode := make([]bool, len(d.columns))
	used := 0
	for _, alt := range alts {
		if alt == "" {
			continue
		}
		used++
		system, code, hasSystem := splitToken(alt)
		if hasSystem && system == "" && code == "" {
			return errResidual
		}
		for i, c := range d.columns {
			switch {
			case !hasSystem:
				// code: any system.
			case system == "":
				// |code: codes without a system.
				if c.system != "" {
					continue
				}
			case c.system != system:
				continue
			}
			if code == "" {
				anyCode[i] = true // system|: any code in the system
			} else if storable(code) {
				codes[i] = append(codes[i], code)
			}
		}
	}
	if used == 0 {
		return errResidual
	}
	var ors []string
	for i, c := range d.columns {
		if anyCode[i] {
			ors = append(ors, "("+col(c.column)+" IS NOT NULL AND "+col(c.column)+" <> '')")
		}
		if len(codes[i]) > 0 {
			ors = append(ors, col(c.column)+" = ANY("+b.arg(codes[i], "text[]")+")")
		}
	}
	cond := "FALSE"
	if len(ors) > 0 {
		cond = "(" + strings.Join(ors, " OR ") + ")"
	}
	if not {
		// :not matches resources with no matching code, including those
		// with no code at all.
		cond = "NOT COALESCE(" + cond + ", FALSE)"
	}
	b.conds = append(b.conds, cond)
	return nil
}

// referenceCond writes the condition for a reference parameter: id or
// Type/id, where Type must be the declared target.
func (b *sqlBuilder) referenceCond(d *searchDecl, value string) error {
	alts, err := splitValues(value)
	if err != nil {
		return errResidual
	}
	var ids []string
	used := 0
	for _, alt := range alts {
		if alt == "" {
			continue
		}
		used++
		alt = unescapeBar(alt)
		if validFHIRID(alt) {
			ids = append(ids, alt)
			continue
		}
		typ, id, ok := fhir.SplitReference(alt)
		if !ok || strings.Contains(alt, "/_history/") {
			// Absolute, versioned or otherwise unusual references are
			// left to the engine.
			return errResidual
		}
		if typ == d.target {
			ids = append(ids, id)
		}
	}
	if used == 0 {
		return errResidual
	}
	if len(ids) == 0 {
		b.conds = append(b.conds, "FALSE")
		return nil
	}
	b.conds = append(b.conds, col(d.column)+" = ANY("+b.arg(ids, "text[]")+")")
	return nil
}

// dateCol is how a date column is compared: its SQL type.
type dateCol struct {
	name string
	day  bool   // a date column: its value covers the whole day (UTC)
	cast string // the type bound values are cast to: date, timestamp or timestamptz
}

// dateCond writes the condition for a date parameter. Each alternative
// is a prefix and a date; the date is a range at its precision, and the
// target is a range too: a timestamp covers its own precision (which never
// crosses a second boundary), a date column its day in UTC, a period from
// its start to its end, open where either is NULL. The prefixes follow R4
// (and fhir/search's matchDate):
//
//	eq  the search range contains the target      ne  it does not
//	gt  the target reaches above the search range lt  below it
//	ge  gt or eq                                  le  lt or eq
//	sa  the target starts at or after the end     eb  ends at or before the start
//
// ap, and search values finer than a second, are left to the engine.
func (b *sqlBuilder) dateCond(start, end dateCol, point bool, value string) error {
	alts, err := splitValues(value)
	if err != nil {
		return errResidual
	}
	var ors []string
	for _, alt := range alts {
		if alt == "" {
			continue
		}
		prefix, date := datePrefix(alt)
		lo, hi, ok := parseSearchDate(date)
		if !ok || prefix == "ap" {
			return errResidual
		}
		ors = append(ors, b.datePredicate(prefix, lo, hi, start, end, point))
	}
	if len(ors) == 0 {
		return errResidual
	}
	b.conds = append(b.conds, "("+strings.Join(ors, " OR ")+")")
	return nil
}

func (b *sqlBuilder) datePredicate(prefix string, slo, shi time.Time, start, end dateCol, point bool) string {
	// The target's lower bound against t: tlo >= t and tlo < t.
	loGE := func(c dateCol, t time.Time) string {
		if c.day {
			return col(c.name) + " >= " + b.arg(ceilDay(t), "date")
		}
		return col(c.name) + " >= " + b.arg(t, c.cast)
	}
	loLT := func(c dateCol, t time.Time) string {
		if c.day {
			return col(c.name) + " < " + b.arg(ceilDay(t), "date")
		}
		return col(c.name) + " < " + b.arg(t, c.cast)
	}
	// The target's upper bound (exclusive, the end of its precision)
	// against t: thi <= t and thi > t.
	hiLE := func(c dateCol, t time.Time) string {
		if c.day {
			return col(c.name) + " < " + b.arg(floorDay(t), "date")
		}
		return col(c.name) + " < " + b.arg(t, c.cast)
	}
	hiGT := func(c dateCol, t time.Time) string {
		if c.day {
			return col(c.name) + " >= " + b.arg(floorDay(t), "date")
		}
		return col(c.name) + " >= " + b.arg(t, c.cast)
	}
	// Each relation is built only when the prefix needs it, so that every
	// value bound is used.
	var contains, above, below, startsAfter, endsBefore func() string
	if point {
		contains = func() string { return "(" + loGE(start, slo) + " AND " + hiLE(end, shi) + ")" }
		above = func() string { return hiGT(end, shi) }
		below = func() string { return loLT(start, slo) }
		startsAfter = func() string { return loGE(start, shi) }
		endsBefore = func() string { return hiLE(end, slo) }
	} else {
		// A missing end of a period is unbounded, and a period with
		// neither end has no value at all and matches nothing.
		notNull := func(c dateCol) string {
			if c.name == "" {
				return "FALSE"
			}
			return col(c.name) + " IS NOT NULL"
		}
		isNull := func(c dateCol) string {
			if c.name == "" {
				return "TRUE"
			}
			return col(c.name) + " IS NULL"
		}
		bounded := func(c dateCol, f func(dateCol, time.Time) string, t time.Time) string {
			if c.name == "" {
				return "FALSE"
			}
			return f(c, t)
		}
		guard := func(s string) string {
			return "((" + notNull(start) + " OR " + notNull(end) + ") AND " + s + ")"
		}
		contains = func() string {
			return guard("(" + notNull(start) + " AND " + notNull(end) + " AND " + bounded(start, loGE, slo) + " AND " + bounded(end, hiLE, shi) + ")")
		}
		above = func() string { return guard("(" + isNull(end) + " OR " + bounded(end, hiGT, shi) + ")") }
		below = func() string { return guard("(" + isNull(start) + " OR " + bounded(start, loLT, slo) + ")") }
		startsAfter = func() string { return guard("(" + notNull(start) + " AND " + bounded(start, loGE, shi) + ")") }
		endsBefore = func() string { return guard("(" + notNull(end) + " AND " + bounded(end, hiLE, slo) + ")") }
	}
	switch prefix {
	case "ne":
		return "NOT " + contains()
	case "gt":
		return above()
	case "lt":
		return below()
	case "ge":
		return "(" + above() + " OR " + contains() + ")"
	case "le":
		return "(" + below() + " OR " + contains() + ")"
	case "sa":
		return startsAfter()
	case "eb":
		return endsBefore()
	}
	return contains() // eq, or no prefix
}

func floorDay(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func ceilDay(t time.Time) time.Time {
	f := floorDay(t)
	if f.Equal(t) {
		return f
	}
	return f.AddDate(0, 0, 1)
}

// datePrefix splits an R4 prefix off a date search value.
func datePrefix(v string) (prefix, rest string) {
	if len(v) >= 3 && v[2] >= '0' && v[2] <= '9' {
		switch p := v[:2]; p {
		case "eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap":
			return p, v[2:]
		}
	}
	return "", v
}

// parseSearchDate reads a FHIR date, dateTime or instant search value into
// the range [lo, hi) it covers at its precision: YYYY, YYYY-MM, YYYY-MM-DD,
// YYYY-MM-DDThh:mm, YYYY-MM-DDThh:mm:ss, with Z, ±hh:mm or (read as UTC, as
// the engine reads it) no zone; a space stands for the + of a zone, which
// an unencoded URL turns into one. ok is false for anything else,
// including fractions of a second, which the adapter leaves to the engine.
func parseSearchDate(s string) (lo, hi time.Time, ok bool) {
	num := func(from, n int) (int, bool) {
		if from+n > len(s) {
			return 0, false
		}
		v := 0
		for i := from; i < from+n; i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
			v = v*10 + int(s[i]-'0')
		}
		return v, true
	}
	year, ok := num(0, 4)
	if !ok || year == 0 {
		return lo, hi, false
	}
	if len(s) == 4 {
		lo = time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
		return lo, lo.AddDate(1, 0, 0), true
	}
	if s[4] != '-' {
		return lo, hi, false
	}
	month, ok := num(5, 2)
	if !ok || month < 1 || month > 12 {
		return lo, hi, false
	}
	if len(s) == 7 {
		lo = time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
		return lo, lo.AddDate(0, 1, 0), true
	}
	if len(s) < 10 || s[7] != '-' {
		return lo, hi, false
	}
	day, ok := num(8, 2)
	if !ok || day < 1 || day > time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return lo, hi, false
	}
	if len(s) == 10 {
		lo = time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
		return lo, lo.AddDate(0, 0, 1), true
	}
	if s[10] != 'T' {
		return lo, hi, false
	}
	hour, ok1 := num(11, 2)
	minute, ok2 := num(14, 2)
	if !ok1 || !ok2 || len(s) < 16 || s[13] != ':' || hour > 23 || minute > 59 {
		return lo, hi, false
	}
	i := 16
	sec, unit := 0, time.Minute
	if i < len(s) && s[i] == ':' {
		v, ok := num(i+1, 2)
		if !ok || v > 59 {
			// 60 (a leap second) is left to the engine.
			return lo, hi, false
		}
		sec, unit = v, time.Second
		i += 3
	}
	zone := time.UTC
	switch {
	case i == len(s):
	case s[i] == 'Z' && i+1 == len(s):
	case (s[i] == '+' || s[i] == '-' || s[i] == ' ') && len(s) == i+6 && s[i+3] == ':':
		zh, ok1 := num(i+1, 2)
		zm, ok2 := num(i+4, 2)
		if !ok1 || !ok2 || zh > 14 || zm > 59 {
			return lo, hi, false
		}
		off := zh*3600 + zm*60
		if s[i] == '-' {
			off = -off
		}
		zone = time.FixedZone("", off)
	default:
		return lo, hi, false // a fraction of a second, or not a date
	}
	lo = time.Date(year, time.Month(month), day, hour, minute, sec, 0, zone).UTC()
	return lo, lo.Add(unit), true
}
