package fhirrest_test

import (
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/shcr/shcr/adapters/fhirrest"
)

// sourceYAML is a source entry of shcr's config as the operator writes it.
// The keys id, type, organisation and timeout belong to the engine; the
// rest are fhirrest.Config's.
const sourceYAML = `
id: city-general
type: fhir
organisation: {ods: X2B02, name: City General Hospital, kind: acute}
timeout: 3s
url: https://epr.city-general.example.nhs.uk/fhir
connect_timeout: 2s
request_timeout: 10s
max_response_bytes: 33554432
max_search_bytes: 67108864
max_pages: 20
page_size: 100
max_concurrent: 8
capability_refresh: 10m
compartment: auto
headers:
  X-Api-Key: an-api-key
auth:
  type: client-credentials
  token_url: https://auth.city-general.example.nhs.uk/oauth2/token
  client_id: shcr-prod
  key_file: /etc/shcr/keys/city-general.pem
  key_id: shcr-2026-01
  signing_alg: RS512
  scopes: [system/*.read]
tls:
  ca_file: /etc/shcr/ca/hscn.pem
  cert_file: /etc/shcr/tls/client.pem
  key_file: /etc/shcr/tls/client-key.pem
retry:
  backoff: 100ms
  max_retry_after: 2s
  budget_ratio: 0.1
  budget_min: 3
  budget_window: 10s
`

func TestYAMLShape(t *testing.T) {
	var entry struct {
		ID           string            `yaml:"id"`
		Type         string            `yaml:"type"`
		Organisation map[string]string `yaml:"organisation"`
		Timeout      time.Duration     `yaml:"timeout"`

		fhirrest.Config `yaml:",inline"`
	}
	dec := yaml.NewDecoder(strings.NewReader(sourceYAML))
	dec.KnownFields(true)
	if err := dec.Decode(&entry); err != nil {
		t.Fatalf("decoding: %v", err)
	}
	c := entry.Config
	if c.URL != "https://epr.city-general.example.nhs.uk/fhir" || c.RequestTimeout != 10*time.Second ||
		c.Auth.Type != fhirrest.AuthClientCredentials || string(c.Headers["X-Api-Key"]) != "an-api-key" ||
		c.TLS.CertFile != "/etc/shcr/tls/client.pem" || c.Retry.BudgetRatio != 0.1 ||
		len(c.Auth.Scopes) != 1 {
		t.Errorf("decoded %+v", c)
	}
	if err := c.WithDefaults().Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	out, err := yaml.Marshal(entry.Config)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "an-api-key") {
		t.Errorf("a secret shows in YAML output:\n%s", out)
	}
}

func TestValidate(t *testing.T) {
	ok := fhirrest.Config{URL: "https://epr.example.nhs.uk/fhir"}
	tests := []struct {
		name    string
		change  func(c *fhirrest.Config)
		wantErr string // "" for valid
	}{
		{name: "minimal", change: func(c *fhirrest.Config) {}},
		{name: "plain http to loopback", change: func(c *fhirrest.Config) { c.URL = "http://127.0.0.1:8080/fhir" }},
		{name: "plain http elsewhere", change: func(c *fhirrest.Config) { c.URL = "http://epr.example.nhs.uk/fhir" }, wantErr: "https"},
		{name: "plain http allowed", change: func(c *fhirrest.Config) { c.URL = "http://epr.example.nhs.uk/fhir"; c.AllowHTTP = true }},
		{name: "no URL", change: func(c *fhirrest.Config) { c.URL = "" }, wantErr: "url"},
		{name: "credentials in the URL", change: func(c *fhirrest.Config) { c.URL = "https://u:p@epr.example/fhir" }, wantErr: "credentials"},
		{name: "a query in the URL", change: func(c *fhirrest.Config) { c.URL = "https://epr.example/fhir?x=1" }, wantErr: "query"},
		{name: "bearer without a token", change: func(c *fhirrest.Config) { c.Auth.Type = fhirrest.AuthBearer }, wantErr: "auth.token"},
		{name: "client credentials incomplete", change: func(c *fhirrest.Config) { c.Auth.Type = fhirrest.AuthClientCredentials }, wantErr: "auth.client_id"},
		{name: "unknown auth", change: func(c *fhirrest.Config) { c.Auth.Type = "basic" }, wantErr: "auth.type"},
		{name: "half a client certificate", change: func(c *fhirrest.Config) { c.TLS.CertFile = "c.pem" }, wantErr: "tls.cert_file"},
		{name: "a header the adapter sets", change: func(c *fhirrest.Config) { c.Headers = map[string]fhirrest.Secret{"authorization": "x"} }, wantErr: "set by the adapter"},
		{name: "a caller header", change: func(c *fhirrest.Config) { c.Headers = map[string]fhirrest.Secret{fhirrest.HeaderPurpose: "x"} }, wantErr: "set by the adapter"},
		{name: "a header value with a newline", change: func(c *fhirrest.Config) { c.Headers = map[string]fhirrest.Secret{"X-Key": "a\r\nb"} }, wantErr: "cannot carry"},
		{name: "a bad header name", change: func(c *fhirrest.Config) { c.Headers = map[string]fhirrest.Secret{"X Key": "a"} }, wantErr: "not a header name"},
		{name: "unknown compartment strategy", change: func(c *fhirrest.Config) { c.Compartment = "magic" }, wantErr: "compartment"},
		{name: "negative timeout", change: func(c *fhirrest.Config) { c.RequestTimeout = -time.Second }, wantErr: "request_timeout"},
		{name: "tiny response cap", change: func(c *fhirrest.Config) { c.MaxResponseBytes = 10 }, wantErr: "max_response_bytes"},
		{name: "budget ratio over 1", change: func(c *fhirrest.Config) { c.Retry.BudgetRatio = 2 }, wantErr: "budget_ratio"},
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
			if _, nerr := fhirrest.New(c); (nerr == nil) != (err == nil) && tt.wantErr != "" {
				t.Errorf("New accepted what Validate refused")
			}
		})
	}
}

func TestNewReadsKeyFiles(t *testing.T) {
	tests := []struct {
		name    string
		cfg     fhirrest.Config
		wantErr string
	}{
		{name: "a missing CA file", cfg: fhirrest.Config{URL: "https://x.example", TLS: fhirrest.TLSConfig{CAFile: "/nonexistent/ca.pem"}}, wantErr: "tls.ca_file"},
		{name: "a missing client certificate", cfg: fhirrest.Config{URL: "https://x.example", TLS: fhirrest.TLSConfig{CertFile: "/nonexistent/c.pem", KeyFile: "/nonexistent/k.pem"}}, wantErr: "client certificate"},
		{name: "a missing signing key", cfg: fhirrest.Config{URL: "https://x.example", Auth: fhirrest.AuthConfig{
			Type: fhirrest.AuthClientCredentials, TokenURL: "https://x.example/token", ClientID: "c", KeyFile: "/nonexistent/k.pem"}}, wantErr: "auth.key_file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := fhirrest.New(tt.cfg); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("New: %v, want an error mentioning %q", err, tt.wantErr)
			}
		})
	}
}
