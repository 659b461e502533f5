package grpcsource

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"time"

	"github.com/shcr/shcr/adapters/circuit"
)

// Config says how the facade reaches one adapter node. It is filled from
// the source's entry in shcr's YAML config (type: grpc), whose keys are the
// yaml tags below, written next to the engine's own keys (id, type,
// organisation, timeout) and sharing one block with the fhir source's
// settings; so no key here repeats one of those. That is why the TLS block is
// mtls, not tls, and the per-search cap max_stream_bytes, not
// max_search_bytes. Zero values take the defaults of WithDefaults.
type Config struct {
	// Address is the node's host:port.
	Address string `yaml:"address"`
	// Insecure turns TLS off. It is accepted only for a loopback address
	// (a node beside the facade in tests or a sidecar); anywhere else the
	// connection must be mutual TLS.
	Insecure bool `yaml:"insecure"`
	// MTLS holds the facade's client certificate and the CA it trusts for
	// the node's. All of ca_file, cert_file and key_file are required
	// unless Insecure is set.
	MTLS TLSConfig `yaml:"mtls"`
	// Keepalive pings an idle connection so a node that vanished (a
	// dropped firewall state, a dead host) is noticed before a request
	// waits on it.
	Keepalive KeepaliveConfig `yaml:"keepalive"`
	// MaxMessageBytes caps one message from the node (one resource, or
	// the Describe answer); bigger is a bad response. The default (9 MiB)
	// fits the largest resource fhir.DefaultLimits() accepts.
	MaxMessageBytes int `yaml:"max_message_bytes"`
	// MaxStreamBytes caps the resource bytes of one Search; past it the
	// search fails as a bad response rather than holding an unbounded
	// answer in memory. Default 64 MiB.
	MaxStreamBytes int64 `yaml:"max_stream_bytes"`

	// Breaker is the circuit breaker in front of the node: the same
	// settings, defaults and YAML block (breaker, on the source entry,
	// which shcr copies here) as a fhir source's. Failures are calls that
	// end Unavailable, Aborted or DeadlineExceeded without the caller
	// having cancelled them; while it is open, calls fail at once
	// with circuit.ErrOpen (Unavailable) and never reach the node.
	Breaker circuit.Config `yaml:"-"`

	// ODS, when set, is the organisation the facade expects the node to
	// serve; Describe fails if the node names another, so a node address
	// pointing at the wrong organisation cannot put its records under this
	// source's controller. shcr sets it from the source's organisation.
	ODS string `yaml:"-"`
}

// TLSConfig is the client side of mutual TLS to a node.
type TLSConfig struct {
	// CAFile is a PEM bundle of the only CAs trusted for the node's
	// certificate (not the system roots: nodes have a private PKI).
	CAFile string `yaml:"ca_file"`
	// CertFile and KeyFile are the facade's client certificate and key.
	CertFile string `yaml:"cert_file"`
	KeyFile  string `yaml:"key_file"`
	// ServerName overrides the name the node's certificate is checked
	// against (default: the host of Address).
	ServerName string `yaml:"server_name"`
}

// KeepaliveConfig sets HTTP/2 pings on an idle connection.
type KeepaliveConfig struct {
	// Time is the idle time before a ping (at least 10s, default 30s);
	// the node accepts pings this often.
	Time time.Duration `yaml:"time"`
	// Timeout is how long a ping may go unanswered before the connection
	// is closed (default 10s).
	Timeout time.Duration `yaml:"timeout"`
}

// Default sizes.
const (
	defaultMaxMessageBytes = 9 << 20
	defaultMaxStreamBytes  = 64 << 20
	// minKeepaliveTime is the shortest ping interval gRPC allows a client,
	// and the one the node's enforcement policy accepts.
	minKeepaliveTime = 10 * time.Second
)

// WithDefaults returns c with every zero setting replaced by its default.
// It is the one place the client's defaults live.
func (c Config) WithDefaults() Config {
	if c.Keepalive.Time == 0 {
		c.Keepalive.Time = 30 * time.Second
	}
	if c.Keepalive.Timeout == 0 {
		c.Keepalive.Timeout = 10 * time.Second
	}
	if c.MaxMessageBytes == 0 {
		c.MaxMessageBytes = defaultMaxMessageBytes
	}
	if c.MaxStreamBytes == 0 {
		c.MaxStreamBytes = max(defaultMaxStreamBytes, int64(c.MaxMessageBytes))
	}
	c.Breaker = c.Breaker.WithDefaults()
	return c
}

