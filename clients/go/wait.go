package taurusdbhtap

// Waiting until replication tasks meet a Condition: the Python layer's polling loop
// (taurusdb_replication._waiter). List, evaluate, report progress, sleep with an interval
// growing 1.5x up to a cap, stop at the timeout. It stops early when a task can no longer meet
// the condition (a final violation), naming every such task at once. Failed polls the retry
// policy would retry (5xx, throttling, transport, a listing that changed under the scan) do not
// end the wait; the last one is attached to the timeout error. Others end it at once.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// WaitOptions shape a wait; zero values take the Python layer's defaults.
type WaitOptions struct {
	// Timeout bounds the whole wait (default 30 minutes; the context may end it sooner).
	Timeout time.Duration
	// Interval is the first pause between polls (default 10 s), growing 1.5x up to MaxInterval
	// (default 6 x Interval, at most 60 s).
	Interval    time.Duration
	MaxInterval time.Duration
	// OnProgress, when set, gets the selected tasks after each successful poll.
	OnProgress func([]Replication)
}

// WaitResult is what a met wait returns: the selected tasks, every task of the final poll,
// how many polls it took and how long.
type WaitResult struct {
	Replications []Replication
	Listing      []Replication
	Polls        int
	Elapsed      time.Duration
}

// ReplicationFailedError: at least one task can no longer meet the condition.
type ReplicationFailedError struct {
	Failures []Violation
}

func (e *ReplicationFailedError) Error() string {
	parts := make([]string, len(e.Failures))
	for i, v := range e.Failures {
		parts[i] = v.String()
	}
	return "replication cannot meet the condition: " + strings.Join(parts, "; ")
}

// WaitTimeoutError: the condition was not met in time; Last is the last evaluation (nil when
// no poll succeeded) and LastError the last failed poll.
type WaitTimeoutError struct {
	Timeout   time.Duration
	Condition Condition
	Last      *Evaluation
	LastError error
}

func (e *WaitTimeoutError) Error() string {
	state := fmt.Sprintf("no successful read (last error: %v)", e.LastError)
	if e.Last != nil {
		state = e.Last.Describe()
	}
	return fmt.Sprintf("timed out after %s waiting for %s: %s", e.Timeout, e.Condition.Summary(), state)
}

func (e *WaitTimeoutError) Unwrap() error { return e.LastError }

func (o WaitOptions) withDefaults() WaitOptions {
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Minute
	}
	if o.Interval <= 0 {
		o.Interval = 10 * time.Second
	}
	if o.MaxInterval <= 0 {
		o.MaxInterval = max(o.Interval, min(60*time.Second, 6*o.Interval))
	}
	return o
}

// transientPoll: a failed poll the wait outlives (what the retry policy would retry, a
// listing that changed under the scan, a poll cut short by the wait's own deadline).
func transientPoll(err error) bool {
	var inconsistent *InconsistentListingError
	var deadline *DeadlineError
	retry, _ := retryable(err)
	return retry || errors.As(err, &inconsistent) || errors.As(err, &deadline)
}

// PollUntil calls list until condition holds for every selected task, a task can no longer
// meet it (*ReplicationFailedError), or the timeout (*WaitTimeoutError) or the context ends.
// list gets a context bounded by the wait's end.
func PollUntil(ctx context.Context, list func(context.Context) ([]Replication, error), condition Condition, options WaitOptions) (WaitResult, error) {
	if err := condition.Validate(); err != nil {
		return WaitResult{}, err
	}
	options = options.withDefaults()
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, options.Timeout)
	defer cancel()
	delay := options.Interval
	var last *Evaluation
	var lastError error
	for polls := 1; ; polls++ {
		tasks, err := list(ctx)
		if err != nil {
			if !transientPoll(err) {
				return WaitResult{}, err
			}
			var deadline *DeadlineError
			if lastError == nil || !errors.As(err, &deadline) { // a cut-off poll says less than the one before
				lastError = err
			}
		} else {
			evaluation := condition.Evaluate(tasks)
			last = &evaluation
			if options.OnProgress != nil {
				options.OnProgress(evaluation.Selected)
			}
			if failures := evaluation.Failures(); failures != nil {
				return WaitResult{}, &ReplicationFailedError{failures}
			}
			if evaluation.Met() {
				return WaitResult{Replications: evaluation.Selected, Listing: tasks, Polls: polls, Elapsed: time.Since(start)}, nil
			}
		}
		timer := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			timer.Stop()
			if errors.Is(ctx.Err(), context.Canceled) {
				return WaitResult{}, ctx.Err()
			}
			return WaitResult{}, &WaitTimeoutError{Timeout: options.Timeout, Condition: condition, Last: last, LastError: lastError}
		case <-timer.C:
		}
		delay = min(time.Duration(float64(delay)*1.5), options.MaxInterval)
	}
}

// Wait polls the instance's tasks until they meet the condition (see PollUntil).
func (c *ReplicationsClient) Wait(ctx context.Context, instanceID string, condition Condition, options WaitOptions) (WaitResult, error) {
	if err := ValidateInstanceID(instanceID); err != nil {
		return WaitResult{}, err
	}
	return PollUntil(ctx, func(ctx context.Context) ([]Replication, error) {
		return c.ListAllReplications(ctx, instanceID)
	}, condition, options)
}
