package auth

import (
	"context"
	"crypto"
	// go-jose's key types implement encoding/json's interfaces, so the
	// key set is read with encoding/json rather than json/v2.
	stdjson "encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// StaticKeys is a fixed key set, from a JWKS file or built in code.
type StaticKeys map[string]crypto.PublicKey

// Key implements KeySet.
func (s StaticKeys) Key(_ context.Context, kid string) (crypto.PublicKey, error) {
	k, ok := s[kid]
	if !ok {
		return nil, fmt.Errorf("no key with kid %q", truncate(kid, 64))
	}
	return k, nil
}

// ParseJWKS reads a JSON Web Key Set (RFC 7517), keeping the public
// signature keys. Private or symmetric keys are refused: a key set for
// verification must never hold secrets.
func ParseJWKS(raw []byte) (StaticKeys, error) {
	var set jose.JSONWebKeySet
	if err := stdjson.Unmarshal(raw, &set); err != nil {
		return nil, fmt.Errorf("reading the JSON Web Key Set: %w", err)
	}
	out := StaticKeys{}
	for _, k := range set.Keys {
		if k.Use != "" && k.Use != "sig" {
			continue
		}
		if k.KeyID == "" {
			return nil, errors.New("reading the JSON Web Key Set: a key has no kid")
		}
		if !k.IsPublic() {
			return nil, fmt.Errorf("reading the JSON Web Key Set: key %q is not a public key", k.KeyID)
		}
		out[k.KeyID] = k.Key
	}
	if len(out) == 0 {
		return nil, errors.New("reading the JSON Web Key Set: it has no signature keys")
	}
	return out, nil
}

// LoadJWKSFile reads a JWKS from a file.
func LoadJWKSFile(path string) (StaticKeys, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the JWKS file: %w", err)
	}
	return ParseJWKS(raw)
}

// RemoteKeys is the key set published at an issuer's jwks_uri. It fetches
// the set on first use and again when a token names a kid it does not hold
// (the issuer rotated its keys), at most once per MinRefresh so a flood of
// tokens with made-up kids cannot turn into a flood of fetches. It is safe
// for concurrent use.
type RemoteKeys struct {
	URL        string
	Client     *http.Client
	MinRefresh time.Duration
	MaxBytes   int64
	Now        func() time.Time

	mu      sync.Mutex
	keys    StaticKeys
	fetched time.Time
}

// Key implements KeySet.
func (r *RemoteKeys) Key(ctx context.Context, kid string) (crypto.PublicKey, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if k, ok := r.keys[kid]; ok {
		return k, nil
	}
	now := r.now()
	if r.keys != nil && now.Sub(r.fetched) < r.minRefresh() {
		return nil, fmt.Errorf("no key with kid %q", truncate(kid, 64))
	}
	keys, err := r.fetch(ctx)
	r.fetched = now
	if err != nil {
		return nil, err
	}
	r.keys = keys
	if k, ok := keys[kid]; ok {
		return k, nil
	}
	return nil, fmt.Errorf("no key with kid %q", truncate(kid, 64))
}

func (r *RemoteKeys) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

func (r *RemoteKeys) minRefresh() time.Duration {
	if r.MinRefresh > 0 {
		return r.MinRefresh
	}
	return 30 * time.Second
}

func (r *RemoteKeys) fetch(ctx context.Context) (StaticKeys, error) {
	client := r.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.URL, nil)
	if err != nil {
		return nil, fmt.Errorf("fetching the issuer's key set: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetching the issuer's key set: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetching the issuer's key set: status %d", resp.StatusCode)
	}
	limit := r.MaxBytes
	if limit <= 0 {
		limit = 1 << 20
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("fetching the issuer's key set: %w", err)
	}
	if int64(len(raw)) > limit {
		return nil, fmt.Errorf("fetching the issuer's key set: over %d bytes", limit)
	}
	return ParseJWKS(raw)
}
