package adapters

import (
	"strings"

	"github.com/shcr/shcr/fhir"
)

// IdentifierMatches applies an identifier token search value to a
// resource's identifiers: system|value, |value (no system), value (any
// system) or system| (any value); commas separate alternatives. Every
// adapter must apply identifier to Patient searches itself (the engine
// resolves patients with it), so they share this one reading of it.
func IdentifierMatches(ids []fhir.Identifier, value string) bool {
	for alt := range strings.SplitSeq(value, ",") {
		system, val, hasSystem := strings.Cut(alt, "|")
		if !hasSystem {
			val, system = system, ""
		}
		for _, id := range ids {
			switch {
			case !hasSystem && id.Value == val:
				return true
			case hasSystem && val == "" && id.System == system:
				return true
			case hasSystem && id.System == system && id.Value == val:
				return true
			}
		}
	}
	return false
}
