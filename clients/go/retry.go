package taurusdbhtap

// When to send a request again and how long to wait first: the Python layer's policy
// (taurusdb_replication._retry). Retried: 429 (honouring Retry-After, capped), 500, 502, 503,
// 504, network errors and success answers whose body is not the page. Never another 4xx:
// those are the caller's mistake or an auth problem, and five failed AK/SK attempts in a row
// lock the key. Waits are exponential backoff with full jitter; the context is the deadline.

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy bounds the attempts of one request; the whole operation is bounded by its context.
type RetryPolicy struct {
	// MaxAttempts counts the first try (HW_MAX_RETRIES + 1).
	MaxAttempts int
	// MaxThrottledAttempts is the separate budget of 429 answers.
	MaxThrottledAttempts int
	BaseDelay            time.Duration
	// MaxDelay also caps Retry-After.
	MaxDelay time.Duration
	// RequestTimeout bounds one attempt.
	RequestTimeout time.Duration
}

// DefaultRetryPolicy is the Python layer's default (5 retries, as the vendor's Terraform provider).
var DefaultRetryPolicy = RetryPolicy{
	MaxAttempts: 6, MaxThrottledAttempts: 30, BaseDelay: 250 * time.Millisecond, MaxDelay: 20 * time.Second,
	RequestTimeout: 30 * time.Second,
}

// parseRetryAfter reads Retry-After as seconds or an HTTP date; -1 when absent or unreadable.
func parseRetryAfter(header string, now time.Time) time.Duration {
	text := strings.TrimSpace(header)
	if text == "" {
		return -1
	}
	if seconds, err := strconv.Atoi(text); err == nil && seconds >= 0 {
		return time.Duration(seconds) * time.Second
	}
	if when, err := http.ParseTime(text); err == nil {
		return max(0, when.Sub(now))
	}
	return -1
}

func retryable(err error) (retry bool, throttled *APIError) {
	var api *APIError
	if errors.As(err, &api) {
		if api.Throttled() {
			return true, api
		}
		return api.Retryable(), nil
	}
	var transport *TransportError
	return errors.As(err, &transport), nil
}

func (p RetryPolicy) delay(throttled *APIError, failures int) time.Duration {
	if throttled != nil && throttled.RetryAfter >= 0 {
		// The server's figure, capped, plus a little jitter so a wave does not return at once.
		return min(throttled.RetryAfter, p.MaxDelay) + time.Duration(rand.Int64N(int64(p.BaseDelay)+1))
	}
	ceiling := min(p.MaxDelay, p.BaseDelay<<max(0, min(failures-1, 30)))
	return time.Duration(rand.Int64N(int64(ceiling) + 1))
}

// do runs attempt until it succeeds, fails for good, or the budget or the context runs out.
func (p RetryPolicy) do(ctx context.Context, what string, attempt func(context.Context) error) error {
	var last error
	attempts, throttledAttempts := 0, 0
	for {
		if err := ctx.Err(); err != nil {
			return &DeadlineError{What: what, Last: last, Err: err}
		}
		attemptCtx, cancel := context.WithTimeout(ctx, p.RequestTimeout)
		err := attempt(attemptCtx)
		var transport *TransportError
		if errors.As(err, &transport) && ctx.Err() == nil && errors.Is(attemptCtx.Err(), context.DeadlineExceeded) {
			transport.TimedOut = p.RequestTimeout
		}
		cancel()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			if last == nil { // else err is only the cut-off attempt; the failure before says more
				last = err
			}
			return &DeadlineError{What: what, Last: last, Err: ctx.Err()}
		}
		retry, throttled := retryable(err)
		if !retry {
			return err
		}
		last = err
		attempts++
		failures := attempts - throttledAttempts
		if throttled != nil {
			throttledAttempts++
			failures = throttledAttempts
			if throttledAttempts >= p.MaxThrottledAttempts {
				return err
			}
		} else if failures >= p.MaxAttempts {
			return err
		}
		wait := p.delay(throttled, failures)
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) <= wait {
			return &DeadlineError{What: what, Last: err, Err: context.DeadlineExceeded}
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return &DeadlineError{What: what, Last: err, Err: ctx.Err()}
		case <-timer.C:
		}
	}
}
