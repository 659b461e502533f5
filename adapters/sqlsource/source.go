package sqlsource

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/fhir"
)

// Source serves one organisation's records from a relational database
// through a mapping. It is safe for concurrent use. Close releases its
// connections.
type Source struct {
	cfg       Config
	mapping   *Mapping
	pool      *pgxpool.Pool
	validator *fhir.Validator
	limits    fhir.Limits
	logger    *slog.Logger
	// noValidation is set only by tests of which rows a query selects
	// (export_test.go), where google/fhir/go's cost would dominate.
	noValidation bool

	// schema is the mapping checked against the database (column
	// positions and types), set by the first successful check.
	schema  atomic.Pointer[schema]
	checkMu sync.Mutex

	invalidRows atomic.Int64
	closed      atomic.Bool
}

var (
	_ adapters.Source = (*Source)(nil)
	_ adapters.Reader = (*Source)(nil)
)

// Option changes how a Source works, for wiring and tests.
type Option func(*options)

type options struct {
	mapping      *Mapping
	validator    *fhir.Validator
	logger       *slog.Logger
	limits       fhir.Limits
	noValidation bool
}

// WithMapping gives the mapping directly, instead of reading the file
// Config.Mapping names (which may then be empty).
func WithMapping(m *Mapping) Option { return func(o *options) { o.mapping = m } }

// WithValidator shares a FHIR validator between sources; building one
// takes a while.
func WithValidator(v *fhir.Validator) Option { return func(o *options) { o.validator = v } }

// WithLogger sets where the source logs rows it had to drop. Nothing
// logged carries a value from the database.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithLimits bounds each resource the source builds (fhir.Parse's limits);
// the default is fhir.DefaultLimits.
func WithLimits(l fhir.Limits) Option { return func(o *options) { o.limits = l } }

