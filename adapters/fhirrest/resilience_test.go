package fhirrest_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/adaptertest/fhirserver"
	"github.com/shcr/shcr/adapters/fhirrest"
	"github.com/shcr/shcr/fhir"
)

func TestStatusCodes(t *testing.T) {
	tests := []struct {
		status int
		want   adapters.Code
	}{
		{400, adapters.InvalidArgument},
		{401, adapters.PermissionDenied},
		{403, adapters.PermissionDenied},
		{404, adapters.NotFound},
		{405, adapters.Unimplemented},
		{410, adapters.NotFound},
		{422, adapters.InvalidArgument},
		{429, adapters.Unavailable},
		{500, adapters.Unavailable},
		{501, adapters.Unimplemented},
		{502, adapters.Unavailable},
		{503, adapters.Unavailable},
		{504, adapters.Unavailable},
		{302, adapters.BadResponse},
		{418, adapters.BadResponse},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			e := setup(t, fhirserver.Options{}, fhirrest.Config{Retry: fhirrest.RetryConfig{Disabled: true}})
			e.prime(t)
			e.srv.SetFault(fhirserver.Fault{Status: tt.status})
			_, err := e.src.Search(context.Background(), resolve())
			if got := e.src.Code(err); got != tt.want {
				t.Errorf("status %d: error %v with code %v, want %v", tt.status, err, got, tt.want)
			}
			var se *fhirrest.StatusError
			if !errors.As(err, &se) || se.Status != tt.status {
				t.Errorf("error %v does not carry status %d", err, tt.status)
			}
			if strings.Contains(err.Error(), "9990000018") {
				t.Errorf("the error quotes the NHS number: %v", err)
			}
		})
	}
}

func TestRetries(t *testing.T) {
	deadline := func() (context.Context, context.CancelFunc) {
		return context.WithTimeout(context.Background(), 500*time.Millisecond)
	}
	tests := []struct {
		name         string
		cfg          fhirrest.Config
		fault        fhirserver.Fault
		ctx          func() (context.Context, context.CancelFunc)
		wantCode     adapters.Code // Unknown: success
		wantRequests int
		wantSleeps   []time.Duration
	}{
		{name: "503 then success: one retry after the backoff", fault: fhirserver.Fault{Status: 503, Times: 1},
			wantRequests: 2, wantSleeps: []time.Duration{100 * time.Millisecond}},
		{name: "503 twice: no second retry", fault: fhirserver.Fault{Status: 503, Times: 2},
			wantCode: adapters.Unavailable, wantRequests: 2, wantSleeps: []time.Duration{100 * time.Millisecond}},
		{name: "502 and 504 are retried too", fault: fhirserver.Fault{Status: 504, Times: 1},
			wantRequests: 2, wantSleeps: []time.Duration{100 * time.Millisecond}},
		{name: "429 with Retry-After in seconds", fault: fhirserver.Fault{Status: 429, RetryAfter: "1", Times: 1},
			wantRequests: 2, wantSleeps: []time.Duration{time.Second}},
		{name: "Retry-After as an HTTP date in the past", fault: fhirserver.Fault{Status: 503, RetryAfter: "Wed, 21 Oct 2015 07:28:00 GMT", Times: 1},
			wantRequests: 2, wantSleeps: []time.Duration{0}},
		{name: "Retry-After over the cap: not retried", fault: fhirserver.Fault{Status: 429, RetryAfter: "3600", Times: 1},
			wantCode: adapters.Unavailable, wantRequests: 1},
		{name: "Retry-After past the deadline: not retried", fault: fhirserver.Fault{Status: 503, RetryAfter: "1", Times: 1}, ctx: deadline,
			wantCode: adapters.Unavailable, wantRequests: 1},
		{name: "500 is not retried", fault: fhirserver.Fault{Status: 500, Times: 1},
			wantCode: adapters.Unavailable, wantRequests: 1},
		{name: "404 is not retried", fault: fhirserver.Fault{Status: 404, Times: 1},
			wantCode: adapters.NotFound, wantRequests: 1},
		{name: "a bad body is not retried", fault: fhirserver.Fault{Garbage: true, Times: 1},
			wantCode: adapters.BadResponse, wantRequests: 1},
		{name: "retries disabled", cfg: fhirrest.Config{Retry: fhirrest.RetryConfig{Disabled: true}}, fault: fhirserver.Fault{Status: 503, Times: 1},
			wantCode: adapters.Unavailable, wantRequests: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := setup(t, fhirserver.Options{}, tt.cfg)
			e.prime(t)
			e.srv.SetFault(tt.fault)
			ctx, cancel := context.WithCancel(context.Background())
			if tt.ctx != nil {
				ctx, cancel = tt.ctx()
			}
			defer cancel()
			_, err := e.src.Search(ctx, obsA())
			if code := e.src.Code(err); (err == nil) != (tt.wantCode == adapters.Unknown) || (err != nil && code != tt.wantCode) {
				t.Errorf("Search: error %v with code %v, want %v", err, code, tt.wantCode)
			}
			if got := e.searches(); got != tt.wantRequests {
				t.Errorf("made %d requests, want %d", got, tt.wantRequests)
			}
			if got := e.sleeps.got(); !slices.Equal(got, tt.wantSleeps) {
				t.Errorf("waited %v before retrying, want %v", got, tt.wantSleeps)
			}
		})
	}
}

