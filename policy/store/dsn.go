package store

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// dialect is the SQL database behind a Store.
type dialect int

const (
	dialectSQLite dialect = iota + 1
	dialectPostgres
)

func (d dialect) String() string {
	switch d {
	case dialectSQLite:
		return "sqlite"
	case dialectPostgres:
		return "postgres"
	}
	return "unknown"
}

// Pool defaults.
const (
	defaultPostgresConns   = 8
	maxPostgresConns       = 1000
	defaultConnectTimeout  = 5 * time.Second
	sqliteReaderConns      = 4
	sqliteBusyTimeoutMilli = 5000
)

// config is a parsed store DSN.
type config struct {
	dialect dialect
	// path is the absolute file name of a SQLite database.
	path string
	// pg is the PostgreSQL connection configuration, password included.
	pg *pgx.ConnConfig
	// maxConns caps the PostgreSQL connection pool.
	maxConns int
}

// parseDSN parses a store DSN:
//
//	sqlite:///absolute/path.db
//	postgres://user:password@host:port/database?param=value...
//
// postgresql:// is accepted for postgres://. PostgreSQL query parameters are
// those of libpq (sslmode, connect_timeout, application_name, ...) plus
// pool_max_conns (default 8), the size of the connection pool. A password
// belongs in the user information, percent-encoded where needed, never in
// the query. Everything before the last '@' is user information, so an '@'
// elsewhere (a query value) must be percent-encoded.
//
// Error messages name the problem but never repeat the password.
func parseDSN(dsn string) (config, error) {
	if dsn == "" {
		return config{}, fmt.Errorf("store DSN is empty; want sqlite:///absolute/path.db or postgres://user:password@host:port/database")
	}
	if strings.TrimSpace(dsn) != dsn {
		return config{}, fmt.Errorf("store DSN has leading or trailing white space")
	}
	scheme, rest, ok := strings.Cut(dsn, "://")
	if !ok {
		return config{}, fmt.Errorf("store DSN has no scheme; want sqlite:///absolute/path.db or postgres://user:password@host:port/database")
	}
	switch strings.ToLower(scheme) {
	case "sqlite":
		return parseSQLite(rest)
	case "postgres", "postgresql":
		return parsePostgres(strings.ToLower(scheme), rest)
	}
	if len(scheme) > 20 {
		scheme = scheme[:20] + "..."
	}
	return config{}, fmt.Errorf("store DSN scheme %q is not supported; want sqlite or postgres", scheme)
}

func parseSQLite(rest string) (config, error) {
	if !strings.HasPrefix(rest, "/") {
		return config{}, fmt.Errorf("sqlite store DSN needs an absolute path, as in sqlite:///var/lib/shcr/governance.db")
	}
	u, err := url.Parse("sqlite://" + rest)
	if err != nil {
		return config{}, fmt.Errorf("sqlite store DSN: %w", unwrapURLError(err))
	}
	switch {
	case u.RawQuery != "" || u.ForceQuery:
		return config{}, fmt.Errorf("sqlite store DSN takes no query parameters")
	case u.Fragment != "":
		return config{}, fmt.Errorf("sqlite store DSN has a fragment (#...)")
	case strings.ContainsAny(u.Path, "?#\x00"):
		return config{}, fmt.Errorf("sqlite store DSN path contains '?', '#' or NUL")
	case strings.HasSuffix(u.Path, "/"):
		return config{}, fmt.Errorf("sqlite store DSN path %q names a directory, not a file", u.Path)
	}
	p := filepath.Clean(u.Path)
	if !filepath.IsAbs(p) {
		return config{}, fmt.Errorf("sqlite store DSN needs an absolute path, as in sqlite:///var/lib/shcr/governance.db")
	}
	return config{dialect: dialectSQLite, path: p}, nil
}

// unwrapURLError drops the URL that url.Parse puts in its errors.
func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

func parsePostgres(scheme, rest string) (config, error) {
	// Split off the user information by hand, at the last '@', so that a
	// password never reaches a parser that might quote it in an error.
	var user, password string
	var hasPassword bool
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		userinfo := rest[:at]
		rest = rest[at+1:]
		rawUser, rawPassword, hasPW := strings.Cut(userinfo, ":")
		var err error
		if user, err = url.PathUnescape(rawUser); err != nil {
			return config{}, fmt.Errorf("postgres store DSN: the user name has an invalid %%-escape")
		}
		if hasPW {
			if password, err = url.PathUnescape(rawPassword); err != nil {
				return config{}, fmt.Errorf("postgres store DSN: the password has an invalid %%-escape")
			}
			hasPassword = true
		}
	}
	if strings.HasPrefix(rest, "/") || strings.HasPrefix(rest, "?") || rest == "" {
		return config{}, fmt.Errorf("postgres store DSN has no host, as in postgres://user:password@host:5432/database")
	}
	clean := scheme + "://"
	if user != "" {
		clean += url.User(user).String() + "@"
	}
	clean += rest
	u, err := url.Parse(clean)
	if err != nil {
		return config{}, fmt.Errorf("postgres store DSN: %w", unwrapURLError(err))
	}
	if u.Fragment != "" {
		return config{}, fmt.Errorf("postgres store DSN has a fragment (#...)")
	}
	if db := strings.TrimPrefix(u.Path, "/"); db == "" {
		return config{}, fmt.Errorf("postgres store DSN has no database name, as in postgres://user:password@host:5432/database")
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return config{}, fmt.Errorf("postgres store DSN: query: %w", err)
	}
	if q.Has("password") {
		return config{}, fmt.Errorf("postgres store DSN: put the password in the user information (user:password@host), not in the query")
	}
	maxConns := defaultPostgresConns
	if vs, ok := q["pool_max_conns"]; ok {
		n, err := strconv.Atoi(vs[len(vs)-1])
		if err != nil || n < 1 || n > maxPostgresConns {
			return config{}, fmt.Errorf("postgres store DSN: pool_max_conns must be a whole number from 1 to %d", maxPostgresConns)
		}
		maxConns = n
		q.Del("pool_max_conns")
		u.RawQuery = q.Encode()
	}
	pg, err := pgx.ParseConfig(u.String())
	if err != nil {
		return config{}, fmt.Errorf("postgres store DSN: %w", err)
	}
	if hasPassword {
		pg.Password = password
	}
	if pg.ConnectTimeout == 0 {
		pg.ConnectTimeout = defaultConnectTimeout
	}
	return config{dialect: dialectPostgres, pg: pg, maxConns: maxConns}, nil
}
