package fhir

import "strings"

// SplitReference splits a relative literal reference, "Type/id" or
// "Type/id/_history/version", into its type and id. Absolute URLs, urn:
// references, contained ("#x") and conditional ("Type?...") references are
// not relative literal references and give ok == false.
func SplitReference(ref string) (resourceType, id string, ok bool) {
	typ, rest, found := strings.Cut(ref, "/")
	if !found || !validTypeName(typ) {
		return "", "", false
	}
	id, hist, hasHist := strings.Cut(rest, "/")
	if hasHist {
		v, found := strings.CutPrefix(hist, "_history/")
		if !found || v == "" || strings.Contains(v, "/") {
			return "", "", false
		}
	}
	if !ValidID(id) {
		return "", "", false
	}
	return typ, id, true
}