// New makes a Source from cfg. It reads and parses the mapping but does not
// connect: a council's database that is down when shcr starts must not
// stop shcr starting. Describe connects, and checks the mapping against
// the database. ctx bounds reading the mapping.
func New(ctx context.Context, cfg Config, opts ...Option) (*Source, error) {
	o := options{logger: slog.New(slog.DiscardHandler), limits: fhir.DefaultLimits()}
	for _, opt := range opts {
		opt(&o)
	}
	cfg = cfg.WithDefaults()
	if err := cfg.validate(o.mapping == nil); err != nil {
		return nil, fmt.Errorf("sql source config: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m := o.mapping
	if m == nil {
		var err error
		if m, err = LoadMapping(cfg.Mapping); err != nil {
			return nil, err
		}
	}
	poolCfg, err := parseDSN(string(cfg.DSN))
	if err != nil {
		return nil, fmt.Errorf("sql source config: %w", err)
	}
	poolCfg.MaxConns = int32(cfg.MaxConns)
	poolCfg.MinConns = 0
	cc := poolCfg.ConnConfig
	if cc.ConnectTimeout == 0 || cc.ConnectTimeout > cfg.QueryTimeout {
		cc.ConnectTimeout = cfg.QueryTimeout
	}
	if cc.RuntimeParams == nil {
		cc.RuntimeParams = map[string]string{}
	}
	// The session the adapter relies on: nothing it runs can write, times
	// are read and written in UTC, and the server ends a statement that
	// outlives the query timeout even if shcr is gone.
	cc.RuntimeParams["default_transaction_read_only"] = "on"
	cc.RuntimeParams["timezone"] = "UTC"
	cc.RuntimeParams["statement_timeout"] = strconv.FormatInt(cfg.QueryTimeout.Milliseconds(), 10)
	if cc.RuntimeParams["application_name"] == "" {
		cc.RuntimeParams["application_name"] = "shcr-sqlsource"
	}
	validator := o.validator
	if validator == nil {
		if validator, err = fhir.NewValidator(); err != nil {
			return nil, err
		}
	}
	pool, err := pgxpool.NewWithConfig(context.WithoutCancel(ctx), poolCfg)
	if err != nil {
		return nil, fmt.Errorf("sql source: creating the connection pool: %w", dbError(ctx, "connecting", err))
	}
	return &Source{cfg: cfg, mapping: m, pool: pool, validator: validator, limits: o.limits, logger: o.logger, noValidation: o.noValidation}, nil
}

// Close releases the source's connections. Calls in flight fail.
func (s *Source) Close() {
	s.closed.Store(true)
	s.pool.Close()
}

// InvalidRows counts the rows, since New, that did not build a valid FHIR
// resource and were dropped.
func (s *Source) InvalidRows() int64 { return s.invalidRows.Load() }

// Describe checks the mapping against the database (once, until it has
// succeeded) and reports the mapped types. Each type supports _id and the
// search parameters its mapping declares (a token parameter also with
// :not); everything else is residual.
func (s *Source) Describe(ctx context.Context) (adapters.Capabilities, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.QueryTimeout)
	defer cancel()
	if _, err := s.checked(ctx); err != nil {
		return adapters.Capabilities{}, err
	}
	caps := adapters.Capabilities{Types: map[string]adapters.TypeCapabilities{}}
	for typ, tm := range s.mapping.types {
		params := []string{"_id"}
		for _, d := range tm.search {
			params = append(params, d.capabilities()...)
		}
		sort.Strings(params)
		caps.Types[typ] = adapters.TypeCapabilities{SearchParams: params}
	}
	return caps, nil
}

// Code classifies errors from this source. Every error it returns wraps a
// context error, one of the adapters sentinels, or ErrMappingMismatch
// (Unknown: the source is misconfigured).
func (s *Source) Code(err error) adapters.Code {
	return adapters.CommonCode(err)
}

// Read returns one resource by type and local id.
func (s *Source) Read(ctx context.Context, resourceType, id string) (*fhir.Resource, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.QueryTimeout)
	defer cancel()
	tm, ok := s.mapping.types[resourceType]
	if !ok || !validFHIRID(id) {
		return nil, fmt.Errorf("reading %s: %w", resourceType, adapters.ErrNotFound)
	}
	sch, err := s.checked(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.plan(sch, tm, nil, nil, []string{id})
	if err != nil {
		return nil, err
	}
	out, err := s.run(ctx, sch, []*plan{p})
	if err != nil {
		return nil, err
	}
	res := out[0]
	switch {
	case len(res.resources) == 1:
		return res.resources[0], nil
	case len(res.resources) > 1:
		return nil, fmt.Errorf("reading %s: %w: the query returned the id more than once", resourceType, adapters.ErrBadResponse)
	case res.dropped > 0:
		return nil, fmt.Errorf("reading %s: %w: the record does not build a valid resource", resourceType, adapters.ErrBadResponse)
	}
	return nil, fmt.Errorf("reading %s: %w", resourceType, adapters.ErrNotFound)
}

// Search answers q with one query per resource type, all sent to the
// database in one round trip. A compartment query is answered with the
// queries of every mapped compartment type and the Patient, then one more
// round trip for the Practitioners, Organizations and other resources
// outside the compartment that those reference.
func (s *Source) Search(ctx context.Context, q adapters.Query) (*adapters.Result, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.QueryTimeout)
	defer cancel()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if q.Compartment {
		return s.everything(ctx, q)
	}
	if q.Type == "" {
		return nil, fmt.Errorf("searching: %w: the query names no type", adapters.ErrInvalidQuery)
	}
	tm, ok := s.mapping.types[q.Type]
	if !ok {
		return &adapters.Result{Residual: slices.Clone(q.Params)}, nil
	}
	if tm.patient != "" && tm.typ != "Patient" && len(q.Patients) == 0 {
		return nil, fmt.Errorf("searching %s: %w: the search must name a patient", q.Type, adapters.ErrInvalidQuery)
	}
	sch, err := s.checked(ctx)
	if err != nil {
		return nil, err
	}
	// Types outside the compartment (Practitioner, Organization) belong
	// to nobody, so patients do not narrow them.
	var patients []string
	if len(q.Patients) > 0 && tm.patient != "" {
		patients = q.Patients
	}
	p, err := s.plan(sch, tm, patients, q.Params, nil)
	if err != nil {
		return nil, err
	}
	out, err := s.run(ctx, sch, []*plan{p})
	if err != nil {
		return nil, err
	}
	return &adapters.Result{Resources: out[0].resources, Residual: p.residual, Truncated: out[0].truncated}, nil
}

