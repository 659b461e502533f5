package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/shcr/shcr/policy/audit"
	"github.com/shcr/shcr/policy/store"
)

const auditUsage = `usage:
  shcr audit verify --store DSN
             walk the audit hash chain; exit 0 when intact, 1 at the first broken link
  shcr audit prune --store DSN --older-than 8y
             delete events older than the period, leaving a checkpoint so the rest still verifies
`

// runAudit is `shcr audit`: the trail's maintenance commands.
func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, auditUsage)
		return 2
	}
	fs := flag.NewFlagSet("audit "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := fs.String("store", "", "governance store DSN (sqlite:///path.db or postgres://...)")
	olderThan := fs.String("older-than", "", "prune: events older than this (e.g. 8y, 90d, 720h)")
	if err := fs.Parse(args[1:]); err != nil || *dsn == "" || fs.NArg() > 0 {
		fmt.Fprint(stderr, auditUsage)
		return 2
	}
	st, err := store.Open(ctx, *dsn)
	if err != nil {
		fmt.Fprintf(stderr, "shcr audit: %v\n", err)
		return 2
	}
	defer st.Close()
	switch args[0] {
	case "verify":
		r, err := audit.Verify(ctx, st)
		if err != nil {
			fmt.Fprintf(stderr, "shcr audit verify: %v\n", err)
			return 2
		}
		fmt.Fprintln(stdout, r)
		if !r.OK {
			return 1
		}
		return 0
	case "prune":
		var p Period
		if err := p.parse(*olderThan); err != nil || p == 0 {
			fmt.Fprintf(stderr, "shcr audit prune: --older-than must be a period such as 8y, 90d or 720h\n")
			return 2
		}
		res, err := st.Prune(ctx, time.Now().Add(-time.Duration(p)))
		if err != nil {
			fmt.Fprintf(stderr, "shcr audit prune: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "pruned %d events\n", res.Deleted)
		return 0
	}
	fmt.Fprintf(stderr, "shcr audit: unknown command %q\n%s", args[0], auditUsage)
	return 2
}

// AuditConfig is the audit trail's retention.
type AuditConfig struct {
	// Retention is how long events are kept (e.g. 8y); zero keeps them
	// for ever. Older events are pruned every PruneInterval, leaving a
	// checkpoint so the remaining chain still verifies.
	Retention     Period   `yaml:"retention"`
	PruneInterval Duration `yaml:"prune_interval"`
}

// Period is a duration that may also be written in days or years ("90d",
// "8y"), as retention periods are.
type Period time.Duration

// UnmarshalYAML reads a period.
func (p *Period) UnmarshalYAML(n *yaml.Node) error {
	var s string
	if err := n.Decode(&s); err != nil {
		return fmt.Errorf("line %d: a period must be a string such as 8y", n.Line)
	}
	if err := p.parse(s); err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	return nil
}

func (p *Period) parse(s string) error {
	for _, unit := range []struct {
		suffix string
		d      time.Duration
	}{{"y", 365 * 24 * time.Hour}, {"d", 24 * time.Hour}} {
		if n, ok := strings.CutSuffix(s, unit.suffix); ok {
			v, err := strconv.Atoi(n)
			if err != nil || v < 0 {
				return fmt.Errorf("%q is not a period (use e.g. 8y, 90d or 720h)", s)
			}
			*p = Period(time.Duration(v) * unit.d)
			return nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return fmt.Errorf("%q is not a period (use e.g. 8y, 90d or 720h)", s)
	}
	*p = Period(d)
	return nil
}
