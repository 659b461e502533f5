package sqlsource

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/jackc/pgx/v5/pgtype"
)

// valueType is the FHIR type a placeholder writes: it says how a column or
// element value becomes JSON, and what it must look like.
type valueType uint8

const (
	typeString valueType = iota
	typeCode
	typeID
	typeURI
	typeMarkdown
	typeInteger
	typePositiveInt
	typeUnsignedInt
	typeDecimal
	typeBoolean
	typeDate
	typeDateTime
	typeInstant
	typeBase64Binary
	typeJSON
	numValueTypes
)

var valueTypeText = [numValueTypes]string{
	typeString:       "string",
	typeCode:         "code",
	typeID:           "id",
	typeURI:          "uri",
	typeMarkdown:     "markdown",
	typeInteger:      "integer",
	typePositiveInt:  "positiveInt",
	typeUnsignedInt:  "unsignedInt",
	typeDecimal:      "decimal",
	typeBoolean:      "boolean",
	typeDate:         "date",
	typeDateTime:     "dateTime",
	typeInstant:      "instant",
	typeBase64Binary: "base64Binary",
	typeJSON:         "json",
}

func (t valueType) String() string {
	if t < numValueTypes {
		return valueTypeText[t]
	}
	return "unknown"
}

func parseValueType(s string) (valueType, bool) {
	for t := valueType(0); t < numValueTypes; t++ {
		if valueTypeText[t] == s {
			return t, true
		}
	}
	return 0, false
}

func valueTypeNames() string { return strings.Join(valueTypeText[:], ", ") }

// inText reports whether a placeholder of this type can sit inside a longer
// string ("Practitioner/${staff_id:id}"). JSON cannot.
func (t valueType) inText() bool { return t != typeJSON }

// Values a row or a JSON element holds, after scanning. Database values are
// normalised when they are read (see normalize): integers are int64,
// timestamps time.Time in UTC, dates dateValue, numerics and JSON numbers
// their exact decimal text, UUIDs strings, json and jsonb columns decoded
// trees of *jsonObject, []any, string, jsonNumber, bool and nil.
type (
	// dateValue is a calendar date (a date column, or a date in a date
	// array), which is written without a time.
	dateValue struct{ t time.Time }
	// decimalText is the exact text of a number (numeric column, JSON
	// number): numbers are never passed through float64, which would lose
	// digits.
	decimalText string
	// jsonObject is a JSON object with its members in order.
	jsonObject struct {
		names  []string
		values []any
	}
)

func (o *jsonObject) get(name string) (any, bool) {
	for i, n := range o.names {
		if n == name {
			return o.values[i], true
		}
	}
	return nil, false
}

// errConvert explains a value that cannot be written as its placeholder's
// type. The messages name the placeholder and the type, never the value,
// which may be clinical content or an identifier.
var errConvert = errors.New("cannot write the value")

func convertErr(name string, t valueType, why string) error {
	return fmt.Errorf("%w: ${%s:%s}: %s", errConvert, name, t, why)
}

// hasValue reports whether a placeholder with value v writes anything:
// NULL, an empty string and an empty JSON array or object write nothing.
func hasValue(v any, t valueType) bool {
	switch v := v.(type) {
	case nil:
		return false
	case string:
		return v != ""
	case []any:
		return t != typeJSON || len(v) > 0
	case *jsonObject:
		return t != typeJSON || len(v.names) > 0
	}
	return true
}

// truthy is what $if tests: not NULL, not false, not an empty string,
// array or object. Zero is truthy: it is a value.
func truthy(v any) bool {
	switch v := v.(type) {
	case nil:
		return false
	case bool:
		return v
	case string:
		return v != ""
	case []any:
		return len(v) > 0
	case *jsonObject:
		return len(v.names) > 0
	}
	return true
}

// output is a converted value ready for the encoder.
type output struct {
	kind byte // 's' string, 'n' number (text holds the JSON number), 'b' boolean, 'j' JSON tree
	text string
	b    bool
	tree any
}

