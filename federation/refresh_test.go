package federation

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/dirsource"
)

// flakySource is a real folder source whose Describe fails while down is
// set, as an organisation's node that is not up yet.
type flakySource struct {
	*dirsource.Source
	down      atomic.Bool
	describes atomic.Int64
}

func (f *flakySource) Describe(ctx context.Context) (adapters.Capabilities, error) {
	f.describes.Add(1)
	if f.down.Load() {
		return adapters.Capabilities{}, adapters.ErrUnavailable
	}
	return f.Source.Describe(ctx)
}

// TestRefreshEveryRetriesUndescribedSourcesSoon: a source that could not
// describe itself at start is asked again within seconds, not at the next
// regular refresh; once every source has, refreshes keep the interval.
func TestRefreshEveryRetriesUndescribedSourcesSoon(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir, err := dirsource.New(context.Background(), filepath.Join("testdata", "orgs", "acute"), dirsource.Options{})
		if err != nil {
			t.Fatal(err)
		}
		src := &flakySource{Source: dir}
		src.down.Store(true)
		e, err := New([]Member{{ID: "acute", Organisation: Organisation{ODS: "X2B02", Name: "Test Hospital", Kind: "acute"}, Source: src, Timeout: time.Second}}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.Refresh(context.Background()); !errors.Is(err, adapters.ErrUnavailable) || e.Ready() {
			t.Fatalf("with the source down: Refresh = %v, Ready = %v", err, e.Ready())
		}
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		wg.Go(func() { e.RefreshEvery(ctx, time.Hour) })

		time.Sleep(undescribedRetry)
		synctest.Wait()
		if got := src.describes.Load(); got != 2 {
			t.Fatalf("%d describes after %s, want a retry", got, undescribedRetry)
		}
		src.down.Store(false)
		time.Sleep(undescribedRetry)
		synctest.Wait()
		if !e.Ready() {
			t.Fatal("not ready after the source came up")
		}
		before := src.describes.Load()
		time.Sleep(time.Hour - time.Second)
		synctest.Wait()
		if got := src.describes.Load() - before; got != 0 {
			t.Fatalf("%d refreshes within the hour once ready, want none", got)
		}
		time.Sleep(time.Second)
		synctest.Wait()
		if got := src.describes.Load() - before; got != 1 {
			t.Fatalf("%d refreshes at the hour, want one", got)
		}
		cancel()
		wg.Wait()
	})
}
