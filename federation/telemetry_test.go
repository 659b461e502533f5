package federation

import (
	"context"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// TestTelemetry checks one child span per source call with its source id,
// outcome and resource count, metrics labelled by source and outcome only,
// and that no patient identifier reaches either.
func TestTelemetry(t *testing.T) {
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))

	base := testEngine(t)
	e, err := New(base.Members(), Options{TracerProvider: tp, MeterProvider: mp})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Search(context.Background(), Request{NHSNumber: shared, Everything: true}); err != nil {
		t.Fatal(err)
	}

	var sourceSpans int
	for _, s := range spans.Ended() {
		attrs := map[attribute.Key]attribute.Value{}
		for _, a := range s.Attributes() {
			attrs[a.Key] = a.Value
			if strings.Contains(a.Value.Emit(), shared) {
				t.Errorf("span %s attribute %s carries the NHS number", s.Name(), a.Key)
			}
		}
		if s.Name() != "federation.source" {
			continue
		}
		sourceSpans++
		if attrs["shcr.source.id"].AsString() == "" || attrs["shcr.source.outcome"].AsString() != "ok" {
			t.Errorf("source span attributes %v", attrs)
		}
		if _, ok := attrs["shcr.source.returned"]; !ok {
			t.Errorf("source span has no resource count: %v", attrs)
		}
		if !s.Parent().IsValid() {
			t.Error("a source span has no parent")
		}
	}
	if sourceSpans != 3 {
		t.Fatalf("%d source spans, want one per source (3)", sourceSpans)
	}

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			sum, ok := m.Data.(metricdata.Sum[int64])
			if !ok {
				continue
			}
			for _, dp := range sum.DataPoints {
				for _, kv := range dp.Attributes.ToSlice() {
					if kv.Key != "source" && kv.Key != "outcome" {
						t.Errorf("metric %s has label %s", m.Name, kv.Key)
					}
				}
				if m.Name == "shcr.source.requests" {
					found = true
				}
			}
		}
	}
	if !found {
		t.Fatal("no shcr.source.requests data points")
	}
}