func TestConnectionRefused(t *testing.T) {
	e := setup(t, fhirserver.Options{Everything: true}, fhirrest.Config{Breaker: fhirrest.BreakerConfig{Disabled: true}})
	e.prime(t)
	e.hs.Close() // the server is gone; its port refuses connections
	ctx := context.Background()
	// Some systems use the NHS number as the Patient's id, so it may be in
	// a path as well as in a query: neither may reach an error.
	const nhs = "9990000018"
	calls := []struct {
		name string
		call func() error
	}{
		{"resolution", func() error { _, err := e.src.Search(ctx, resolve()); return err }},
		{"$everything", func() error {
			_, err := e.src.Search(ctx, adapters.Query{Compartment: true, Patients: []string{nhs}})
			return err
		}},
		{"read", func() error { _, err := e.src.Read(ctx, "Patient", nhs); return err }},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			before := len(e.sleeps.got())
			err := c.call()
			if code := e.src.Code(err); code != adapters.Unavailable {
				t.Fatalf("error %v with code %v, want Unavailable", err, code)
			}
			if got := len(e.sleeps.got()) - before; got != 1 {
				t.Errorf("retried %d times, want once", got)
			}
			if msg := err.Error(); strings.Contains(msg, nhs) || strings.Contains(msg, "identifier") || !strings.Contains(msg, "connection refused") {
				t.Errorf("the error should say the connection was refused and carry no search values: %v", err)
			}
		})
	}
}

func TestRetryBudget(t *testing.T) {
	e := setup(t, fhirserver.Options{}, fhirrest.Config{
		Retry:   fhirrest.RetryConfig{BudgetMin: 1, BudgetRatio: 0.01, BudgetWindow: 10 * time.Second},
		Breaker: fhirrest.BreakerConfig{Disabled: true},
	})
	e.prime(t)
	e.srv.SetFault(fhirserver.Fault{Status: 503})
	steps := []struct {
		advance      time.Duration
		wantRequests int
		wantBudget   bool // the error says the budget ran out
	}{
		{wantRequests: 2},
		{wantRequests: 1, wantBudget: true},
		{wantRequests: 1, wantBudget: true},
		{advance: 11 * time.Second, wantRequests: 2}, // the window has passed
		{wantRequests: 1, wantBudget: true},
	}
	for i, st := range steps {
		e.clock.Advance(st.advance)
		before := e.searches()
		_, err := e.src.Search(context.Background(), obsA())
		if code := e.src.Code(err); code != adapters.Unavailable {
			t.Fatalf("step %d: error %v with code %v, want Unavailable", i, err, code)
		}
		if got := e.searches() - before; got != st.wantRequests {
			t.Errorf("step %d: made %d requests, want %d", i, got, st.wantRequests)
		}
		if got := strings.Contains(err.Error(), "retry budget"); got != st.wantBudget {
			t.Errorf("step %d: error %q mentions the budget: %v, want %v", i, err, got, st.wantBudget)
		}
	}
}