// Validate reports everything wrong with c (after defaults), joined, each
// naming its key.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	host, port, err := net.SplitHostPort(c.Address)
	switch {
	case c.Address == "":
		bad("address is required: the node's host:port")
	case err != nil || host == "" || port == "":
		bad("address %q is not host:port", c.Address)
	}
	if c.Insecure {
		if err == nil && !isLoopback(host) {
			bad("insecure is allowed only for a loopback address; %s needs mtls", c.Address)
		}
		if c.MTLS != (TLSConfig{}) {
			bad("mtls and insecure cannot go together")
		}
	} else {
		if c.MTLS.CAFile == "" || c.MTLS.CertFile == "" || c.MTLS.KeyFile == "" {
			bad("mtls.ca_file, mtls.cert_file and mtls.key_file are required: the node is reached over mutual TLS (insecure: true only on loopback)")
		}
	}
	if c.Keepalive.Time < minKeepaliveTime {
		bad("keepalive.time must be at least %s", minKeepaliveTime)
	}
	if c.Keepalive.Timeout <= 0 {
		bad("keepalive.timeout must be positive")
	}
	if c.MaxMessageBytes < 1024 {
		bad("max_message_bytes must be at least 1024")
	}
	if c.MaxStreamBytes < int64(c.MaxMessageBytes) {
		bad("max_stream_bytes must be at least max_message_bytes")
	}
	if err := c.Breaker.Validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// clientTLS loads the files of c into a TLS configuration for dialling the
// node: only the configured CA is trusted, and the facade presents its
// certificate.
func (c TLSConfig) clientTLS() (*tls.Config, error) {
	pool, err := loadPool(c.CAFile)
	if err != nil {
		return nil, err
	}
	cert, err := tls.LoadX509KeyPair(c.CertFile, c.KeyFile)
	if err != nil {
		return nil, fmt.Errorf("loading the client certificate %s: %w", c.CertFile, err)
	}
	return &tls.Config{
		RootCAs:      pool,
		Certificates: []tls.Certificate{cert},
		ServerName:   c.ServerName,
		MinVersion:   tls.VersionTLS13,
	}, nil
}

// ServerTLSConfig is the node's side of mutual TLS, as `shcr adapter`
// configures it.
type ServerTLSConfig struct {
	// CertFile and KeyFile are the node's certificate and key.
	CertFile string `yaml:"cert_file"`
	KeyFile  string `yaml:"key_file"`
	// ClientCAFile is a PEM bundle of the CAs whose client certificates
	// the node accepts; every client must present one.
	ClientCAFile string `yaml:"client_ca_file"`
}

// Validate reports missing settings.
func (c ServerTLSConfig) Validate() error {
	if c.CertFile == "" || c.KeyFile == "" || c.ClientCAFile == "" {
		return errors.New("cert_file, key_file and client_ca_file are all required")
	}
	return nil
}

// Load reads the files into a TLS configuration that requires and verifies
// a client certificate, as NewServer insists.
func (c ServerTLSConfig) Load() (*tls.Config, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	pool, err := loadPool(c.ClientCAFile)
	if err != nil {
		return nil, err
	}
	cert, err := tls.LoadX509KeyPair(c.CertFile, c.KeyFile)
	if err != nil {
		return nil, fmt.Errorf("loading the node certificate %s: %w", c.CertFile, err)
	}
	return &tls.Config{
		Certificates: []tls.Certificate{cert},
		ClientAuth:   tls.RequireAndVerifyClientCert,
		ClientCAs:    pool,
		MinVersion:   tls.VersionTLS13,
	}, nil
}

func loadPool(path string) (*x509.CertPool, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the CA file: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(raw) {
		return nil, fmt.Errorf("reading the CA file %s: no PEM certificates in it", path)
	}
	return pool, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
