package taurusdbhtap

// Retries, deadlines and full listings against real HTTP servers on loopback (httptest),
// each misbehaving in one way the real service or its gateway does.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const (
	testProject  = "0123456789abcdef0123456789abcdef"
	testInstance = "0123456789abcdef0123456789abcdefin17"
)

type answer func(w http.ResponseWriter, offset, limit int, call int64) bool

// serve answers like the service for n tasks, unless before handles the call first.
func serve(t *testing.T, n int, total string, before answer) (*ReplicationsClient, *atomic.Int64) {
	t.Helper()
	var calls atomic.Int64
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		call := calls.Add(1)
		if r.Header.Get("X-Auth-Token") != "tok" {
			w.WriteHeader(401)
			fmt.Fprint(w, `{"error_code": "APIGW.0301", "error_msg": "bad token", "request_id": "r-401"}`)
			return
		}
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		if before != nil && before(w, offset, limit, call) {
			return
		}
		var items []string
		for i := offset; i < min(n, offset+limit); i++ {
			items = append(items, fmt.Sprintf(`{"task_name": "task_%05d", "percentage": "%d"}`, i, i%100))
		}
		w.Header().Set("X-Request-Id", "req-"+strconv.FormatInt(call, 10))
		fmt.Fprintf(w, `{"total_count": %s, "replications": [%s]}`, total, strings.Join(items, ","))
	}))
	t.Cleanup(server.Close)
	client, err := NewReplicationsClient(server.URL, testProject, nil, "tok")
	if err != nil {
		t.Fatal(err)
	}
	client.Retry.BaseDelay = time.Millisecond
	client.Retry.MaxDelay = 5 * time.Millisecond
	client.List.PageSize = 10
	client.List.Concurrency = 4
	return client, &calls
}

func checkNames(t *testing.T, got []Replication, n int) {
	t.Helper()
	if len(got) != n {
		t.Fatalf("got %d tasks, want %d", len(got), n)
	}
	for i, task := range got {
		if want := fmt.Sprintf("task_%05d", i); task.TaskName != want {
			t.Fatalf("task %d: got %v, want %s", i, task.TaskName, want)
		}
	}
}

func TestListAllWithATrueTotalReadsEachPageOnce(t *testing.T) {
	client, calls := serve(t, 95, "95", nil)
	got, err := client.ListAllReplications(context.Background(), testInstance)
	if err != nil {
		t.Fatal(err)
	}
	checkNames(t, got, 95)
	if calls.Load() != 10 {
		t.Errorf("%d requests for 10 pages", calls.Load())
	}
}

func TestListAllWithoutTotalWalksToTheShortPage(t *testing.T) {
	client, _ := serve(t, 100, "null", nil)
	got, err := client.ListAllReplications(context.Background(), testInstance)
	if err != nil {
		t.Fatal(err)
	}
	checkNames(t, got, 100)
}

func TestListAllWithATooSmallTotalWalksOn(t *testing.T) {
	client, _ := serve(t, 57, "20", nil)
	got, err := client.ListAllReplications(context.Background(), testInstance)
	if err != nil {
		t.Fatal(err)
	}
	checkNames(t, got, 57)
}

func TestFailuresAreRetriedAndThrottlingHonoursRetryAfter(t *testing.T) {
	client, calls := serve(t, 30, "30", func(w http.ResponseWriter, offset, _ int, call int64) bool {
		switch call {
		case 1:
			w.WriteHeader(503)
			fmt.Fprint(w, "<html>503 Service Unavailable</html>")
		case 2:
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(429)
			fmt.Fprint(w, `{"error_code": "APIGW.0308", "error_msg": "throttled"}`)
		case 3:
			w.Header().Set("Content-Type", "application/json") // as the service sends it
			fmt.Fprint(w, `{"total_count": 30, "replicat`)     // cut short
		default:
			return false
		}
		return true
	})
	got, err := client.ListAllReplications(context.Background(), testInstance)
	if err != nil {
		t.Fatal(err)
	}
	checkNames(t, got, 30)
	// A total that is a multiple of the page size costs one more (empty) page at offset=total.
	if calls.Load() != 7 {
		t.Errorf("%d requests, want 3 failures, 3 pages and the empty page at offset 30", calls.Load())
	}
}

