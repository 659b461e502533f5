package federation

import (
	"context"
	"fmt"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// metrics are labelled by source and outcome only: never by patient,
// resource type values or search values.
type metrics struct {
	requests metric.Int64Counter
	duration metric.Float64Histogram
	dropped  metric.Int64Counter
}

func newMetrics(mp metric.MeterProvider) (metrics, error) {
	meter := mp.Meter("github.com/shcr/shcr/federation")
	var m metrics
	var err error
	if m.requests, err = meter.Int64Counter("shcr.source.requests",
		metric.WithDescription("Calls to a source, by source and outcome.")); err != nil {
		return m, fmt.Errorf("creating metrics: %w", err)
	}
	if m.duration, err = meter.Float64Histogram("shcr.source.duration",
		metric.WithDescription("Time a source took to answer, resolution included."), metric.WithUnit("s"),
		metric.WithExplicitBucketBoundaries(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10)); err != nil {
		return m, fmt.Errorf("creating metrics: %w", err)
	}
	if m.dropped, err = meter.Int64Counter("shcr.source.dropped",
		metric.WithDescription("Resources a source returned that were not admitted (another patient's, wrong type).")); err != nil {
		return m, fmt.Errorf("creating metrics: %w", err)
	}
	return m, nil
}

func (m metrics) record(ctx context.Context, o SourceOutcome) {
	attrs := metric.WithAttributes(attribute.String("source", o.SourceID), attribute.String("outcome", string(o.Status)))
	m.requests.Add(ctx, 1, attrs)
	m.duration.Record(ctx, o.Elapsed.Seconds(), attrs)
	if o.Dropped > 0 {
		m.dropped.Add(ctx, int64(o.Dropped), metric.WithAttributes(attribute.String("source", o.SourceID)))
	}
}