func TestCircuitBreaker(t *testing.T) {
	cfg := fhirrest.Config{
		Retry:   fhirrest.RetryConfig{Disabled: true},
		Breaker: fhirrest.BreakerConfig{Failures: 3, OpenFor: 30 * time.Second},
	}
	search := func(e *env) error {
		_, err := e.src.Search(context.Background(), obsA())
		return err
	}
	open := func(t *testing.T, e *env) {
		t.Helper()
		e.srv.SetFault(fhirserver.Fault{Status: 503})
		for range 3 {
			if err := search(e); e.src.Code(err) != adapters.Unavailable {
				t.Fatalf("error %v, want Unavailable", err)
			}
		}
		before := e.searches()
		err := search(e)
		if !errors.Is(err, fhirrest.ErrCircuitOpen) || e.src.Code(err) != adapters.Unavailable {
			t.Fatalf("after 3 failures: error %v (code %v), want ErrCircuitOpen (Unavailable)", err, e.src.Code(err))
		}
		if e.searches() != before {
			t.Fatal("a request reached the server while the circuit was open")
		}
	}

	t.Run("opens, fails fast, and a successful probe closes it", func(t *testing.T) {
		e := setup(t, fhirserver.Options{}, cfg)
		e.prime(t)
		open(t, e)
		e.clock.Advance(29 * time.Second)
		before := e.searches()
		if err := search(e); !errors.Is(err, fhirrest.ErrCircuitOpen) {
			t.Fatalf("before OpenFor has passed: %v, want ErrCircuitOpen", err)
		}
		if e.searches() != before {
			t.Fatal("a request reached the server while the circuit was open")
		}
		e.clock.Advance(time.Second)
		e.srv.SetFault(fhirserver.Fault{})
		for i := range 3 {
			if err := search(e); err != nil {
				t.Fatalf("search %d after the cool-down: %v", i, err)
			}
		}
		if got := e.searches() - before; got != 3 {
			t.Errorf("made %d requests after the cool-down, want 3", got)
		}
	})

	t.Run("a failed probe opens it again", func(t *testing.T) {
		e := setup(t, fhirserver.Options{}, cfg)
		e.prime(t)
		open(t, e)
		e.clock.Advance(30 * time.Second)
		before := e.searches()
		if err := search(e); errors.Is(err, fhirrest.ErrCircuitOpen) || e.src.Code(err) != adapters.Unavailable {
			t.Fatalf("the probe: %v, want the server's 503", err)
		}
		if err := search(e); !errors.Is(err, fhirrest.ErrCircuitOpen) {
			t.Fatalf("after a failed probe: %v, want ErrCircuitOpen", err)
		}
		if got := e.searches() - before; got != 1 {
			t.Errorf("made %d requests, want only the probe", got)
		}
	})

	t.Run("only one probe at a time", func(t *testing.T) {
		arrived := make(chan struct{}, 8)
		e := setup(t, fhirserver.Options{OnRequest: func(r *http.Request) {
			if notMetadata(r) {
				arrived <- struct{}{}
			}
		}}, cfg)
		e.prime(t)
		open(t, e)
		for range len(arrived) {
			<-arrived
		}
		e.clock.Advance(30 * time.Second)
		release := make(chan struct{})
		e.srv.SetFault(fhirserver.Fault{Block: release})
		probe := make(chan error, 1)
		go func() { probe <- search(e) }()
		<-arrived
		if err := search(e); !errors.Is(err, fhirrest.ErrCircuitOpen) {
			t.Errorf("while the probe is in flight: %v, want ErrCircuitOpen", err)
		}
		close(release)
		if err := <-probe; err != nil {
			t.Fatalf("the probe: %v", err)
		}
		e.srv.SetFault(fhirserver.Fault{})
		if err := search(e); err != nil {
			t.Errorf("after the probe succeeded: %v", err)
		}
	})

	t.Run("opens on the failure ratio", func(t *testing.T) {
		e := setup(t, fhirserver.Options{}, fhirrest.Config{
			Retry:   fhirrest.RetryConfig{Disabled: true},
			Breaker: fhirrest.BreakerConfig{Failures: 100, MinRequests: 4, FailureRatio: 0.5, Window: time.Minute},
		})
		e.prime(t)
		// With the CapabilityStatement read, this makes 2 failures in 4
		// requests, never two in a row.
		for i := range 3 {
			if i != 1 {
				e.srv.SetFault(fhirserver.Fault{Status: 503, Times: 1})
			}
			_ = search(e)
		}
		if err := search(e); !errors.Is(err, fhirrest.ErrCircuitOpen) {
			t.Errorf("after 2 failures in 4 requests: %v, want ErrCircuitOpen", err)
		}
	})

	t.Run("4xx answers and cancellations are not failures", func(t *testing.T) {
		arrived := make(chan struct{}, 1)
		e := setup(t, fhirserver.Options{OnRequest: func(r *http.Request) {
			if notMetadata(r) {
				arrived <- struct{}{}
			}
		}}, fhirrest.Config{Retry: fhirrest.RetryConfig{Disabled: true}, Breaker: fhirrest.BreakerConfig{Failures: 1}})
		e.prime(t)
		e.srv.SetFault(fhirserver.Fault{Status: 404, Times: 1})
		_ = search(e)
		<-arrived
		e.srv.SetFault(fhirserver.Fault{Hang: true})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { _, err := e.src.Search(ctx, obsA()); done <- err }()
		<-arrived
		cancel()
		if err := <-done; e.src.Code(err) != adapters.Canceled {
			t.Fatalf("cancelled search: %v, want Canceled", err)
		}
		e.srv.SetFault(fhirserver.Fault{})
		if err := search(e); err != nil {
			t.Errorf("after a 404 and a cancellation: %v, want success", err)
		}
	})
}

