package sqlsource_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/shcr/shcr/adapters/fhirrest"
	"github.com/shcr/shcr/adapters/sqlsource"
	"github.com/shcr/shcr/adapters/sqlsource/socialcare"
)

// sourceYAML is a source entry of shcr's config as the operator writes it.
// The keys id, type, organisation and timeout belong to the engine, path
// to dir sources and url (and the rest) to fhir sources; the others are
// sqlsource.Config's.
const sourceYAML = `
id: riverside-council
type: sql
organisation: {ods: X3C03, name: Riverside Council Adult Social Care, kind: social-care}
timeout: 2s
dsn: postgres://shcr_reader:s3cret-pw@db.riverside-council.example.gov.uk:5432/socialcare?sslmode=verify-full
mapping: /etc/shcr/riverside-council.mapping.yaml
max_conns: 8
query_timeout: 5s
max_rows: 2000
`

// TestYAMLShape decodes the entry into one struct with every source kind's
// settings inlined, as cmd/shcr does, which yaml refuses if two kinds share
// a key.
func TestYAMLShape(t *testing.T) {
	var entry struct {
		ID           string            `yaml:"id"`
		Type         string            `yaml:"type"`
		Organisation map[string]string `yaml:"organisation"`
		Timeout      time.Duration     `yaml:"timeout"`
		Path         string            `yaml:"path"`

		FHIR fhirrest.Config  `yaml:",inline"`
		SQL  sqlsource.Config `yaml:",inline"`
	}
	dec := yaml.NewDecoder(strings.NewReader(sourceYAML))
	dec.KnownFields(true)
	if err := dec.Decode(&entry); err != nil {
		t.Fatalf("decoding: %v", err)
	}
	c := entry.SQL
	if string(c.DSN) != "postgres://shcr_reader:s3cret-pw@db.riverside-council.example.gov.uk:5432/socialcare?sslmode=verify-full" ||
		c.Mapping != "/etc/shcr/riverside-council.mapping.yaml" || c.MaxConns != 8 || c.QueryTimeout != 5*time.Second || c.MaxRows != 2000 {
		t.Errorf("decoded %+v", c)
	}
	if err := c.WithDefaults().Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	out, err := yaml.Marshal(entry.SQL)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "s3cret") {
		t.Errorf("the password shows in YAML output:\n%s", out)
	}
}

func TestSecretIsMasked(t *testing.T) {
	c := sqlsource.Config{DSN: "postgres://u:s3cret-pw@h/db"}
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("config", "dsn", c.DSN, "config", c)
	j, _ := json.Marshal(c)
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprintf("%q", c.DSN), fmt.Sprintf("%x", c.DSN), string(j), logs.String()} {
		if strings.Contains(s, "s3cret") {
			t.Errorf("the DSN shows: %s", s)
		}
	}
}

func TestValidate(t *testing.T) {
	ok := sqlsource.Config{DSN: "postgres://u:pw@db.example:5432/socialcare", Mapping: "m.yaml"}
	tests := []struct {
		name    string
		change  func(c *sqlsource.Config)
		wantErr string // "" for valid
	}{
		{name: "minimal", change: func(c *sqlsource.Config) {}},
		{name: "postgresql scheme and libpq parameters", change: func(c *sqlsource.Config) {
			c.DSN = "postgresql://u:p%40ss@db.example/socialcare?sslmode=verify-full&connect_timeout=3&application_name=x"
		}},
		{name: "no password (peer or certificate authentication)", change: func(c *sqlsource.Config) { c.DSN = "postgres://u@db.example/socialcare" }},
		{name: "no DSN", change: func(c *sqlsource.Config) { c.DSN = "" }, wantErr: "dsn is required"},
		{name: "not a URL", change: func(c *sqlsource.Config) { c.DSN = "host=db user=u password=s3cret-pw" }, wantErr: "dsn must be a URL"},
		{name: "another scheme", change: func(c *sqlsource.Config) { c.DSN = "mysql://u:s3cret-pw@db/x" }, wantErr: `dsn scheme "mysql" is not supported`},
		{name: "no host", change: func(c *sqlsource.Config) { c.DSN = "postgres://u:s3cret-pw@/x" }, wantErr: "dsn has no host"},
		{name: "no database", change: func(c *sqlsource.Config) { c.DSN = "postgres://u:s3cret-pw@db.example" }, wantErr: "dsn has no database name"},
		{name: "password in the query", change: func(c *sqlsource.Config) { c.DSN = "postgres://u@db.example/x?password=s3cret-pw" }, wantErr: "password is not accepted in the query"},
		{name: "pool settings in the DSN", change: func(c *sqlsource.Config) { c.DSN = "postgres://u:s3cret-pw@db.example/x?pool_max_conns=9" }, wantErr: "use max_conns"},
		{name: "a bad escape in the password", change: func(c *sqlsource.Config) { c.DSN = "postgres://u:s3cret-pw%zz@db.example/x" }, wantErr: "password has an invalid"},
		{name: "a bad libpq parameter", change: func(c *sqlsource.Config) { c.DSN = "postgres://u:s3cret-pw@db.example/x?sslmode=sometimes" }, wantErr: "dsn is not a PostgreSQL connection URL"},
		{name: "a bad connect_timeout", change: func(c *sqlsource.Config) { c.DSN = "postgres://u:s3cret-pw@db.example/x?connect_timeout=soon" }, wantErr: "connect_timeout"},
		{name: "space around", change: func(c *sqlsource.Config) { c.DSN = " postgres://u:s3cret-pw@db.example/x" }, wantErr: "white space"},
		{name: "no mapping", change: func(c *sqlsource.Config) { c.Mapping = "" }, wantErr: "mapping is required"},
		{name: "too many connections", change: func(c *sqlsource.Config) { c.MaxConns = 5000 }, wantErr: "max_conns"},
		{name: "negative timeout", change: func(c *sqlsource.Config) { c.QueryTimeout = -time.Second }, wantErr: "query_timeout"},
		{name: "negative max rows", change: func(c *sqlsource.Config) { c.MaxRows = -1 }, wantErr: "max_rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.change(&c)
			err := c.WithDefaults().Validate()
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("Validate: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("Validate: %v, want an error mentioning %q", err, tt.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), "s3cret") {
				t.Errorf("the error shows the password: %v", err)
			}
			if tt.wantErr != "" {
				if _, nerr := sqlsource.New(context.Background(), c); nerr == nil {
					t.Errorf("New accepted what Validate refused")
				} else if strings.Contains(nerr.Error(), "s3cret") {
					t.Errorf("New's error shows the password: %v", nerr)
				}
			}
		})
	}
}

// TestNewReadsTheMapping checks New loads the mapping file, and names the
// file and the fault when it cannot.
func TestNewReadsTheMapping(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "mapping.yaml")
	if err := os.WriteFile(good, socialcare.MappingYAML(), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("version: 1\nresources: {Patient: {query: 'SELECT :who'}}"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, wantErr string
	}{
		{name: "the social care mapping", path: good},
		{name: "no such file", path: filepath.Join(dir, "missing.yaml"), wantErr: "reading the mapping"},
		{name: "a bad mapping", path: bad, wantErr: "bad.yaml: Patient.query: query uses :who"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := sqlsource.New(context.Background(), sqlsource.Config{DSN: "postgres://u@127.0.0.1:1/x", Mapping: tt.path})
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				src.Close()
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("New: %v, want an error mentioning %q", err, tt.wantErr)
			}
		})
	}
}
