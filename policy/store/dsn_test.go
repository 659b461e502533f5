package store

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseDSN(t *testing.T) {
	const secret = "s3cr3t-Pa55"
	tests := []struct {
		name    string
		dsn     string
		dialect dialect
		path    string // sqlite
		host    string // postgres
		port    uint16
		db      string
		user    string
		pass    string
		conns   int
		wantErr string // substring; "" means success
	}{
		{name: "sqlite", dsn: "sqlite:///var/lib/shcr/governance.db", dialect: dialectSQLite, path: "/var/lib/shcr/governance.db"},
		{name: "sqlite escaped space", dsn: "sqlite:///tmp/my%20dir/g.db", dialect: dialectSQLite, path: "/tmp/my dir/g.db"},
		{name: "sqlite cleaned", dsn: "sqlite:///tmp/a/../b.db", dialect: dialectSQLite, path: "/tmp/b.db"},
		{name: "sqlite relative", dsn: "sqlite://governance.db", wantErr: "absolute path"},
		{name: "sqlite no slashes", dsn: "sqlite:governance.db", wantErr: "no scheme"},
		{name: "sqlite query", dsn: "sqlite:///tmp/g.db?_pragma=foo", wantErr: "no query parameters"},
		{name: "sqlite empty query", dsn: "sqlite:///tmp/g.db?", wantErr: "no query parameters"},
		{name: "sqlite fragment", dsn: "sqlite:///tmp/g.db#x", wantErr: "fragment"},
		{name: "sqlite directory", dsn: "sqlite:///tmp/", wantErr: "directory"},
		{name: "sqlite escaped question mark", dsn: "sqlite:///tmp/a%3Fb.db", wantErr: "'?'"},
		{name: "empty", dsn: "", wantErr: "empty"},
		{name: "white space", dsn: " sqlite:///tmp/g.db", wantErr: "white space"},
		{name: "unknown scheme", dsn: "mysql://u:p@h/db", wantErr: `scheme "mysql" is not supported`},
		{
			name: "postgres", dsn: "postgres://shcr:" + secret + "@db.example:6543/governance?sslmode=disable",
			dialect: dialectPostgres, host: "db.example", port: 6543, db: "governance", user: "shcr", pass: secret, conns: defaultPostgresConns,
		},
		{
			name: "postgresql scheme, default port", dsn: "postgresql://shcr:" + secret + "@localhost/governance",
			dialect: dialectPostgres, host: "localhost", port: 5432, db: "governance", user: "shcr", pass: secret, conns: defaultPostgresConns,
		},
		{
			name: "password with reserved characters", dsn: "postgres://shcr:p%40ss%2Fw%3Ard@h:5432/g",
			dialect: dialectPostgres, host: "h", port: 5432, db: "g", user: "shcr", pass: "p@ss/w:rd", conns: defaultPostgresConns,
		},
		{
			name: "unescaped @ and / in password", dsn: "postgres://shcr:p@ss/wd@h:5432/g",
			dialect: dialectPostgres, host: "h", port: 5432, db: "g", user: "shcr", pass: "p@ss/wd", conns: defaultPostgresConns,
		},
		{
			name: "pool size", dsn: "postgres://shcr:x@h:5432/g?pool_max_conns=3&application_name=shcr",
			dialect: dialectPostgres, host: "h", port: 5432, db: "g", user: "shcr", pass: "x", conns: 3,
		},
		{name: "postgres no database", dsn: "postgres://shcr:" + secret + "@h:5432", wantErr: "no database name"},
		{name: "postgres no database, slash", dsn: "postgres://shcr:" + secret + "@h:5432/", wantErr: "no database name"},
		{name: "postgres no host", dsn: "postgres://shcr:" + secret + "@/db", wantErr: "no host"},
		{name: "postgres bad port", dsn: "postgres://shcr:" + secret + "@h:port/db", wantErr: "port"},
		{name: "postgres bad escape in password", dsn: "postgres://shcr:" + secret + "%zz@h/db", wantErr: "password has an invalid %-escape"},
		{name: "postgres password in query", dsn: "postgres://shcr@h/db?password=" + secret, wantErr: "not in the query"},
		{name: "postgres bad pool size", dsn: "postgres://shcr:" + secret + "@h/db?pool_max_conns=0", wantErr: "pool_max_conns"},
		{name: "postgres bad sslmode", dsn: "postgres://shcr:" + secret + "@h/db?sslmode=sometimes", wantErr: "sslmode"},
		{name: "postgres fragment", dsn: "postgres://shcr:" + secret + "@h/db#frag", wantErr: "fragment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseDSN(tt.dsn)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("parseDSN(%q) = nil error, want one containing %q", tt.dsn, tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("parseDSN(%q) error = %q, want it to contain %q", tt.dsn, err, tt.wantErr)
				}
				if strings.Contains(err.Error(), secret) {
					t.Errorf("parseDSN(%q) error %q repeats the password", tt.dsn, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseDSN(%q) error = %v", tt.dsn, err)
			}
			if got.dialect != tt.dialect {
				t.Fatalf("dialect = %v, want %v", got.dialect, tt.dialect)
			}
			if tt.dialect == dialectSQLite {
				if got.path != tt.path {
					t.Errorf("path = %q, want %q", got.path, tt.path)
				}
				return
			}
			pg := got.pg
			if pg.Host != tt.host || pg.Port != tt.port || pg.Database != tt.db || pg.User != tt.user || pg.Password != tt.pass {
				t.Errorf("host, port, database, user, password = %q, %d, %q, %q, %q; want %q, %d, %q, %q, %q",
					pg.Host, pg.Port, pg.Database, pg.User, pg.Password, tt.host, tt.port, tt.db, tt.user, tt.pass)
			}
			if got.maxConns != tt.conns {
				t.Errorf("maxConns = %d, want %d", got.maxConns, tt.conns)
			}
			if pg.ConnectTimeout != defaultConnectTimeout {
				t.Errorf("ConnectTimeout = %v, want %v", pg.ConnectTimeout, defaultConnectTimeout)
			}
			if _, ok := pg.RuntimeParams["pool_max_conns"]; ok {
				t.Errorf("pool_max_conns was passed to the server as a runtime parameter")
			}
		})
	}
}

