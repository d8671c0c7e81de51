package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"time"
)

// Permanent marks an error that retrying cannot fix.
type Permanent struct{ Err error }

func (p *Permanent) Error() string { return "permanent: " + p.Err.Error() }
func (p *Permanent) Unwrap() error { return p.Err }

type Policy struct {
	Attempts int
	Base     time.Duration
	Max      time.Duration
}

func (p Policy) delay(attempt int) time.Duration {
	d := p.Base << attempt
	if d > p.Max || d <= 0 {
		d = p.Max
	}
	jitter := time.Duration(rand.Int63n(int64(d)/2 + 1))
	return d/2 + jitter
}

func Retry(ctx context.Context, p Policy, op func(int) error) error {
	var err error
	for attempt := 0; attempt < p.Attempts; attempt++ {
		if err = op(attempt); err == nil {
			return nil
		}
		var perm *Permanent
		if errors.As(err, &perm) {
			return perm.Err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(p.delay(attempt)):
		}
	}
	return fmt.Errorf("gave up after %d attempts: %w", p.Attempts, err)
}

func main() {
	policy := Policy{Attempts: 5, Base: time.Millisecond, Max: 20 * time.Millisecond}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()

	calls := 0
	err := Retry(ctx, policy, func(attempt int) error {
		calls++
		if attempt < 2 {
			return errors.New("temporary glitch")
		}
		return nil
	})
	fmt.Println("flaky:", err, "calls:", calls)

	err = Retry(ctx, policy, func(int) error {
		return &Permanent{Err: errors.New("bad credentials")}
	})
	fmt.Println("permanent:", err)
}
