package grpcsource

import (
	"encoding/binary"
	"slices"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/grpcsource/sourcepb"
	"github.com/shcr/shcr/fhir"
)

// frames packs messages as the fuzzer's input: each a 2-byte big-endian
// length and that many bytes of wire-format protobuf.
func frames(msgs ...*sourcepb.SearchResponse) []byte {
	var out []byte
	for _, m := range msgs {
		b, err := proto.Marshal(m)
		if err != nil {
			panic(err)
		}
		out = binary.BigEndian.AppendUint16(out, uint16(len(b)))
		out = append(out, b...)
	}
	return out
}

// FuzzSearchStream feeds the collector arbitrary streams of arbitrary
// messages, as a hostile node could send: it must never panic, and whatever
// it accepts must hold only strictly parsed resources within the caps and
// a residual drawn from the query.
func FuzzSearchStream(f *testing.F) {
	obs := []byte(`{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"x"},"subject":{"reference":"Patient/p"}}`)
	res := func(b []byte) *sourcepb.SearchResponse {
		return &sourcepb.SearchResponse{Item: &sourcepb.SearchResponse_Resource{Resource: b}}
	}
	sum := func(s *sourcepb.SearchSummary) *sourcepb.SearchResponse {
		return &sourcepb.SearchResponse{Item: &sourcepb.SearchResponse_Summary{Summary: s}}
	}
	f.Add(frames(res(obs), sum(&sourcepb.SearchSummary{})))
	f.Add(frames(res(obs), sum(&sourcepb.SearchSummary{Residual: []*sourcepb.Param{{Name: "code", Value: "x"}}, Truncated: true})))
	f.Add(frames(sum(&sourcepb.SearchSummary{WithheldTypes: []string{"Condition"}})))
	f.Add(frames(res([]byte(`{"resourceType":"Observation","id":"a","id":"b"}`)), sum(&sourcepb.SearchSummary{})))
	f.Add(frames(res(obs)))
	f.Add(frames(sum(&sourcepb.SearchSummary{}), res(obs)))
	f.Add(frames(&sourcepb.SearchResponse{}))
	f.Add([]byte{0, 3, 0xff, 0xff, 0xff})

	q := adapters.Query{Type: "Observation", Patients: []string{"p"}, Params: []adapters.Param{{Name: "code", Value: "x"}}}
	const maxBytes = 4096
	f.Fuzz(func(t *testing.T, in []byte) {
		c := newCollector(q, fhir.Limits{MaxBytes: 2048, MaxDepth: 32}, maxBytes)
		var err error
		for len(in) >= 2 && err == nil {
			n := int(binary.BigEndian.Uint16(in))
			in = in[2:]
			if n > len(in) {
				n = len(in)
			}
			var m sourcepb.SearchResponse
			if proto.Unmarshal(in[:n], &m) != nil {
				return // gRPC would have failed the stream
			}
			in = in[n:]
			err = c.add(&m)
		}
		if err != nil {
			return
		}
		r, err := c.result()
		if err != nil {
			return
		}
		total := 0
		for _, res := range r.Resources {
			total += len(res.Raw)
			if again, err := fhir.Parse(res.Raw, fhir.DefaultLimits()); err != nil || again.Type != res.Type || again.ID != res.ID {
				t.Fatalf("accepted a resource that does not parse back: %v", err)
			}
		}
		if total > maxBytes {
			t.Fatalf("accepted %d bytes, over the %d cap", total, maxBytes)
		}
		for _, p := range r.Residual {
			if !slices.Contains(q.Params, p) {
				t.Fatalf("accepted residual %v, which the query did not have", p)
			}
		}
	})
}

// FuzzDescribe feeds capsFromProto arbitrary Describe answers: it must
// never panic, and what it accepts must name only resource types and
// well-formed parameters.
func FuzzDescribe(f *testing.F) {
	seed := func(m *sourcepb.DescribeResponse) []byte {
		b, err := proto.Marshal(m)
		if err != nil {
			panic(err)
		}
		return b
	}
	f.Add(seed(&sourcepb.DescribeResponse{Types: map[string]*sourcepb.TypeCapabilities{"Patient": {SearchParams: []string{"_id", "identifier"}}}}))
	f.Add(seed(&sourcepb.DescribeResponse{Types: map[string]*sourcepb.TypeCapabilities{"bad type": {}}}))
	f.Add(seed(&sourcepb.DescribeResponse{Types: map[string]*sourcepb.TypeCapabilities{"Observation": {SearchParams: []string{"code:not", "bad\x00"}}}}))
	f.Add(seed(&sourcepb.DescribeResponse{Organisation: &sourcepb.Organisation{Ods: "X1A01"}}))
	f.Fuzz(func(t *testing.T, in []byte) {
		var m sourcepb.DescribeResponse
		if proto.Unmarshal(in, &m) != nil {
			return
		}
		caps, err := capsFromProto(&m)
		if err != nil {
			return
		}
		for typ, tc := range caps.Types {
			if !validType(typ) {
				t.Fatalf("accepted type %q", typ)
			}
			for _, p := range tc.SearchParams {
				if !validParamName(p) {
					t.Fatalf("accepted parameter %q", p)
				}
			}
		}
	})
}