func TestAClientErrorIsNotRetriedAndCarriesItsCodes(t *testing.T) {
	client, calls := serve(t, 30, "30", nil)
	client.Raw.RequestEditors = []RequestEditorFn{func(_ context.Context, r *http.Request) error {
		r.Header.Set("X-Auth-Token", "wrong")
		return nil
	}}
	_, err := client.ListAllReplications(context.Background(), testInstance)
	var api *APIError
	if !errors.As(err, &api) || api.Status != 401 || api.ErrorCode != "APIGW.0301" || api.RequestID != "r-401" {
		t.Fatalf("want a 401 APIError with its code and request id, got %#v", err)
	}
	if calls.Load() != 1 || api.Retryable() {
		t.Errorf("a 401 was sent %d times (retryable %v)", calls.Load(), api.Retryable())
	}
	if strings.Contains(err.Error(), "wrong") {
		t.Errorf("the token shows in the error: %v", err)
	}
}

func TestTheContextDeadlineBoundsRetries(t *testing.T) {
	client, _ := serve(t, 30, "30", func(w http.ResponseWriter, _, _ int, _ int64) bool {
		w.WriteHeader(503)
		return true
	})
	client.Retry.MaxAttempts = 1_000_000
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := client.ListAllReplications(ctx, testInstance)
	var deadline *DeadlineError
	if !errors.As(err, &deadline) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want a DeadlineError wrapping context.DeadlineExceeded, got %v", err)
	}
	var api *APIError
	if !errors.As(deadline.Last, &api) || api.Status != 503 {
		t.Errorf("the deadline error should name the last failure, got %v", deadline.Last)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("the listing ran %v past a 150 ms deadline", elapsed)
	}
}

func TestAServiceIgnoringOffsetIsDetected(t *testing.T) {
	client, _ := serve(t, 30, "null", func(w http.ResponseWriter, _, limit int, _ int64) bool {
		var items []string
		for i := 0; i < limit; i++ {
			items = append(items, fmt.Sprintf(`{"task_name": "task_%05d"}`, i))
		}
		fmt.Fprintf(w, `{"replications": [%s]}`, strings.Join(items, ","))
		return true
	})
	_, err := client.ListAllReplications(context.Background(), testInstance)
	var inconsistent *InconsistentListingError
	if !errors.As(err, &inconsistent) || !strings.Contains(err.Error(), "ignore 'offset'") {
		t.Fatalf("want an InconsistentListingError about offset, got %v", err)
	}
}

func TestAChangingTotalIsRescannedThenRefused(t *testing.T) {
	client, _ := serve(t, 30, "30", func(w http.ResponseWriter, offset, _ int, call int64) bool {
		if offset == 10 {
			fmt.Fprintf(w, `{"total_count": %d, "replications": [%s]}`, 30+call,
				strings.TrimSuffix(strings.Repeat(`{"task_name": "x"},`, 10), ","))
			return true
		}
		return false
	})
	_, err := client.ListAllReplications(context.Background(), testInstance)
	var inconsistent *InconsistentListingError
	if !errors.As(err, &inconsistent) || !strings.Contains(err.Error(), "gave up after 3 rescans") {
		t.Fatalf("want an InconsistentListingError after 3 rescans, got %v", err)
	}
}

func TestInvalidArgumentsNameTheField(t *testing.T) {
	client, calls := serve(t, 1, "1", nil)
	_, err := client.ListAllReplications(context.Background(), "../../etc/passwd")
	var invalid *ValidationError
	if !errors.As(err, &invalid) || invalid.Field != "instance_id" || calls.Load() != 0 {
		t.Fatalf("want a ValidationError naming instance_id before any request, got %v", err)
	}
}
