package sqlsource

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shcr/shcr/adapters"
)

// Config says how to reach one organisation's relational database and how
// to read it. It is filled from the source's entry in shcr's YAML config
// (type: sql), whose keys are the yaml tags below, next to the engine's own
// keys (id, type, organisation, timeout) and the keys of the other source
// kinds (path, url, ...), so no key here repeats any of those: the entry is
// decoded into one struct with every kind's settings inlined, and yaml
// refuses duplicate keys. Zero values take the defaults of WithDefaults.
type Config struct {
	// DSN is the database, as a URL:
	// postgres://user:password@host:port/database?sslmode=verify-full.
	// postgresql:// is accepted too. The password belongs in the user
	// information (percent-encoded where needed), never in the query.
	// Query parameters are libpq's (sslmode, sslrootcert,
	// connect_timeout, application_name, ...). The session settings the
	// adapter relies on (read-only transactions, UTC, a statement timeout)
	// are set by the adapter and override the DSN's.
	DSN Secret `yaml:"dsn"`

	// Mapping is the path of the YAML mapping file that says, per FHIR
	// resource type, which SQL query to run and how a row becomes a
	// resource (see MAPPING.md).
	Mapping string `yaml:"mapping"`

	// MaxConns caps the connections the source opens to the database;
	// requests beyond it wait for a free one (until their context ends).
	MaxConns int `yaml:"max_conns"`

	// QueryTimeout bounds one Search or Read, all its queries together. It
	// is a backstop: the engine's per-source timeout (the context deadline)
	// is normally shorter. The database is also told to end any statement
	// running longer (statement_timeout), so an abandoned query does not
	// keep running there.
	QueryTimeout time.Duration `yaml:"query_timeout"`

	// MaxRows caps the rows one query may return; a search with more
	// stops there and says its answer is Truncated.
	MaxRows int `yaml:"max_rows"`
}

// Limits of the settings.
const (
	defaultMaxConns     = 4
	maxMaxConns         = 1000
	defaultQueryTimeout = 10 * time.Second
	defaultMaxRows      = 5000
	maxMaxRows          = 1_000_000
)

// WithDefaults returns c with every zero setting replaced by its default.
// It is the one place the defaults live.
func (c Config) WithDefaults() Config {
	if c.MaxConns == 0 {
		c.MaxConns = defaultMaxConns
	}
	if c.QueryTimeout == 0 {
		c.QueryTimeout = defaultQueryTimeout
	}
	if c.MaxRows == 0 {
		c.MaxRows = defaultMaxRows
	}
	return c
}

// Validate reports everything wrong with c (after defaults), joined, each
// problem naming its key. Nothing it says repeats the DSN's password.
func (c Config) Validate() error {
	return c.validate(true)
}

// validate checks c; needMapping is false when the mapping is given to New
// directly (WithMapping) rather than by path.
func (c Config) validate(needMapping bool) error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if _, err := parseDSN(string(c.DSN)); err != nil {
		errs = append(errs, err)
	}
	if needMapping && strings.TrimSpace(c.Mapping) == "" {
		bad("mapping is required: the path of the YAML mapping file")
	}
	if c.MaxConns < 1 || c.MaxConns > maxMaxConns {
		bad("max_conns must be from 1 to %d", maxMaxConns)
	}
	if c.QueryTimeout < time.Millisecond {
		bad("query_timeout must be at least 1ms")
	}
	if c.MaxRows < 1 || c.MaxRows > maxMaxRows {
		bad("max_rows must be from 1 to %d", maxMaxRows)
	}
	return errors.Join(errs...)
}

// parseDSN reads a postgres:// URL into a pool configuration. It splits the
// user information off by hand, at the last '@', so the password never
// reaches a parser that might quote it in an error, and it never returns the
// parser's own messages, which repeat the input.
func parseDSN(dsn string) (*pgxpool.Config, error) {
	const shape = "postgres://user:password@host:port/database"
	if dsn == "" {
		return nil, fmt.Errorf("dsn is required, as in %s", shape)
	}
	if strings.TrimSpace(dsn) != dsn {
		return nil, errors.New("dsn has leading or trailing white space")
	}
	scheme, rest, ok := strings.Cut(dsn, "://")
	if !ok {
		return nil, fmt.Errorf("dsn must be a URL, as in %s", shape)
	}
	switch strings.ToLower(scheme) {
	case "postgres", "postgresql":
	default:
		if len(scheme) > 20 {
			scheme = scheme[:20] + "..."
		}
		return nil, fmt.Errorf("dsn scheme %q is not supported; want postgres", scheme)
	}
	var user, password string
	var hasPassword bool
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		userinfo := rest[:at]
		rest = rest[at+1:]
		rawUser, rawPassword, hasPW := strings.Cut(userinfo, ":")
		var err error
		if user, err = url.PathUnescape(rawUser); err != nil {
			return nil, errors.New("dsn: the user name has an invalid %-escape")
		}
		if hasPW {
			if password, err = url.PathUnescape(rawPassword); err != nil {
				return nil, errors.New("dsn: the password has an invalid %-escape")
			}
			hasPassword = true
		}
	}
	if rest == "" || strings.HasPrefix(rest, "/") || strings.HasPrefix(rest, "?") {
		return nil, fmt.Errorf("dsn has no host, as in %s", shape)
	}
	clean := "postgres://"
	if user != "" {
		clean += url.User(user).String() + "@"
	}
	clean += rest
	u, err := url.Parse(clean)
	if err != nil {
		return nil, errors.New("dsn is not a valid URL after the user information")
	}
	if u.Fragment != "" {
		return nil, errors.New("dsn has a fragment (#...)")
	}
	if strings.TrimPrefix(u.Path, "/") == "" {
		return nil, fmt.Errorf("dsn has no database name, as in %s", shape)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return nil, errors.New("dsn: the query is not valid")
	}
	for _, k := range []string{"password", "passfile"} {
		if q.Has(k) {
			return nil, fmt.Errorf("dsn: %s is not accepted in the query; put the password in the user information (user:password@host)", k)
		}
	}
	for k := range q {
		if strings.HasPrefix(k, "pool_") {
			return nil, fmt.Errorf("dsn: %s is not accepted; use max_conns", k)
		}
	}
	if v := q.Get("connect_timeout"); v != "" {
		if n, err := strconv.Atoi(v); err != nil || n < 0 {
			return nil, errors.New("dsn: connect_timeout must be a whole number of seconds")
		}
	}
	cfg, err := pgxpool.ParseConfig(u.String())
	if err != nil {
		// pgx's message quotes the connection string; name the fault only.
		return nil, errors.New("dsn is not a PostgreSQL connection URL libpq would accept (check host, port and query parameters)")
	}
	if hasPassword {
		cfg.ConnConfig.Password = password
	}
	return cfg, nil
}

// Secret is a configuration value that must not be seen (here, a DSN with
// its password); see adapters.Secret.
type Secret = adapters.Secret
