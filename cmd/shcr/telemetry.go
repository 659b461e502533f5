package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"
)

// telemetry holds the process's tracer and meter providers. They are passed
// to the packages that use them, never installed as globals.
type telemetry struct {
	tracerProvider trace.TracerProvider
	meterProvider  metric.MeterProvider
	metricsHandler http.Handler
	shutdowns      []func(context.Context) error
}

func newTelemetry(ctx context.Context, cfg TelemetryConfig) (*telemetry, error) {
	t := &telemetry{}
	res := resource.NewSchemaless(attribute.String("service.name", "shcr"))

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	exp, err := otelprom.New(otelprom.WithRegisterer(reg))
	if err != nil {
		return nil, fmt.Errorf("starting the metrics exporter: %w", err)
	}
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(exp), sdkmetric.WithResource(res))
	t.meterProvider = mp
	t.shutdowns = append(t.shutdowns, mp.Shutdown)
	t.metricsHandler = promhttp.HandlerFor(reg, promhttp.HandlerOpts{})

	var spanExp sdktrace.SpanExporter
	switch cfg.Traces {
	case "stdout":
		spanExp, err = stdouttrace.New(stdouttrace.WithWriter(os.Stdout))
	case "otlp":
		opts := []otlptracehttp.Option{otlptracehttp.WithEndpoint(cfg.OTLPEndpoint)}
		if cfg.OTLPInsecure {
			opts = append(opts, otlptracehttp.WithInsecure())
		}
		spanExp, err = otlptracehttp.New(ctx, opts...)
	default:
		t.tracerProvider = tracenoop.NewTracerProvider()
		return t, nil
	}
	if err != nil {
		return nil, fmt.Errorf("starting the trace exporter: %w", err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(spanExp), sdktrace.WithResource(res))
	t.tracerProvider = tp
	t.shutdowns = append(t.shutdowns, tp.Shutdown)
	return t, nil
}

func (t *telemetry) shutdown(ctx context.Context) error {
	var errs []error
	for _, f := range t.shutdowns {
		errs = append(errs, f(ctx))
	}
	return errors.Join(errs...)
}
