package fhirpath

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/go-json-experiment/json/jsontext"
)

// MaxDepth is how deeply Decode lets JSON objects and arrays nest. The
// deepest R4 resources (nested Questionnaire items, contained resources in
// a Bundle) stay far below it; anything deeper is hostile or broken.
const MaxDepth = 100

// Decode reads one JSON value into the Go values that Eval navigates:
// map[string]any for objects, []any for arrays, string, bool, nil for null,
// and json.Number for numbers. Numbers keep the exact decimal literal of the
// source ("1.50" stays "1.50"), because FHIR decimals carry their precision
// and must not pass through float64.
//
// Decoding follows the json/v2 rules the rest of shcr uses: duplicate member
// names, invalid UTF-8 and lone surrogates are errors, as is trailing data
// or nesting deeper than MaxDepth.
func Decode(raw []byte) (any, error) {
	return decode(raw)
}

// DecodeValid is Decode for JSON that has already been checked strictly —
// a resource from fhir.Parse, or its fhir.Rewrite — where looking for
// duplicate member names again would only cost time: it skips that check,
// which is most of the decoder's bookkeeping, and is otherwise the same.
// Given unchecked input, it keeps the last of duplicated members.
func DecodeValid(raw []byte) (any, error) {
	return decode(raw, jsontext.AllowDuplicateNames(true))
}

func decode(raw []byte, opts ...jsontext.Options) (any, error) {
	// A *bytes.Buffer lets the decoder read raw in place, without copying.
	dec := jsontext.NewDecoder(bytes.NewBuffer(raw), opts...)
	v, err := decodeValue(dec, 0)
	if err != nil {
		return nil, fmt.Errorf("decoding JSON for FHIRPath: %w", err)
	}
	if _, err := dec.ReadToken(); err == nil {
		return nil, errors.New("decoding JSON for FHIRPath: trailing data after the value")
	}
	return v, nil
}

func decodeValue(dec *jsontext.Decoder, depth int) (any, error) {
	if depth > MaxDepth {
		return nil, fmt.Errorf("nesting deeper than %d levels", MaxDepth)
	}
	tok, err := dec.ReadToken()
	if err != nil {
		return nil, err
	}
	switch tok.Kind() {
	case 'n':
		return nil, nil
	case 't', 'f':
		return tok.Bool(), nil
	case '"':
		return tok.String(), nil
	case '0':
		return json.Number(tok.String()), nil
	case '{':
		m := map[string]any{}
		for dec.PeekKind() != '}' {
			tok, err := dec.ReadToken()
			if err != nil {
				return nil, err
			}
			name := tok.String() // before the next read voids tok
			v, err := decodeValue(dec, depth+1)
			if err != nil {
				return nil, err
			}
			m[name] = v
		}
		if _, err := dec.ReadToken(); err != nil {
			return nil, err
		}
		return m, nil
	case '[':
		a := []any{}
		for dec.PeekKind() != ']' {
			v, err := decodeValue(dec, depth+1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		if _, err := dec.ReadToken(); err != nil {
			return nil, err
		}
		return a, nil
	}
	return nil, fmt.Errorf("unexpected JSON token %v", tok.Kind())
}