// convert turns a value into the JSON a placeholder of type t writes. name
// is the placeholder's name, for messages.
func convert(v any, t valueType, name string) (output, error) {
	switch t {
	case typeString, typeCode, typeURI, typeMarkdown, typeID:
		s, err := asText(v, t, name)
		if err != nil {
			return output{}, err
		}
		if t == typeID && !validFHIRID(s) {
			return output{}, convertErr(name, t, "the value is not a FHIR id (1 to 64 of A-Z a-z 0-9 - .)")
		}
		return output{kind: 's', text: s}, nil
	case typeInteger, typePositiveInt, typeUnsignedInt:
		n, err := asInteger(v, t, name)
		if err != nil {
			return output{}, err
		}
		return output{kind: 'n', text: strconv.FormatInt(n, 10)}, nil
	case typeDecimal:
		s, err := asDecimal(v, name)
		if err != nil {
			return output{}, err
		}
		return output{kind: 'n', text: s}, nil
	case typeBoolean:
		switch v := v.(type) {
		case bool:
			return output{kind: 'b', b: v}, nil
		case string:
			if v == "true" || v == "false" {
				return output{kind: 'b', b: v == "true"}, nil
			}
		}
		return output{}, convertErr(name, t, "want a boolean column or element")
	case typeDate, typeDateTime, typeInstant:
		s, err := asDate(v, t, name)
		if err != nil {
			return output{}, err
		}
		return output{kind: 's', text: s}, nil
	case typeBase64Binary:
		switch v := v.(type) {
		case string:
			return output{kind: 's', text: base64.StdEncoding.EncodeToString([]byte(v))}, nil
		case []byte:
			return output{kind: 's', text: base64.StdEncoding.EncodeToString(v)}, nil
		}
		return output{}, convertErr(name, t, "want a text or bytea column")
	case typeJSON:
		switch v.(type) {
		case *jsonObject, []any, string, decimalText, bool:
			return output{kind: 'j', tree: v}, nil
		}
		return output{}, convertErr(name, t, "want a json or jsonb column, or an element of one")
	}
	return output{}, convertErr(name, t, "unsupported type")
}

// asText is the text a string-like placeholder writes.
func asText(v any, t valueType, name string) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case decimalText:
		return string(v), nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return "", convertErr(name, t, "the number is not finite")
		}
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case bool:
		return strconv.FormatBool(v), nil
	case time.Time, dateValue:
		return "", convertErr(name, t, "a date or time is written with :date, :dateTime or :instant")
	}
	return "", convertErr(name, t, fmt.Sprintf("a %s cannot be written as text", kindOf(v)))
}

func asInteger(v any, t valueType, name string) (int64, error) {
	var n int64
	switch v := v.(type) {
	case int64:
		n = v
	case float64:
		if v != math.Trunc(v) || math.Abs(v) > math.MaxInt32+1 {
			return 0, convertErr(name, t, "the number is not a whole number in range")
		}
		n = int64(v)
	case decimalText:
		i, err := strconv.ParseInt(string(v), 10, 64)
		if err != nil {
			return 0, convertErr(name, t, "the number is not a whole number in range")
		}
		n = i
	case string:
		i, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, convertErr(name, t, "the text is not a whole number")
		}
		n = i
	default:
		return 0, convertErr(name, t, fmt.Sprintf("a %s is not a number", kindOf(v)))
	}
	switch {
	case n < math.MinInt32 || n > math.MaxInt32:
		return 0, convertErr(name, t, "FHIR integers are 32-bit")
	case t == typePositiveInt && n < 1:
		return 0, convertErr(name, t, "a positiveInt must be at least 1")
	case t == typeUnsignedInt && n < 0:
		return 0, convertErr(name, t, "an unsignedInt must not be negative")
	}
	return n, nil
}

func asDecimal(v any, name string) (string, error) {
	switch v := v.(type) {
	case int64:
		return strconv.FormatInt(v, 10), nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return "", convertErr(name, typeDecimal, "the number is not finite")
		}
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case decimalText:
		if !isJSONNumber(string(v)) {
			return "", convertErr(name, typeDecimal, "the number is not finite")
		}
		return string(v), nil
	case string:
		if !isJSONNumber(v) {
			return "", convertErr(name, typeDecimal, "the text is not a decimal number")
		}
		return v, nil
	}
	return "", convertErr(name, typeDecimal, fmt.Sprintf("a %s is not a number", kindOf(v)))
}

// isJSONNumber reports whether s is a JSON number (which FHIR decimals are).
func isJSONNumber(s string) bool {
	if s == "" || !(s[0] == '-' || s[0] >= '0' && s[0] <= '9') {
		return false
	}
	v := jsontext.Value(s)
	return v.IsValid() && v.Kind() == '0'
}

// asDate writes a date, dateTime or instant. Timestamps are written in UTC
// with the fraction of a second only when there is one; a date column is
// written as a date (a valid dateTime), never as midnight; text must already
// be a FHIR date or dateTime, and is normalised to UTC when it has a time.
func asDate(v any, t valueType, name string) (string, error) {
	switch v := v.(type) {
	case time.Time:
		if t == typeDate {
			return v.UTC().Format(time.DateOnly), nil
		}
		return formatInstant(v), nil
	case dateValue:
		if t == typeInstant {
			return "", convertErr(name, t, "an instant needs a time, and the column is a date")
		}
		return v.t.Format(time.DateOnly), nil
	case string:
		return dateText(v, t, name)
	}
	return "", convertErr(name, t, fmt.Sprintf("a %s is not a date or time", kindOf(v)))
}

// formatInstant writes a timestamp as FHIR does: UTC, "Z", and a fraction
// only as long as it needs to be.
func formatInstant(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.999999999Z07:00")
}