func TestParseDSNConnectTimeout(t *testing.T) {
	got, err := parseDSN("postgres://u:p@h/db?connect_timeout=2")
	if err != nil {
		t.Fatal(err)
	}
	if got.pg.ConnectTimeout != 2*time.Second {
		t.Errorf("ConnectTimeout = %v, want 2s from the DSN", got.pg.ConnectTimeout)
	}
}

func TestOpenInvalidDSN(t *testing.T) {
	_, err := Open(t.Context(), "postgres://shcr:hunter2hunter2@h:notaport/db")
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("Open error = %v, want it to wrap ErrInvalid", err)
	}
	if strings.Contains(err.Error(), "hunter2hunter2") {
		t.Errorf("Open error %q repeats the password", err)
	}
}

// FuzzParseDSN checks that parseDSN never panics and never repeats a
// password in an error, however malformed the rest of the DSN is.
func FuzzParseDSN(f *testing.F) {
	for _, seed := range [][4]string{
		{"shcr", "pw", "127.0.0.1:5432", "/shcr_test?sslmode=disable"},
		{"u", "p@ss/w:rd", "h", "/db"},
		{"", "", "[::1]:5432", "/db?pool_max_conns=4"},
		{"u", "%zz", "h:port", ""},
		{"u:v", "x", "h,h2:5433", "/db#f"},
		{"u", "pw", "", "/db?password=x"},
	} {
		f.Add(seed[0], seed[1], seed[2], seed[3])
	}
	const marker = "ZqXj"
	f.Fuzz(func(t *testing.T, user, password, host, rest string) {
		_, _ = parseDSN(user)                       // arbitrary input: no panic
		_, _ = parseDSN("sqlite://" + host + rest)  // arbitrary sqlite DSN: no panic
		user = strings.ReplaceAll(user, marker, "") // only the password holds the marker
		host = strings.ReplaceAll(host, marker, "") //
		rest = strings.ReplaceAll(rest, marker, "") //
		pw := marker + password + marker            // a password that is easy to spot
		dsn := "postgres://" + user + ":" + pw + "@" + host + rest
		_, err := parseDSN(dsn)
		if err != nil && strings.Contains(err.Error(), marker) {
			t.Errorf("parseDSN(%q) error %q repeats (part of) the password", dsn, err)
		}
	})
}
