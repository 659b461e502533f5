package grpcsource_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shcr/shcr/adapters/grpcsource"
)

func TestConfigValidate(t *testing.T) {
	mtls := grpcsource.TLSConfig{CAFile: "ca.pem", CertFile: "c.pem", KeyFile: "k.pem"}
	tests := []struct {
		name    string
		cfg     grpcsource.Config
		wantErr string
	}{
		{name: "mutual TLS", cfg: grpcsource.Config{Address: "node.example.nhs.uk:8443", MTLS: mtls}},
		{name: "insecure on loopback", cfg: grpcsource.Config{Address: "127.0.0.1:9000", Insecure: true}},
		{name: "insecure on localhost", cfg: grpcsource.Config{Address: "localhost:9000", Insecure: true}},
		{name: "no address", cfg: grpcsource.Config{MTLS: mtls}, wantErr: "address is required"},
		{name: "address without port", cfg: grpcsource.Config{Address: "node.example.nhs.uk", MTLS: mtls}, wantErr: "not host:port"},
		{name: "no TLS", cfg: grpcsource.Config{Address: "node.example.nhs.uk:8443"}, wantErr: "mutual TLS"},
		{name: "TLS without a client certificate", cfg: grpcsource.Config{Address: "node.example.nhs.uk:8443", MTLS: grpcsource.TLSConfig{CAFile: "ca.pem"}}, wantErr: "mtls.cert_file"},
		{name: "insecure off loopback", cfg: grpcsource.Config{Address: "node.example.nhs.uk:8443", Insecure: true}, wantErr: "only for a loopback"},
		{name: "insecure and mtls", cfg: grpcsource.Config{Address: "127.0.0.1:9000", Insecure: true, MTLS: mtls}, wantErr: "cannot go together"},
		{name: "keepalive too often", cfg: grpcsource.Config{Address: "127.0.0.1:9000", Insecure: true, Keepalive: grpcsource.KeepaliveConfig{Time: time.Second}}, wantErr: "keepalive.time"},
		{name: "tiny messages", cfg: grpcsource.Config{Address: "127.0.0.1:9000", Insecure: true, MaxMessageBytes: 10}, wantErr: "max_message_bytes"},
		{name: "stream cap under message cap", cfg: grpcsource.Config{Address: "127.0.0.1:9000", Insecure: true, MaxMessageBytes: 4096, MaxStreamBytes: 2048}, wantErr: "max_stream_bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.WithDefaults().Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Validate = %v, want it to mention %q", err, tt.wantErr)
			}
		})
	}
}

func TestSharingValidate(t *testing.T) {
	tests := []struct {
		name    string
		rules   grpcsource.Sharing
		wantErr string
	}{
		{name: "none shares nothing but is valid"},
		{name: "every form of client", rules: grpcsource.Sharing{{Clients: []string{"cn:shcr", "dns:shcr.example.nhs.uk", "uri:spiffe://nhs.uk/shcr", "*"}, Types: []string{"*"}}}},
		{name: "conditions", rules: grpcsource.Sharing{{Clients: []string{"cn:shcr"}, Roles: []string{"clinician"}, Orgs: []string{"X1A01"}, Purposes: []string{"TREAT"}, Types: []string{"Patient"}}}},
		{name: "no clients", rules: grpcsource.Sharing{{Types: []string{"*"}}}, wantErr: "clients is required"},
		{name: "a bare name", rules: grpcsource.Sharing{{Clients: []string{"shcr"}, Types: []string{"*"}}}, wantErr: `client "shcr"`},
		{name: "an unknown kind of name", rules: grpcsource.Sharing{{Clients: []string{"email:a@b"}, Types: []string{"*"}}}, wantErr: "email:a@b"},
		{name: "no types", rules: grpcsource.Sharing{{Clients: []string{"cn:shcr"}}}, wantErr: "types is required"},
		{name: "not a type", rules: grpcsource.Sharing{{Clients: []string{"cn:shcr"}, Types: []string{"observation"}}}, wantErr: `"observation" is not a resource type`},
		{name: "an empty role", rules: grpcsource.Sharing{{Clients: []string{"cn:shcr"}, Roles: []string{""}, Types: []string{"*"}}}, wantErr: "empty value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.rules.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Validate = %v, want it to mention %q", err, tt.wantErr)
			}
		})
	}
}