func TestConcurrencyLimit(t *testing.T) {
	arrived := make(chan struct{}, 8)
	e := setup(t, fhirserver.Options{OnRequest: func(r *http.Request) {
		if notMetadata(r) {
			arrived <- struct{}{}
		}
	}}, fhirrest.Config{MaxConcurrent: 2, Retry: fhirrest.RetryConfig{Disabled: true}})
	e.prime(t)
	release := make(chan struct{})
	e.srv.SetFault(fhirserver.Fault{Block: release})

	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for range 2 {
		wg.Go(func() {
			_, err := e.src.Search(context.Background(), obsA())
			errs <- err
		})
	}
	<-arrived
	<-arrived
	// Both slots are taken: a third search waits, and gives up with its
	// context without reaching the server.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := e.src.Search(ctx, obsA())
	if code := e.src.Code(err); code != adapters.DeadlineExceeded {
		t.Errorf("the third search: error %v with code %v, want DeadlineExceeded", err, code)
	}
	if got := e.searches(); got != 2 {
		t.Errorf("%d requests reached the server, want 2", got)
	}
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("a search holding a slot: %v", err)
		}
	}
	if _, err := e.src.Search(context.Background(), obsA()); err != nil {
		t.Errorf("after the slots were released: %v", err)
	}
}

// blockingSource wraps a source so its Observation searches block until
// their context ends, and says so: it lets a test see, at the far end, that
// cancelling a client request cancels the source call behind it.
type blockingSource struct {
	adapters.Source
	entered, cancelled chan struct{}
}

func (b *blockingSource) Search(ctx context.Context, q adapters.Query) (*adapters.Result, error) {
	if q.Type != "Observation" {
		return b.Source.Search(ctx, q)
	}
	b.entered <- struct{}{}
	<-ctx.Done()
	b.cancelled <- struct{}{}
	return nil, ctx.Err()
}

func TestCancellationReachesTheSourceCall(t *testing.T) {
	bs := &blockingSource{Source: fixtureSource(t), entered: make(chan struct{}, 1), cancelled: make(chan struct{}, 1)}
	serverSaw := make(chan struct{}, 1)
	srv := fhirserver.New(bs, fhirserver.Options{OnCancel: func(*http.Request) { serverSaw <- struct{}{} }})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	src := newSource(t, fhirrest.Config{URL: hs.URL})

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := src.Search(ctx, obsA()); done <- err }()
	<-bs.entered
	cancel()
	if err := <-done; src.Code(err) != adapters.Canceled {
		t.Errorf("Search: error %v with code %v, want Canceled", err, src.Code(err))
	}
	<-bs.cancelled // the source call behind the server saw the cancellation
	<-serverSaw
}

