package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	tests := []struct {
		name    string
		args    func(dir string) []string
		wantErr string
		want    string // in the summary
	}{
		{name: "small population", args: func(dir string) []string { return []string{"-people", "30", "-seed", "5", "-out", dir} }, want: "for 30 people"},
		{name: "scaled", args: func(dir string) []string { return []string{"-people", "25", "-scale", "2", "-out", dir} }, want: "scenario shared-all"},
		{name: "too few people", args: func(dir string) []string { return []string{"-people", "3", "-out", dir} }, wantErr: "people = 3"},
		{name: "unknown flag", args: func(dir string) []string { return []string{"-colour", "blue"} }, wantErr: "flag provided but not defined"},
		{name: "stray argument", args: func(dir string) []string { return []string{"-out", dir, "extra"} }, wantErr: "unexpected arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			var out bytes.Buffer
			err := run(tt.args(dir), &out)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("run error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			if !strings.Contains(out.String(), tt.want) {
				t.Errorf("summary %q does not mention %q", out.String(), tt.want)
			}
			data, err := os.ReadFile(filepath.Join(dir, "scenarios.json"))
			if err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Scenarios []struct{ Name, NHSNumber string }
			}
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatalf("scenarios.json: %v", err)
			}
			if len(doc.Scenarios) == 0 {
				t.Errorf("scenarios.json lists no scenarios")
			}
			for _, org := range []string{"gp-riverside", "city-general", "riverside-council"} {
				if _, err := os.Stat(filepath.Join(dir, org)); err != nil {
					t.Errorf("no %s folder: %v", org, err)
				}
			}
		})
	}
}
