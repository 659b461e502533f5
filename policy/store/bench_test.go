package store

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/shcr/shcr/policy/audit"
	"github.com/shcr/shcr/policy/store/storetest"
)

// benchEvent is a realistic audit event: a few hundred bytes of AuditEvent
// JSON holding references only.
func benchEvent(nhs string) audit.Event {
	e := testEvent(1, nhs)
	e.ID = "" // the store assigns a fresh UUID
	e.Recorded = time.Time{}
	e.Body = []byte(`{"resourceType":"AuditEvent","type":{"system":"http://terminology.hl7.org/CodeSystem/audit-event-type","code":"rest"},` +
		`"subtype":[{"system":"http://hl7.org/fhir/restful-interaction","code":"search-type"}],"action":"E","recorded":"2026-03-01T09:30:00Z",` +
		`"outcome":"0","agent":[{"who":{"identifier":{"system":"https://fhir.nhs.uk/Id/sds-user-id","value":"user-1"}},"requestor":true}],` +
		`"source":{"observer":{"display":"shcr"}},"entity":[{"what":{"reference":"Patient/9990000018"}},{"query":"X3R5cGU9T2JzZXJ2YXRpb24="}]}`)
	return e
}

// BenchmarkRecord measures durable appends to the audit chain, one at a
// time and from GOMAXPROCS goroutines, reporting latency percentiles.
//
//	SHCR_TEST_POSTGRES="$(scripts/postgres)" go test ./policy/store -run '^$' -bench BenchmarkRecord -benchtime 2000x
func BenchmarkRecord(b *testing.B) {
	for _, d := range storetest.Dialects() {
		b.Run(d.Name, func(b *testing.B) {
			s := open(b, d.DSN(b))
			e := benchEvent(nhsNumber(b, 0))
			b.Run("sequential", func(b *testing.B) {
				lat := make([]time.Duration, 0, b.N)
				for b.Loop() {
					start := time.Now()
					if err := s.Record(b.Context(), e); err != nil {
						b.Fatal(err)
					}
					lat = append(lat, time.Since(start))
				}
				reportLatency(b, lat)
			})
			b.Run("parallel", func(b *testing.B) {
				var mu sync.Mutex
				var lat []time.Duration
				b.RunParallel(func(pb *testing.PB) {
					var mine []time.Duration
					for pb.Next() {
						start := time.Now()
						if err := s.Record(b.Context(), e); err != nil {
							b.Error(err)
							return
						}
						mine = append(mine, time.Since(start))
					}
					mu.Lock()
					lat = append(lat, mine...)
					mu.Unlock()
				})
				reportLatency(b, lat)
			})
			b.StopTimer()
			if r, err := audit.Verify(b.Context(), s); err != nil || !r.OK {
				b.Fatalf("Verify after the benchmark = %v, %v", r, err)
			}
		})
	}
}

func reportLatency(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[int(p*float64(len(lat)-1))]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}