// everything answers a compartment query.
func (s *Source) everything(ctx context.Context, q adapters.Query) (*adapters.Result, error) {
	if len(q.Patients) == 0 {
		return nil, fmt.Errorf("searching a compartment: %w: the search must name a patient", adapters.ErrInvalidQuery)
	}
	sch, err := s.checked(ctx)
	if err != nil {
		return nil, err
	}
	want := func(typ string) bool { return len(q.Types) == 0 || slices.Contains(q.Types, typ) }
	var plans []*plan
	for _, typ := range s.mapping.Types() {
		tm := s.mapping.types[typ]
		if tm.patient == "" || !want(typ) {
			continue
		}
		p, err := s.plan(sch, tm, q.Patients, nil, nil)
		if err != nil {
			return nil, err
		}
		plans = append(plans, p)
	}
	res := &adapters.Result{Residual: slices.Clone(q.Params)}
	if len(plans) == 0 {
		return res, nil
	}
	out, err := s.run(ctx, sch, plans)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	supporting := map[string][]string{}
	for _, o := range out {
		res.Truncated = res.Truncated || o.truncated
		for _, r := range o.resources {
			res.Resources = append(res.Resources, r)
			for _, ref := range r.References() {
				typ, id, ok := fhir.SplitReference(ref)
				if !ok || typ == "Patient" || fhir.InPatientCompartment(typ) || !want(typ) || seen[typ+"/"+id] {
					continue
				}
				if tm, mapped := s.mapping.types[typ]; mapped && tm.patient == "" {
					seen[typ+"/"+id] = true
					supporting[typ] = append(supporting[typ], id)
				}
			}
		}
	}
	if len(supporting) == 0 {
		return res, nil
	}
	types := make([]string, 0, len(supporting))
	for typ := range supporting {
		types = append(types, typ)
	}
	sort.Strings(types)
	plans = plans[:0]
	for _, typ := range types {
		p, err := s.plan(sch, s.mapping.types[typ], nil, nil, supporting[typ])
		if err != nil {
			return nil, err
		}
		plans = append(plans, p)
	}
	out, err = s.run(ctx, sch, plans)
	if err != nil {
		return nil, err
	}
	for _, o := range out {
		res.Truncated = res.Truncated || o.truncated
		res.Resources = append(res.Resources, o.resources...)
	}
	return res, nil
}

// plan is one query ready to run.
type plan struct {
	tm       *typeMapping
	sql      string
	args     []any
	patients []string // the patients the query is scoped to, if any
	residual []adapters.Param
}

// plan builds the SQL for one type: the mapping's query wrapped in
// SELECT * FROM (...) AS shcr_row WHERE <conditions> LIMIT <max_rows+1>,
// with a condition on the patient column when patients is set, on the id
// column for _id and ids, and for each declared parameter the adapter can
// apply. Parameters it cannot apply become residual.
func (s *Source) plan(sch *schema, tm *typeMapping, patients []string, params []adapters.Param, ids []string) (*plan, error) {
	ts := sch.types[tm.typ]
	p := &plan{tm: tm, patients: patients}
	b := &sqlBuilder{}

	// The id sets the query is restricted to: each _id parameter, and the
	// ids asked for. :id is bound to their intersection.
	var idSets [][]string
	if ids != nil {
		idSets = append(idSets, onlyIDs(ids))
	}
	var rest []adapters.Param
	for _, prm := range params {
		if prm.Name != "_id" {
			rest = append(rest, prm)
			continue
		}
		// A value the engine would not have read (a stray backslash)
		// cannot name an id: it matches nothing, rather than being left
		// to the engine, since _id is always the source's to apply.
		alts, _ := splitValues(prm.Value)
		idSets = append(idSets, onlyIDs(alts))
	}
	var idHint []string
	for i, set := range idSets {
		if i == 0 {
			idHint = set
			continue
		}
		idHint = slices.DeleteFunc(slices.Clone(idHint), func(id string) bool { return !slices.Contains(set, id) })
	}
	if idSets != nil && idHint == nil {
		idHint = []string{}
	}
	var patientArg []string
	if patients != nil {
		patientArg = onlyIDs(patients)
	}
	for _, name := range tm.query.names {
		switch name {
		case paramPatient:
			b.args = append(b.args, patientArg)
		case paramID:
			b.args = append(b.args, idHint)
		}
	}
	if patients != nil {
		b.conds = append(b.conds, col(tm.patient)+" = ANY("+b.arg(patientArg, "text[]")+")")
	}
	for _, set := range idSets {
		b.conds = append(b.conds, col(tm.id)+" = ANY("+b.arg(set, "text[]")+")")
	}
	applied := false
	for _, prm := range rest {
		name, modifier, _ := strings.Cut(prm.Name, ":")
		d := tm.decl(name)
		var err error
		switch {
		case d == nil:
			err = errResidual
		case d.kind == kindToken && (modifier == "" || modifier == "not"):
			err = b.tokenCond(d, prm.Value, modifier == "not")
		case d.kind == kindDate && modifier == "":
			dc := ts.dates[d.name]
			err = b.dateCond(dc[0], dc[1], d.point, prm.Value)
		case d.kind == kindReference && modifier == "":
			err = b.referenceCond(d, prm.Value)
		default:
			err = errResidual
		}
		if errors.Is(err, errResidual) {
			p.residual = append(p.residual, prm)
			continue
		}
		if err != nil {
			return nil, err
		}
		if name == "identifier" {
			applied = true
		}
	}
	if tm.typ == "Patient" && patients == nil && idSets == nil && !applied {
		return nil, fmt.Errorf("searching Patient: %w: a patient search needs identifier, _id or a patient", adapters.ErrInvalidQuery)
	}
	var sql strings.Builder
	sql.Grow(len(tm.query.text) + 64 + 32*len(b.conds))
	sql.WriteString("SELECT * FROM (\n")
	sql.WriteString(tm.query.text)
	sql.WriteString("\n) AS shcr_row")
	for i, c := range b.conds {
		if i == 0 {
			sql.WriteString(" WHERE ")
		} else {
			sql.WriteString(" AND ")
		}
		sql.WriteString(c)
	}
	sql.WriteString(" LIMIT ")
	sql.WriteString(strconv.Itoa(s.cfg.MaxRows + 1))
	p.sql = sql.String()
	p.args = b.args
	return p, nil
}

