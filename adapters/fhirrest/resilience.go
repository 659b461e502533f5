package fhirrest

import (
	"context"
	"time"
)

// sleep waits for d or until ctx ends, the default for waits before a retry.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
