// Package fhirpath evaluates the subset of FHIRPath that the FHIR R4
// SearchParameter expressions use, on resources decoded from JSON. shcr
// needs it to apply search parameters itself to resources from sources that
// cannot apply them: the answer must be exactly what a FHIR server would
// give, so anything outside the subset is a compile error, never a guess.
//
// # Values
//
// Decode turns JSON into map[string]any, []any, string, bool, nil and
// json.Number. Numbers stay json.Number, the exact decimal literal, because
// a FHIR decimal's precision is part of its value (json/v2 and float64 would
// turn 0.10 into 0.1). Eval also accepts values decoded elsewhere with the
// same Go types; float64 numbers are refused where they are compared.
//
// Every result item is a Node: the value and its FHIR type name. Types come
// from a model generated from the R4 base StructureDefinitions
// (model_gen.go, see internal/modelgen): the element types of every R4
// resource and data type, choice elements, backbone elements, content
// references and the type hierarchy. A choice element is found under any of
// its members, so Observation.effective yields effectiveDateTime with Type
// "dateTime" or effectivePeriod with Type "Period". A contained or Bundle
// entry resource takes the type its resourceType names.
//
// # Supported FHIRPath
//
//   - Path navigation from the context: name, name.name..., flattening
//     arrays and skipping JSON nulls. Primitive extensions ("_name") are
//     not navigated.
//   - A leading type name selects the context when it is of that type:
//     Observation.code on a Patient is empty; Resource.id and
//     DomainResource.text work on any resource.
//   - Choice elements by their FHIRPath name (Observation.value).
//   - Literals: 'strings' (with FHIRPath escapes), true and false.
//   - Operators: | (union, removing duplicates), = and != (FHIRPath
//     equality: empty when a side is empty; decimals by value), and (three
//     valued), "is Type" and "as Type". Parentheses.
//   - Functions: where(criteria), exists(), exists(criteria), as(Type),
//     is(Type), ofType(Type), extension('url'), and resolve() only in the
//     form resolve() is Type (or resolve().is(Type)).
//   - Types: FHIR type names (dateTime, Quantity, Patient...), optionally
//     written FHIR.Name; the FHIRPath System types Boolean, String, Integer,
//     Decimal, Date, DateTime and Time (also as System.Name) stand for the
//     FHIR primitive that holds them, so as(DateTime) selects a dateTime.
//     An unknown type name is a compile error.
//
// Semantics that differ from, or go beyond, the FHIRPath specification:
//
//   - as and .as() filter a collection like ofType(), rather than failing
//     on more than one item: R4 expressions such as
//     Observation.component.value as Quantity rely on that.
//   - is, as and ofType respect the type hierarchy (Age is a Quantity, code
//     is a string, Patient is a Resource). On a value that the model does
//     not describe they are an evaluation error, not false.
//   - resolve() is T does not fetch anything: it reads the reference. A
//     literal reference ([base/]Type/id[/_history/v]) has the type it
//     names; "#id" has the type of that contained resource; otherwise
//     Reference.type is used. A reference that says nothing of its type
//     (urn:uuid:..., identifier only) resolves to nothing, so where(resolve()
//     is Patient) drops it, exactly as an unresolvable reference would be.
//
// Everything else — other functions (first(), not(), empty()...), other
// operators (or, implies, <, +, ~, in...), indexers, number and date
// literals, $this, %variables — is a *CompileError wrapping ErrUnsupported
// that names the construct.
//
// Expr.ResultTypes infers from the model, without a resource, which types
// an expression can yield, so that a caller can refuse before any request
// an expression whose values it could not interpret.
//
// Compile once and evaluate many times: an *Expr is immutable and safe for
// concurrent use.
package fhirpath