// onlyIDs keeps the values that can be FHIR ids: the adapter only ever
// writes valid ids, so nothing else can match, and nothing else is sent.
func onlyIDs(vals []string) []string {
	out := make([]string, 0, len(vals))
	for _, v := range vals {
		if validFHIRID(v) && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// result is what one plan's query gave.
type result struct {
	resources []*fhir.Resource
	truncated bool
	dropped   int
}

// Stages at which a row can be dropped, for the log.
const (
	stageScan     = "scan"
	stageID       = "id"
	stageBuild    = "build"
	stageParse    = "parse"
	stageValidate = "validate"
	stagePatient  = "patient"
)

// run sends the plans' queries to the database in one batch (one round
// trip, one implicit transaction, read-only) and builds a resource from
// each row. When the context carries an adapters.Caller, the batch first
// sets it as transaction-local settings (shcr.user_id, shcr.user_name,
// shcr.user_role, shcr.user_org, shcr.purpose, shcr.request_id), so that
// views, row-level security or audit in the database can see who asked.
func (s *Source) run(ctx context.Context, sch *schema, plans []*plan) ([]result, error) {
	const doing = "querying the database"
	batch := &pgx.Batch{}
	caller, hasCaller := adapters.CallerFromContext(ctx)
	if hasCaller {
		batch.Queue(`SELECT set_config('shcr.user_id', $1, true), set_config('shcr.user_name', $2, true),
			set_config('shcr.user_role', $3, true), set_config('shcr.user_org', $4, true),
			set_config('shcr.purpose', $5, true), set_config('shcr.request_id', $6, true)`,
			settable(caller.UserID), settable(caller.Name), settable(caller.Role), settable(caller.Org),
			settable(caller.Purpose), settable(caller.RequestID))
	}
	for _, p := range plans {
		batch.Queue(p.sql, p.args...)
	}
	if s.closed.Load() {
		return nil, fmt.Errorf("%s: %w: the source is closed", doing, adapters.ErrUnavailable)
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, dbError(ctx, doing, err)
	}
	defer conn.Release()
	br := conn.SendBatch(ctx, batch)
	out, err := s.readBatch(ctx, sch, br, plans, hasCaller)
	if cerr := br.Close(); err == nil && cerr != nil {
		err = dbError(ctx, doing, cerr)
	}
	if errors.Is(err, ErrMappingMismatch) {
		// The database changed under the checked mapping (or the
		// mapping's SQL fails on it): check it again on the next call.
		s.schema.CompareAndSwap(sch, nil)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// errColumnsChanged means a query's columns are no longer those Describe
// checked.
var errColumnsChanged = fmt.Errorf("%w: the query's columns changed since the mapping was checked", ErrMappingMismatch)

// settable makes a Caller field safe to pass as a setting: PostgreSQL text
// holds neither NUL nor invalid UTF-8, and a setting is short.
func settable(s string) string {
	s = strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), "")
	if len(s) > 256 {
		s = s[:256]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	return s
}

func (s *Source) readBatch(ctx context.Context, sch *schema, br pgx.BatchResults, plans []*plan, hasCaller bool) ([]result, error) {
	const doing = "querying the database"
	if hasCaller {
		if _, err := br.Exec(); err != nil {
			return nil, dbError(ctx, "passing the caller to the database", err)
		}
	}
	out := make([]result, len(plans))
	drops := map[string]int{}
	r := newRenderer()
	for i, p := range plans {
		rows, err := br.Query()
		if err != nil {
			return nil, dbError(ctx, doing, err)
		}
		res, err := s.readRows(rows, sch.types[p.tm.typ], p, r, drops)
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", doing, err)
		}
		if err := rows.Err(); err != nil {
			return nil, dbError(ctx, doing+" for "+p.tm.typ, err)
		}
		out[i] = res
	}
	if len(drops) > 0 {
		total := 0
		attrs := []any{}
		stages := make([]string, 0, len(drops))
		for st := range drops {
			stages = append(stages, st)
		}
		sort.Strings(stages)
		for _, st := range stages {
			total += drops[st]
			attrs = append(attrs, slog.Int("at_"+st, drops[st]))
		}
		s.invalidRows.Add(int64(total))
		s.logger.WarnContext(ctx, "sqlsource: dropped rows that do not build valid FHIR resources; the answer is marked truncated",
			append([]any{slog.Int("dropped", total)}, attrs...)...)
	}
	return out, nil
}

// readRows builds the resources of one query's rows. A row that does not
// build a valid resource is dropped and counted, and the result is marked
// truncated: one bad row must not hide the patient's other records, and the
// answer must not look complete when it is not.
func (s *Source) readRows(rows pgx.Rows, ts *typeSchema, p *plan, r *renderer, drops map[string]int) (result, error) {
	var res result
	fields := rows.FieldDescriptions()
	if len(fields) != len(ts.oids) {
		return res, fmt.Errorf("%s: %w", p.tm.typ, errColumnsChanged)
	}
	raw := make([][]byte, len(fields))
	vals := make([]any, len(fields))
	targets := make([]any, len(fields))
	for i := range fields {
		if fields[i].DataTypeOID != ts.oids[i] {
			return res, fmt.Errorf("%s: %w", p.tm.typ, errColumnsChanged)
		}
		if ts.json[i] {
			targets[i] = &raw[i]
		} else {
			targets[i] = &vals[i]
		}
	}
	rw := &row{columns: ts.names, values: vals}
	drop := func(stage string) {
		drops[stage]++
		res.dropped++
		res.truncated = true
	}
	n := 0
	for rows.Next() {
		n++
		if n > s.cfg.MaxRows {
			res.truncated = true
			break
		}
		for i := range vals {
			vals[i] = nil
			raw[i] = nil
		}
		if err := rows.Scan(targets...); err != nil {
			drop(stageScan)
			continue
		}
		ok := true
		for i := range vals {
			var err error
			if ts.json[i] {
				if raw[i] != nil {
					vals[i], err = decodeJSON(raw[i])
				}
			} else {
				vals[i], err = normalize(vals[i], ts.date[i])
			}
			if err != nil {
				ok = false
				break
			}
		}
		if !ok {
			drop(stageScan)
			continue
		}
		id, isString := vals[ts.idIndex].(string)
		if !isString || !validFHIRID(id) {
			drop(stageID)
			continue
		}
		b, err := r.render(p.tm.typ, id, p.tm.template, rw)
		if err != nil {
			s.logger.Debug("sqlsource: a row does not fit its template", "type", p.tm.typ, "error", err.Error())
			drop(stageBuild)
			continue
		}
		parsed, err := fhir.Parse(b, s.limits)
		if err != nil {
			drop(stageParse)
			continue
		}
		if !s.noValidation {
			if err := s.validator.Validate(b); err != nil {
				drop(stageValidate)
				continue
			}
		}
		if p.patients != nil && p.tm.typ != "Patient" && !belongs(parsed, p.patients) {
			drop(stagePatient)
			continue
		}
		res.resources = append(res.resources, parsed)
	}
	return res, nil
}

// belongs reports whether a compartment resource links to one of the
// patients: a query that selected a patient's rows must also have written
// the patient into each resource, or the mapping is wrong.
func belongs(r *fhir.Resource, patients []string) bool {
	for _, ref := range r.PatientRefs {
		if typ, id, ok := fhir.SplitReference(ref); ok && typ == "Patient" && slices.Contains(patients, id) {
			return true
		}
	}
	return false
}
