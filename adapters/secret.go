package adapters

import (
	"fmt"
	"io"
	"log/slog"
)

// Secret is a configuration value that must not be seen: a token, an API
// key, a database DSN with its password. Every way of printing it (fmt
// verbs, slog, JSON, YAML, text) shows a mask; code that needs the value
// reads it with string(s).
type Secret string

const mask = "******"

// String returns a mask, so a Secret printed with %v or %s hides itself.
func (s Secret) String() string { return s.masked() }

// GoString returns a mask for %#v.
func (s Secret) GoString() string { return `"` + s.masked() + `"` }

// Format prints a mask whatever the verb.
func (s Secret) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, s.masked()) }

// LogValue makes slog print a mask.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.masked()) }

// MarshalText, MarshalJSON and MarshalYAML write a mask, so a config dumped
// for debugging does not leak.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.masked()), nil }

// MarshalJSON writes a mask as a JSON string.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + s.masked() + `"`), nil }

// MarshalYAML writes a mask.
func (s Secret) MarshalYAML() (any, error) { return s.masked(), nil }

func (s Secret) masked() string {
	if s == "" {
		return ""
	}
	return mask
}
