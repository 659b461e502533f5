package grpcsource

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// nodeMetrics count the node's calls by method and outcome, and the calls
// in flight, so an operator (or a test) can see at the node what the
// facade did: above all, that calls were cancelled when the facade's
// client went away. Labels are the RPC method and a fixed outcome word;
// never anything from the request.
type nodeMetrics struct {
	calls    metric.Int64Counter
	inFlight metric.Int64UpDownCounter
}

func newNodeMetrics(mp metric.MeterProvider) (*nodeMetrics, error) {
	meter := mp.Meter("github.com/shcr/shcr/adapters/grpcsource")
	m := &nodeMetrics{}
	var err error
	if m.calls, err = meter.Int64Counter("shcr.node.calls",
		metric.WithDescription("Calls the adapter node answered, by method and outcome (ok, cancelled by the caller, deadline_exceeded, or the status code).")); err != nil {
		return nil, fmt.Errorf("creating the node metrics: %w", err)
	}
	if m.inFlight, err = meter.Int64UpDownCounter("shcr.node.calls.in_flight",
		metric.WithDescription("Calls the adapter node is answering now, by method.")); err != nil {
		return nil, fmt.Errorf("creating the node metrics: %w", err)
	}
	return m, nil
}

// callOutcome names how a call ended. The caller's context comes first: a
// call whose caller cancelled it or whose deadline passed is counted as
// such, whatever the handler made of it. A caller whose own deadline fires
// also cancels the call, and that can reach the node before the node's
// copy of the deadline passes, so such a call may count as cancelled
// rather than deadline_exceeded; either way the caller stopped waiting.
func callOutcome(ctx context.Context, err error) string {
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		return "cancelled"
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return "deadline_exceeded"
	}
	code := status.Code(err)
	switch code {
	case codes.OK:
		return "ok"
	case codes.Canceled:
		return "cancelled"
	}
	// codes.Code's String is CamelCase ("PermissionDenied"); the label
	// is snake case like the others.
	var b strings.Builder
	for i, r := range code.String() {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// methodName is the RPC's name without its service ("Search").
func methodName(fullMethod string) string {
	return fullMethod[strings.LastIndexByte(fullMethod, '/')+1:]
}

// track counts one call from start to end.
func (m *nodeMetrics) track(ctx context.Context, fullMethod string) func(err error) {
	method := attribute.String("method", methodName(fullMethod))
	m.inFlight.Add(context.Background(), 1, metric.WithAttributes(method))
	return func(err error) {
		m.inFlight.Add(context.Background(), -1, metric.WithAttributes(method))
		m.calls.Add(context.Background(), 1, metric.WithAttributes(method, attribute.String("outcome", callOutcome(ctx, err))))
	}
}

func (m *nodeMetrics) unary(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	done := m.track(ctx, info.FullMethod)
	resp, err := handler(ctx, req)
	done(err)
	return resp, err
}

func (m *nodeMetrics) stream(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	done := m.track(ss.Context(), info.FullMethod)
	err := handler(srv, ss)
	done(err)
	return err
}
