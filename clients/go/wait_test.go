package taurusdbhtap

// Wait against a real server on loopback whose tasks move between polls: it returns once the
// condition holds, stops at once when a task can no longer meet it, outlives a failed poll,
// and times out naming every shortfall.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// movingTasks answers the i-th request with states[min(i, last)]; "503" answers a 503.
func movingTasks(t *testing.T, states ...string) (*ReplicationsClient, *atomic.Int64) {
	var calls atomic.Int64
	server := listen(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		state := states[min(int(calls.Add(1))-1, len(states)-1)]
		if state == "503" {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintf(w, `{"total_count": 2, "replications": [%s, {"task_name": "b_sync", "status": "Yes", "stage": "Incremental", "percentage": 100}]}`, state)
	}))
	client := tokenClient(t, Options{Endpoint: server.URL})
	return client, &calls
}

var fastPolls = WaitOptions{Timeout: time.Minute, Interval: time.Millisecond, MaxInterval: 2 * time.Millisecond}

func TestWaitReturnsOnceTheTasksMeetTheCondition(t *testing.T) {
	client, calls := movingTasks(t,
		`{"task_name": "a_sync", "status": "Yes", "stage": "Full", "percentage": "40"}`,
		"503",
		`{"task_name": "a_sync", "status": "Yes", "stage": "Incremental", "percentage": "100"}`)
	client.Retry.MaxAttempts = 1 // the 503 fails its poll; the wait outlives it
	var progress atomic.Int64
	options := fastPolls
	options.OnProgress = func([]Replication) { progress.Add(1) }
	result, err := client.Wait(context.Background(), testInstance, CaughtUp(), options)
	if err != nil {
		t.Fatal(err)
	}
	if result.Polls != 3 || calls.Load() != 3 || len(result.Replications) != 2 || progress.Load() != 2 {
		t.Fatalf("polls %d, calls %d, %d tasks, %d progress reports", result.Polls, calls.Load(), len(result.Replications), progress.Load())
	}
}

func TestWaitStopsAtOnceWhenATaskCannotSucceed(t *testing.T) {
	client, calls := movingTasks(t, `{"task_name": "a_sync", "status": "Yes", "stage": "Cancelled", "percentage": "40"}`)
	_, err := client.Wait(context.Background(), testInstance, CaughtUp("a_sync"), fastPolls)
	var failed *ReplicationFailedError
	if !errors.As(err, &failed) || len(failed.Failures) != 1 || calls.Load() != 1 {
		t.Fatalf("want a *ReplicationFailedError after one poll, got %v after %d", err, calls.Load())
	}
	if text := err.Error(); !strings.Contains(text, "task 'a_sync': expected stage incremental and percentage >= 100, read stage cancelled, percentage 40") {
		t.Fatal(text)
	}
}

func TestWaitTimesOutNamingEveryShortfall(t *testing.T) {
	client, _ := movingTasks(t, `{"task_name": "a_sync", "status": "Yes", "stage": "Full", "percentage": "40"}`)
	options := fastPolls
	options.Timeout = 50 * time.Millisecond
	_, err := client.Wait(context.Background(), testInstance, CaughtUp("a_sync", "c_sync"), options)
	var timeout *WaitTimeoutError
	if !errors.As(err, &timeout) || timeout.Last == nil {
		t.Fatalf("want a *WaitTimeoutError, got %T %v", err, err)
	}
	for _, want := range []string{"waiting for stage incremental >= 100% healthy", "task 'a_sync': expected stage incremental",
		"task 'c_sync': expected the task to exist, read no such task (tasks read: 'a_sync', 'b_sync')"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err.Error(), want)
		}
	}
}
