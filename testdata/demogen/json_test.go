package demogen

import (
	"encoding/json"
	"regexp"
	"testing"
)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestMarshal(t *testing.T) {
	tests := []struct {
		name   string
		in     any
		levels int
		want   string
	}{
		{name: "compact keeps order", in: o("b", 1, "a", "x"), levels: 0, want: `{"b":1,"a":"x"}` + "\n"},
		{name: "empty values are left out", in: o("a", "", "b", nil, "c", obj(nil), "d", []obj{}, "e", []string{}, "f", false, "g", 0), levels: 0, want: `{"f":false,"g":0}` + "\n"},
		{name: "escapes what JSON requires only", in: o("s", "a\"b\\c\nd<é>\x01"), levels: 0, want: `{"s":"a\"b\\c\nd<é>\u0001"}` + "\n"},
		{name: "decimals keep their precision", in: o("v", 0.5, "w", 37.0, "x", 1e-7), levels: 0, want: `{"v":0.5,"w":37,"x":0.0000001}` + "\n"},
		{name: "one level expanded", in: o("a", []string{"x"}, "b", o("c", 1)), levels: 1, want: "{\n \"a\": [\"x\"],\n \"b\": {\"c\":1}\n}\n"},
		{name: "two levels expanded", in: o("entry", []obj{o("x", 1), o("y", 2)}), levels: 2, want: "{\n \"entry\": [\n  {\"x\":1},\n  {\"y\":2}\n ]\n}\n"},
		{name: "empty object", in: o(), levels: 2, want: "{}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(marshal(tt.in, tt.levels))
			if got != tt.want {
				t.Errorf("marshal = %q, want %q", got, tt.want)
			}
			if !json.Valid([]byte(got)) {
				t.Errorf("marshal gave invalid JSON %q", got)
			}
		})
	}
}

func TestObjSet(t *testing.T) {
	base := o("a", 1, "b", 2)
	tests := []struct {
		name string
		got  obj
		want string
	}{
		{name: "replace keeps position", got: base.set("a", 9), want: `{"a":9,"b":2}`},
		{name: "append when absent", got: base.set("c", 3), want: `{"a":1,"b":2,"c":3}`},
		{name: "empty value removes", got: base.set("a", ""), want: `{"b":2}`},
		{name: "original untouched", got: base, want: `{"a":1,"b":2}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(marshal(tt.got, 0)); got != tt.want+"\n" {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestUUID(t *testing.T) {
	g := newRNG(1, streamIDs, 0)
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		u := g.uuid()
		if !uuidRE.MatchString(u) {
			t.Fatalf("uuid %q is not a version 4 UUID", u)
		}
		if seen[u] {
			t.Fatalf("uuid %q repeated", u)
		}
		seen[u] = true
	}
	if a, b := newRNG(1, streamIDs, 0).uuid(), newRNG(1, streamIDs, 0).uuid(); a != b {
		t.Errorf("same stream gave %s and %s", a, b)
	}
}
