package grpcsource_test

import (
	"context"
	"testing"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/grpcsource"
)

// nodeCounts reads the node's call counter ("Search/cancelled" → n) and
// in-flight gauge ("Search" → n).
func nodeCounts(t *testing.T, reader *sdkmetric.ManualReader) (calls, inFlight map[string]int64) {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	calls, inFlight = map[string]int64{}, map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			switch m.Name {
			case "shcr.node.calls":
				for _, p := range m.Data.(metricdata.Sum[int64]).DataPoints {
					method, _ := p.Attributes.Value("method")
					outcome, _ := p.Attributes.Value("outcome")
					if p.Attributes.Len() != 2 {
						t.Errorf("call labels %v, want method and outcome only", p.Attributes.ToSlice())
					}
					calls[method.AsString()+"/"+outcome.AsString()] += p.Value
				}
			case "shcr.node.calls.in_flight":
				for _, p := range m.Data.(metricdata.Sum[int64]).DataPoints {
					method, _ := p.Attributes.Value("method")
					inFlight[method.AsString()] += p.Value
				}
			}
		}
	}
	return calls, inFlight
}

// TestNodeCountsCallsByOutcome: the node counts each call by how it
// ended, and a call its caller cancelled mid-way as cancelled, with the
// call in flight while it runs.
func TestNodeCountsCallsByOutcome(t *testing.T) {
	p := newPKI(t)
	obs := adapters.Query{Type: "Observation", Patients: []string{"pat-a"}}
	tests := []struct {
		name    string
		sharing grpcsource.Sharing
		block   bool
		// call runs the client's call.
		call func(ctx context.Context, c *grpcsource.Source) error
		// sourceTimeout, when set, is the node's own bound on its source;
		// otherwise a blocked call is cancelled by the caller once the
		// node's source has it.
		sourceTimeout time.Duration
		want          string
	}{
		{name: "answered", call: func(ctx context.Context, c *grpcsource.Source) error { _, err := c.Search(ctx, obs); return err }, want: "Search/ok"},
		{name: "cancelled by the caller mid-call", block: true,
			call: func(ctx context.Context, c *grpcsource.Source) error { _, err := c.Search(ctx, obs); return err },
			want: "Search/cancelled"},
		{name: "past the node's source timeout", block: true, sourceTimeout: 500 * time.Millisecond,
			call: func(ctx context.Context, c *grpcsource.Source) error { _, err := c.Search(ctx, obs); return err },
			want: "Search/deadline_exceeded"},
		{name: "a read cancelled by the caller", block: true,
			call: func(ctx context.Context, c *grpcsource.Source) error {
				_, err := c.Read(ctx, "Observation", "obs-a1")
				return err
			},
			want: "Read/cancelled"},
		{name: "refused by the sharing rules", sharing: grpcsource.Sharing{{Clients: []string{"cn:" + facadeCN}, Types: []string{"Patient"}}},
			call: func(ctx context.Context, c *grpcsource.Source) error { _, err := c.Search(ctx, obs); return err }, want: "Search/permission_denied"},
		{name: "a resolution", call: func(ctx context.Context, c *grpcsource.Source) error {
			_, err := c.ResolvePatient(ctx, "9990000018")
			return err
		}, want: "ResolvePatient/ok"},
		{name: "an invalid read", call: func(ctx context.Context, c *grpcsource.Source) error {
			_, err := c.Read(ctx, "Observation", "not an id!")
			return err
		}, want: "Read/invalid_argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reader := sdkmetric.NewManualReader()
			var src adapters.Source = fixtureSource(t)
			blocking := newBlockingSource(t)
			if tt.block {
				src = blocking
			}
			sharing := tt.sharing
			if sharing == nil {
				sharing = shareAll
			}
			srv, err := grpcsource.NewServer(src, grpcsource.ServerOptions{
				TLS: p.serverTLS(), Sharing: sharing, SourceTimeout: tt.sourceTimeout,
				MeterProvider: sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)),
			})
			if err != nil {
				t.Fatal(err)
			}
			addr := serve(t, srv.Serve, srv.Stop)
			client := newClient(t, p.config(addr, p.client))

			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- tt.call(ctx, client) }()
			if tt.block {
				select {
				case <-blocking.arrived:
				case err := <-done:
					// With a source timeout the call may end as soon as
					// it arrives; it must have arrived, though.
					select {
					case <-blocking.arrived:
						done <- err
					default:
						t.Fatalf("the call never reached the source: %v", err)
					}
				}
				if _, inFlight := nodeCounts(t, reader); tt.sourceTimeout == 0 && inFlight[methodOf(tt.want)] != 1 {
					t.Errorf("in flight while the source works: %v, want one %s", inFlight, methodOf(tt.want))
				}
				if tt.sourceTimeout == 0 {
					cancel()
				}
				<-blocking.ended
			}
			<-done
			// Shutdown waits for the node's handlers to return, so the
			// call has been counted when it does.
			sctx, scancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer scancel()
			if err := srv.Shutdown(sctx); err != nil {
				t.Fatal(err)
			}
			calls, inFlight := nodeCounts(t, reader)
			if calls[tt.want] != 1 {
				t.Errorf("calls %v, want one %s", calls, tt.want)
			}
			for m, n := range inFlight {
				if n != 0 {
					t.Errorf("%d %s calls still in flight after the call ended", n, m)
				}
			}
		})
	}
}

func methodOf(key string) string {
	for i := range key {
		if key[i] == '/' {
			return key[:i]
		}
	}
	return key
}
