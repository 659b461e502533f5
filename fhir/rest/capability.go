package rest

import "github.com/shcr/shcr/fhir"

// searchSupport is what the CapabilityStatement declares for a type
// searched by patient: the patient parameter that scopes every search,
// the type's R4 search parameters that shcr evaluates, and its _include
// and _revinclude values. It declares exactly what the searcher accepts.
func (s *Server) searchSupport(resourceType string) fhir.TypeSupport {
	params := append([]fhir.SearchParamSupport{
		{Name: "patient", Type: "reference", Documentation: "Required: the patient's NHS number (patient=<NHS number> or Patient/<NHS number>)"},
	}, s.cfg.Searcher.Supported(resourceType)...)
	include, revinclude := s.cfg.Searcher.Includes(resourceType)
	return fhir.TypeSupport{Read: true, Search: true, Params: params, SearchInclude: include, SearchRevInclude: revinclude}
}

// searchDocumentation is rest.documentation: the result parameters and
// modifiers, which a CapabilityStatement has no structured place for.
const searchDocumentation = `Searches are patient-scoped (patient=<NHS number>) and federated across organisations.

Modifiers: token :not :text :of-type (:in, :not-in, :above, :below need a terminology service and are refused);
string :exact :contains; reference :[type] :identifier; uri :below :above; :missing on every parameter.
Prefixes eq ne gt lt ge le sa eb ap on date, number and quantity. OR by comma, AND by repetition.

Result parameters: _sort (search parameters of the type, _id and _lastUpdated; up to eight keys; - for descending;
missing values last; ties broken by type and id), _count, _summary (true, text, data, count, false), _elements,
_total (none, estimate, accurate; estimate is accurate), _include and _revinclude (with :iterate, one level).
Page links (first, previous, next) carry a signed cursor bound to the user and the query.`