func TestDeadlines(t *testing.T) {
	tests := []struct {
		name  string
		cfg   fhirrest.Config
		fault fhirserver.Fault
		ctx   time.Duration
	}{
		{name: "the context's deadline", fault: fhirserver.Fault{Latency: time.Minute}, ctx: 50 * time.Millisecond},
		{name: "the request timeout", cfg: fhirrest.Config{RequestTimeout: 50 * time.Millisecond}, fault: fhirserver.Fault{Hang: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := setup(t, fhirserver.Options{}, tt.cfg)
			e.prime(t)
			e.srv.SetFault(tt.fault)
			ctx := context.Background()
			if tt.ctx > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.ctx)
				defer cancel()
			}
			_, err := e.src.Search(ctx, obsA())
			if code := e.src.Code(err); code != adapters.DeadlineExceeded {
				t.Errorf("Search: error %v with code %v, want DeadlineExceeded", err, code)
			}
			if got := e.sleeps.got(); len(got) != 0 {
				t.Errorf("a timeout was retried (%v)", got)
			}
		})
	}
}

func TestDescribeCaching(t *testing.T) {
	e := setup(t, fhirserver.Options{}, fhirrest.Config{CapabilityRefresh: time.Minute})
	ctx := context.Background()
	metadata := func() int { return e.srv.Requests() - e.searches() }
	for range 3 {
		if _, err := e.src.Describe(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.src.Search(ctx, obsA()); err != nil {
		t.Fatal(err)
	}
	if got := metadata(); got != 1 {
		t.Errorf("read the CapabilityStatement %d times, want once", got)
	}
	e.clock.Advance(time.Minute)
	e.srv.SetFault(fhirserver.Fault{Status: 503, Match: onlyMetadata})
	if _, err := e.src.Describe(ctx); e.src.Code(err) != adapters.Unavailable {
		t.Errorf("a failed refresh: %v, want Unavailable", err)
	}
	if _, err := e.src.Search(ctx, obsA()); err != nil {
		t.Errorf("searching after a failed refresh: %v; the last statement should still serve", err)
	}
	e.srv.SetFault(fhirserver.Fault{})
	if _, err := e.src.Describe(ctx); err != nil {
		t.Errorf("refresh: %v", err)
	}
	if _, err := e.src.Describe(ctx); err != nil {
		t.Errorf("Describe: %v", err)
	}
	if got := metadata(); got != 4 { // once, the failure and its retry, the refresh
		t.Errorf("read the CapabilityStatement %d times, want 4", got)
	}
}

func TestDescribeRejectsBadStatements(t *testing.T) {
	cs := func(version, typ string) string {
		return `{"resourceType":"CapabilityStatement","status":"active","date":"2026","kind":"instance","fhirVersion":"` + version +
			`","format":["json"],"rest":[{"mode":"server","resource":[{"type":"` + typ + `","interaction":[{"code":"search-type"}]}]}]}`
	}
	tests := []struct {
		name string
		body string
	}{
		{"not R4", cs("3.0.2", "Patient")},
		{"not a type name", cs("4.0.1", "patient/../x")},
		{"duplicate members", `{"resourceType":"CapabilityStatement","fhirVersion":"4.0.1","fhirVersion":"4.0.1"}`},
		{"not a CapabilityStatement", `{"resourceType":"Patient","id":"x"}`},
		{"not JSON", `<CapabilityStatement/>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := setup(t, fhirserver.Options{}, fhirrest.Config{})
			e.srv.SetFault(fhirserver.Fault{Body: []byte(tt.body)})
			if _, err := e.src.Describe(context.Background()); e.src.Code(err) != adapters.BadResponse {
				t.Errorf("Describe: %v, want BadResponse", err)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		name    string
		server  fhirserver.Options
		wantObs []string
		wantApp []string
		noTypes []string
	}{
		// R4 defines no code parameter for Appointment, so the server
		// does not declare one.
		{name: "every parameter", wantObs: []string{"_id", "_lastUpdated", "code", "date", "identifier", "status"}, wantApp: []string{"_id", "_lastUpdated", "date", "identifier", "status"}},
		{name: "few parameters", server: fhirserver.Options{Declare: fewParams}, wantObs: []string{"_id"}, wantApp: []string{"_id"}},
		{name: "a compartment type without a patient parameter is not served",
			server:  fhirserver.Options{Declare: func(typ, p string) bool { return typ != "Appointment" || p == "date" }},
			wantObs: []string{"_id", "_lastUpdated", "code", "date", "identifier", "status"}, noTypes: []string{"Appointment"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := setup(t, tt.server, fhirrest.Config{})
			caps, err := e.src.Describe(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if got := caps.Types["Observation"].SearchParams; !slices.Equal(got, tt.wantObs) {
				t.Errorf("Observation: %q, want %q", got, tt.wantObs)
			}
			if tt.wantApp != nil {
				if got := caps.Types["Appointment"].SearchParams; !slices.Equal(got, tt.wantApp) {
					t.Errorf("Appointment: %q, want %q", got, tt.wantApp)
				}
			}
			for _, typ := range tt.noTypes {
				if caps.Serves(typ) {
					t.Errorf("%s is reported served", typ)
				}
			}
			if !caps.Types["Patient"].Supports("identifier") {
				t.Error("Patient does not support identifier")
			}
		})
	}
}

func TestPushdown(t *testing.T) {
	params := []adapters.Param{
		{Name: "code", Value: "http://snomed.info/sct|27113001"},
		{Name: "date", Value: "ge2025-01-01"},
		{Name: "_id", Value: "obs-a2,obs-a1"},
		{Name: "status:not", Value: "entered-in-error"},
	}
	tests := []struct {
		name         string
		server       fhirserver.Options
		wantQuery    string
		wantResidual []adapters.Param
		wantIDs      []string
	}{
		{name: "declared parameters are sent", wantQuery: "patient=pat-a&code=http://snomed.info/sct%7C27113001&date=ge2025-01-01&_id=obs-a2,obs-a1&_count=100",
			wantResidual: params[3:], wantIDs: []string{"Observation/obs-a2"}},
		{name: "undeclared ones are residual; _id is applied here", server: fhirserver.Options{Declare: fewParams}, wantQuery: "subject=Patient/pat-a&_count=100",
			wantResidual: []adapters.Param{params[0], params[1], params[3]}, wantIDs: []string{"Observation/obs-a1", "Observation/obs-a2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := setup(t, tt.server, fhirrest.Config{})
			q := obsA()
			q.Params = params
			res, err := e.src.Search(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			rec := e.srv.Recorded()
			if got := rec[len(rec)-1].RawQuery; got != tt.wantQuery {
				t.Errorf("sent %s, want %s", got, tt.wantQuery)
			}
			if !slices.Equal(res.Residual, tt.wantResidual) {
				t.Errorf("residual %v, want %v", res.Residual, tt.wantResidual)
			}
			if got := refs(res.Resources); !slices.Equal(got, tt.wantIDs) {
				t.Errorf("got %q, want %q", got, tt.wantIDs)
			}
		})
	}
}

// TestCompartmentEveryOfferedType checks that a query listing every type the
// server offers, as the engine sends one whenever the access policy is on,
// is answered with one $everything rather than a search per type, and
// with the same resources as the searches.
func TestCompartmentEveryOfferedType(t *testing.T) {
	ctx := context.Background()
	bySearches := setup(t, fhirserver.Options{Everything: true}, fhirrest.Config{Compartment: fhirrest.CompartmentSearches})
	byEverything := setup(t, fhirserver.Options{Everything: true}, fhirrest.Config{})
	caps, err := byEverything.src.Describe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	q := compA()
	for typ := range caps.Types {
		q.Types = append(q.Types, typ)
	}
	slices.Sort(q.Types)
	want, err := bySearches.src.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	got, err := byEverything.src.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, r := range byEverything.srv.Recorded() {
		if !strings.HasSuffix(r.Path, "/metadata") {
			paths = append(paths, r.Path)
		}
	}
	if len(paths) != 1 || !strings.HasSuffix(paths[0], "/Patient/pat-a/$everything") {
		t.Errorf("requests %q, want one Patient/pat-a/$everything", paths)
	}
	gotRefs, wantRefs := refs(got.Resources), refs(want.Resources)
	slices.Sort(gotRefs)
	slices.Sort(wantRefs)
	if !slices.Equal(gotRefs, wantRefs) {
		t.Errorf("got %q, want %q (as the per-type searches found)", gotRefs, wantRefs)
	}
}

func TestCompartmentStrategy(t *testing.T) {
	tests := []struct {
		name           string
		server         fhirserver.Options
		cfg            fhirrest.Config
		q              adapters.Query
		wantEverything bool
		wantCode       adapters.Code
		wantTypes      []string
	}{
		{name: "auto uses $everything when declared", server: fhirserver.Options{Everything: true}, q: compA(), wantEverything: true},
		{name: "auto searches by type when not", q: compA()},
		{name: "narrowed to types: searches even with $everything", server: fhirserver.Options{Everything: true},
			q:         adapters.Query{Compartment: true, Patients: []string{"pat-a"}, Types: []string{"Condition", "Observation", "Practitioner"}},
			wantTypes: []string{"Condition", "Observation", "Practitioner"}},
		{name: "everything required but not declared", cfg: fhirrest.Config{Compartment: fhirrest.CompartmentEverything}, q: compA(), wantCode: adapters.Unimplemented},
		{name: "everything required, narrowed locally", server: fhirserver.Options{Everything: true}, cfg: fhirrest.Config{Compartment: fhirrest.CompartmentEverything},
			q: adapters.Query{Compartment: true, Patients: []string{"pat-a"}, Types: []string{"Condition"}}, wantEverything: true, wantTypes: []string{"Condition"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := setup(t, tt.server, tt.cfg)
			res, err := e.src.Search(context.Background(), tt.q)
			if tt.wantCode != adapters.Unknown {
				if code := e.src.Code(err); code != tt.wantCode {
					t.Fatalf("error %v with code %v, want %v", err, code, tt.wantCode)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			everything := false
			for _, r := range e.srv.Recorded() {
				everything = everything || strings.HasSuffix(r.Path, "/$everything")
			}
			if everything != tt.wantEverything {
				t.Errorf("used $everything = %v, want %v", everything, tt.wantEverything)
			}
			if tt.wantTypes != nil {
				var types []string
				for _, r := range res.Resources {
					if !slices.Contains(types, r.Type) {
						types = append(types, r.Type)
					}
				}
				slices.Sort(types)
				if !slices.Equal(types, tt.wantTypes) {
					t.Errorf("got types %q, want %q", types, tt.wantTypes)
				}
			}
		})
	}
}

func TestRead(t *testing.T) {
	e := setup(t, fhirserver.Options{AbsoluteReferences: true}, fhirrest.Config{})
	ctx := context.Background()
	r, err := e.src.Read(ctx, "Observation", "obs-a1")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.PatientRefs, []string{"Patient/pat-a"}) {
		t.Errorf("references %q, want relative", r.PatientRefs)
	}
	tests := []struct {
		name         string
		typ, id      string
		fault        fhirserver.Fault
		want         adapters.Code
		wantRequests int
	}{
		{name: "404", typ: "Patient", id: "nobody", want: adapters.NotFound, wantRequests: 1},
		{name: "410", typ: "Patient", id: "pat-a", fault: fhirserver.Fault{Status: 410}, want: adapters.NotFound, wantRequests: 1},
		{name: "an id that cannot exist is not asked for", typ: "Patient", id: "../metadata", want: adapters.NotFound},
		{name: "a type that cannot exist is not asked for", typ: "patient?x=", id: "a", want: adapters.NotFound},
		{name: "a body that is not FHIR", typ: "Patient", id: "pat-a", fault: fhirserver.Fault{Body: []byte(`{"resourceType":"Patient","id":"a b"}`)}, want: adapters.BadResponse, wantRequests: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.srv.SetFault(tt.fault)
			before := e.srv.Requests()
			_, err := e.src.Read(ctx, tt.typ, tt.id)
			if code := e.src.Code(err); code != tt.want {
				t.Errorf("Read: error %v with code %v, want %v", err, code, tt.want)
			}
			if got := e.srv.Requests() - before; got != tt.wantRequests {
				t.Errorf("made %d requests, want %d", got, tt.wantRequests)
			}
		})
	}
}

func TestQueriesThatCannotBeAsked(t *testing.T) {
	e := setup(t, fhirserver.Options{}, fhirrest.Config{})
	tests := []struct {
		name string
		q    adapters.Query
		want adapters.Code
	}{
		{"a patient id that is not an id", adapters.Query{Type: "Observation", Patients: []string{"a&b=c"}}, adapters.InvalidArgument},
		{"a type that is not a type", adapters.Query{Type: "Observation?x", Patients: []string{"pat-a"}}, adapters.InvalidArgument},
		{"a compartment type without a patient", adapters.Query{Type: "Observation"}, adapters.InvalidArgument},
		{"a compartment without a patient", adapters.Query{Compartment: true}, adapters.InvalidArgument},
		{"a type the server does not declare", adapters.Query{Type: "Encounter", Patients: []string{"pat-a"}}, adapters.Unimplemented},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.searches()
			_, err := e.src.Search(context.Background(), tt.q)
			if code := e.src.Code(err); code != tt.want {
				t.Errorf("error %v with code %v, want %v", err, code, tt.want)
			}
			if e.searches() != before {
				t.Error("the query was sent")
			}
		})
	}
}

func TestResolutionFiltersLocally(t *testing.T) {
	// A server that ignores identifier would answer with every patient;
	// the adapter keeps only the one asked for.
	e := setup(t, fhirserver.Options{}, fhirrest.Config{})
	e.prime(t)
	both := bundleOf(
		`{"resourceType":"Patient","id":"pat-a","identifier":[{"system":"`+fhir.NHSNumberSystem+`","value":"9990000018"}]}`,
		`{"resourceType":"Patient","id":"pat-b","identifier":[{"system":"`+fhir.NHSNumberSystem+`","value":"9990000026"}]}`)
	e.srv.SetFault(fhirserver.Fault{Body: both})
	res, err := e.src.Search(context.Background(), resolve())
	if err != nil {
		t.Fatal(err)
	}
	if got := refs(res.Resources); !slices.Equal(got, []string{"Patient/pat-a"}) {
		t.Errorf("got %q, want only Patient/pat-a", got)
	}
}

// TestBreakerMetrics: a fhir source exports its breaker's state, labelled
// with the source id it was given.
func TestBreakerMetrics(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	e := setup(t, fhirserver.Options{}, fhirrest.Config{Retry: fhirrest.RetryConfig{Disabled: true}, Breaker: fhirrest.BreakerConfig{Failures: 1}},
		fhirrest.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))), fhirrest.WithSourceID("city-general"))
	e.prime(t)
	state := func() int64 {
		t.Helper()
		var rm metricdata.ResourceMetrics
		if err := reader.Collect(context.Background(), &rm); err != nil {
			t.Fatal(err)
		}
		for _, sm := range rm.ScopeMetrics {
			for _, m := range sm.Metrics {
				if m.Name == "shcr.source.breaker.state" {
					p := m.Data.(metricdata.Gauge[int64]).DataPoints[0]
					if v, _ := p.Attributes.Value("source"); v.AsString() != "city-general" {
						t.Fatalf("state labelled %v", p.Attributes.ToSlice())
					}
					return p.Value
				}
			}
		}
		t.Fatal("no breaker state metric")
		return -1
	}
	if got := state(); got != 0 {
		t.Fatalf("state %d, want 0 (closed)", got)
	}
	e.srv.SetFault(fhirserver.Fault{Status: 503})
	_, _ = e.src.Search(context.Background(), obsA())
	if got := state(); got != 1 {
		t.Fatalf("after a failure: state %d, want 1 (open)", got)
	}
}