// dateText checks and normalises a date or time given as text (from a
// text column or a JSON element, such as PostgreSQL's JSON rendering of a
// timestamptz, "2021-12-22T16:40:00+00:00").
func dateText(s string, t valueType, name string) (string, error) {
	if !strings.Contains(s, "T") {
		if t == typeInstant {
			return "", convertErr(name, t, "an instant needs a time")
		}
		for _, layout := range []string{"2006", "2006-01", time.DateOnly} {
			if len(s) == len(layout) {
				if _, err := time.Parse(layout, s); err == nil {
					return s, nil
				}
			}
		}
		return "", convertErr(name, t, "the text is not a FHIR date")
	}
	if t == typeDate {
		return "", convertErr(name, t, "the text has a time; write it as a dateTime")
	}
	at, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		// A time without a zone is read as UTC, the adapter's session
		// zone (PostgreSQL renders timestamp without time zone so).
		if at, err = time.ParseInLocation("2006-01-02T15:04:05.999999999", s, time.UTC); err != nil {
			return "", convertErr(name, t, "the text is not a FHIR dateTime")
		}
	}
	return formatInstant(at), nil
}

// kindOf names a value's kind for messages without showing the value.
func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "NULL"
	case string:
		return "text value"
	case int64, float64, decimalText:
		return "number"
	case bool:
		return "boolean"
	case time.Time:
		return "timestamp"
	case dateValue:
		return "date"
	case []byte:
		return "bytea value"
	case []any:
		return "array"
	case *jsonObject:
		return "JSON object"
	}
	return fmt.Sprintf("%T", v)
}

// validFHIRID reports whether s is a FHIR id.
func validFHIRID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// normalize turns what pgx scanned into the adapter's value kinds. dateCol
// says the column (or array element) is a date, which pgx also returns as a
// time.Time.
func normalize(v any, dateCol bool) (any, error) {
	switch v := v.(type) {
	case nil, string, bool, int64, float64, []byte:
		return v, nil
	case int16:
		return int64(v), nil
	case int32:
		return int64(v), nil
	case int8:
		return int64(v), nil
	case uint32:
		return int64(v), nil
	case float32:
		return float64(v), nil
	case time.Time:
		if dateCol {
			return dateValue{time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, time.UTC)}, nil
		}
		return v.UTC(), nil
	case pgtype.Numeric:
		if !v.Valid {
			return nil, nil
		}
		b, err := v.MarshalJSON()
		if err != nil || !isJSONNumber(string(b)) {
			return nil, errors.New("a numeric value is not finite")
		}
		return decimalText(b), nil
	case [16]byte:
		return pgtype.UUID{Bytes: v, Valid: true}.String(), nil
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			n, err := normalize(e, dateCol)
			if err != nil {
				return nil, err
			}
			out[i] = n
		}
		return out, nil
	case pgtype.InfinityModifier:
		return nil, errors.New("an infinite date or timestamp has no FHIR form")
	}
	return nil, fmt.Errorf("a column of Go type %T is not supported; cast it to text, a number, a date or a timestamp", v)
}

// errBadJSON is deliberately vague: the decoder's own messages can quote
// the data.
var errBadJSON = errors.New("a json column does not hold valid JSON (duplicate member names and invalid UTF-8 are refused)")

// maxJSONDepth bounds the nesting of a json or jsonb column's value.
const maxJSONDepth = 64

// decodeJSON reads a json or jsonb value into a tree, keeping member order
// and numbers' exact text, and refusing duplicate member names and invalid
// UTF-8 as the rest of shcr does.
func decodeJSON(raw []byte) (any, error) {
	dec := jsontext.NewDecoder(bytes.NewReader(raw))
	v, err := decodeValue(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		return nil, errors.New("a json column holds more than one value")
	}
	return v, nil
}

func decodeValue(dec *jsontext.Decoder, depth int) (any, error) {
	if depth > maxJSONDepth {
		return nil, fmt.Errorf("a json column nests deeper than %d", maxJSONDepth)
	}
	tok, err := dec.ReadToken()
	if err != nil {
		return nil, errBadJSON
	}
	switch tok.Kind() {
	case 'n':
		return nil, nil
	case 't':
		return true, nil
	case 'f':
		return false, nil
	case '"':
		return tok.String(), nil
	case '0':
		return decimalText(tok.String()), nil
	case '[':
		arr := []any{}
		for dec.PeekKind() != ']' {
			e, err := decodeValue(dec, depth+1)
			if err != nil {
				return nil, err
			}
			arr = append(arr, e)
		}
		if _, err := dec.ReadToken(); err != nil {
			return nil, errBadJSON
		}
		return arr, nil
	case '{':
		obj := &jsonObject{}
		for dec.PeekKind() != '}' {
			nt, err := dec.ReadToken()
			if err != nil {
				return nil, errBadJSON
			}
			name := nt.String() // before the token is reused by the next read
			e, err := decodeValue(dec, depth+1)
			if err != nil {
				return nil, err
			}
			obj.names = append(obj.names, name)
			obj.values = append(obj.values, e)
		}
		if _, err := dec.ReadToken(); err != nil {
			return nil, errBadJSON
		}
		return obj, nil
	}
	return nil, errBadJSON
}
