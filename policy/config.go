package policy

import (
	"fmt"
	"slices"
)

// Config is the access policy's configuration (the `policy:` block of
// shcr's YAML). The zero value is a safe default: direct care purposes only,
// patients at identity level P9, sensitive data shown to nobody outside its
// controller, health data not shared with social care users.
type Config struct {
	// MinIdentityLevel is the lowest NHS login identity proofing level a
	// patient token may have (P0, P5 or P9). Default P9.
	MinIdentityLevel string `yaml:"min_identity_level" json:"min_identity_level,omitzero"`
	// BreakGlassMinLength is the shortest reason accepted, in characters
	// (default 20); a reason must also have at least three words.
	BreakGlassMinLength int             `yaml:"break_glass_min_length" json:"break_glass_min_length,omitzero"`
	Sensitive           SensitiveConfig `yaml:"sensitive" json:"sensitive,omitzero"`
	// Sharing holds the data-sharing agreements, per source.
	Sharing []SharingAgreement `yaml:"sharing" json:"sharing,omitzero"`
	// Systems grants system clients (role system) the resource types they
	// may read, by OAuth client id.
	Systems []SystemGrant `yaml:"systems" json:"systems,omitzero"`
}

// SensitiveConfig says what is sensitive and who may see it.
type SensitiveConfig struct {
	// Labels are security label codes (meta.security) that make a resource
	// sensitive. Default: confidentiality R and V and the HL7
	// information-sensitivity codes (HIV, PSY, SEX, ETH, ...).
	Labels []string `yaml:"labels" json:"labels,omitzero"`
	// Codes are clinical codes (code, category, type) that make a resource
	// sensitive wherever it is recorded, such as sexual health or gender
	// identity clinic codes.
	Codes []CodeRef `yaml:"codes" json:"codes,omitzero"`
	// Allow lets roles see resources with the given labels ("*" for any,
	// "code" for the Codes list).
	Allow []SensitiveAllow `yaml:"allow" json:"allow,omitzero"`
}

// CodeRef is a system and code.
type CodeRef struct {
	System string `yaml:"system" json:"system,omitzero"`
	Code   string `yaml:"code" json:"code,omitzero"`
}

// SensitiveAllow lets roles see some sensitive labels.
type SensitiveAllow struct {
	Roles  []Role   `yaml:"roles" json:"roles,omitzero"`
	Labels []string `yaml:"labels" json:"labels,omitzero"`
}

// SharingAgreement says what one source's organisation shares, and with
// whom. When a source has one, only its rules apply to it (and the
// organisation's own users always see its own data).
type SharingAgreement struct {
	Source string        `yaml:"source" json:"source,omitzero"`
	Share  []SharingRule `yaml:"share" json:"share,omitzero"`
}

// SharingRule shares resource types with users in some roles and
// organisation kinds; an empty list matches any.
type SharingRule struct {
	Roles    []Role   `yaml:"roles" json:"roles,omitzero"`
	OrgKinds []string `yaml:"org_kinds" json:"org_kinds,omitzero"`
	// Types are resource types, or "*" for all.
	Types []string `yaml:"types" json:"types,omitzero"`
}

// SystemGrant is what one system client may read.
type SystemGrant struct {
	ClientID string   `yaml:"client_id" json:"client_id,omitzero"`
	Types    []string `yaml:"types" json:"types,omitzero"`
}

// DefaultSensitiveLabels are the security labels that mark sensitive
// information: confidentiality restricted (R) and very restricted (V), and
// the HL7 v3 information sensitivity policy codes.
func DefaultSensitiveLabels() []string {
	return []string{"R", "V", "BH", "COGN", "DVD", "EMOTDIS", "ETH", "GDIS", "HIV", "MH", "MST", "PSY", "PSYTHPN",
		"SCA", "SDV", "SEX", "SICKLE", "SOC", "SPI", "STD", "SUD", "TBOO"}
}

// withDefaults fills in the defaults.
func (c Config) withDefaults() Config {
	if c.MinIdentityLevel == "" {
		c.MinIdentityLevel = "P9"
	}
	if c.BreakGlassMinLength == 0 {
		c.BreakGlassMinLength = 20
	}
	if c.Sensitive.Labels == nil {
		c.Sensitive.Labels = DefaultSensitiveLabels()
	}
	return c
}

// Validate reports the first problem with the configuration, naming its key.
func (c Config) Validate(sourceIDs []string) error {
	switch c.MinIdentityLevel {
	case "", "P0", "P5", "P9":
	default:
		return fmt.Errorf("policy.min_identity_level: %q must be P0, P5 or P9", c.MinIdentityLevel)
	}
	if c.BreakGlassMinLength < 0 {
		return fmt.Errorf("policy.break_glass_min_length: must be positive")
	}
	for i, a := range c.Sensitive.Allow {
		for _, r := range a.Roles {
			if !r.Valid() {
				return fmt.Errorf("policy.sensitive.allow[%d].roles: %q is not a role", i, r)
			}
		}
	}
	for i, code := range c.Sensitive.Codes {
		if code.System == "" || code.Code == "" {
			return fmt.Errorf("policy.sensitive.codes[%d]: system and code are both required", i)
		}
	}
	seen := map[string]bool{}
	for i, a := range c.Sharing {
		if !slices.Contains(sourceIDs, a.Source) {
			return fmt.Errorf("policy.sharing[%d].source: %q is not a configured source", i, a.Source)
		}
		if seen[a.Source] {
			return fmt.Errorf("policy.sharing[%d].source: %q has two agreements", i, a.Source)
		}
		seen[a.Source] = true
		for j, r := range a.Share {
			for _, role := range r.Roles {
				if !role.Valid() {
					return fmt.Errorf("policy.sharing[%d].share[%d].roles: %q is not a role", i, j, role)
				}
			}
			for _, k := range r.OrgKinds {
				if !validKind(k) {
					return fmt.Errorf("policy.sharing[%d].share[%d].org_kinds: %q is not an organisation kind", i, j, k)
				}
			}
			if len(r.Types) == 0 {
				return fmt.Errorf("policy.sharing[%d].share[%d].types: list the resource types shared, or \"*\"", i, j)
			}
			for _, t := range r.Types {
				if t != "*" && !validTypeName(t) {
					return fmt.Errorf("policy.sharing[%d].share[%d].types: %q is not a resource type", i, j, t)
				}
			}
		}
	}
	for i, g := range c.Systems {
		if g.ClientID == "" {
			return fmt.Errorf("policy.systems[%d].client_id: is required", i)
		}
		for _, t := range g.Types {
			if t != "*" && !validTypeName(t) {
				return fmt.Errorf("policy.systems[%d].types: %q is not a resource type", i, t)
			}
		}
	}
	return nil
}

// Organisation kinds.
func validKind(k string) bool {
	switch k {
	case "gp", "acute", "social-care", "community", "mental-health", "shcr":
		return true
	}
	return false
}
