package taurusdbhtap

// Reading every task of an instance, the Python layer's rules (taurusdb_replication._pagination):
// page 0 first; when its total_count is believable, every remaining offset concurrently (at
// most window pages in flight, results consumed in offset order); when it is missing or a
// page proves it wrong, walk on until a short page, growing the look-ahead from one page. The
// pages must form one consistent state (same total_count everywhere, no task twice), else the
// whole list is read again, at most MaxRescans times. At most MaxPages pages; a service that
// ignores offset (the same page twice) is detected.

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Page is one page as read: the request's offset and what came back, normalized.
type Page struct {
	Offset     int
	TotalCount *int
	Items      []Replication
	RequestID  string
}

// ListOptions shapes a full listing.
type ListOptions struct {
	PageSize    int
	Concurrency int
	MaxPages    int
	MaxRescans  int
}

// DefaultListOptions are the Python layer's defaults.
var DefaultListOptions = ListOptions{PageSize: 100, Concurrency: 16, MaxPages: 10_000, MaxRescans: 3}

type fetchPage func(ctx context.Context, offset int) (Page, error)

type pending struct {
	offset int
	done   chan struct{}
	page   Page
	err    error
}

func stopAt(total *int, pageSize int) int {
	if total == nil {
		return -1
	}
	if *total%pageSize == 0 {
		return *total + 1 // one past a full last page: it must be empty, else the total is wrong
	}
	return *total
}

func names(page Page) []string {
	out := make([]string, len(page.Items))
	for i, item := range page.Items {
		out[i] = item.TaskName
	}
	return out
}

func checkAdvancing(previous, page Page) error {
	current := names(page)
	if len(current) > 0 && slices.ContainsFunc(current, func(n string) bool { return n != "" }) && slices.Equal(current, names(previous)) {
		return &InconsistentListingError{fmt.Sprintf(
			"the service returned the same tasks for offsets %d and %d; it seems to ignore 'offset'", previous.Offset, page.Offset)}
	}
	return nil
}

// readPages returns every page in offset order until the end of the list.
func readPages(ctx context.Context, fetch fetchPage, o ListOptions) ([]Page, error) {
	ctx, abandon := context.WithCancel(ctx)
	defer abandon() // pages requested ahead of an end (or an error) are not waited for
	first, err := fetch(ctx, 0)
	if err != nil {
		return nil, err
	}
	pages := []Page{first}
	if len(first.Items) < o.PageSize {
		return pages, nil
	}
	total := first.TotalCount
	if total != nil && *total < o.PageSize {
		total = nil // a full first page proves the total wrong: walk instead
	}
	stop, ahead, next := stopAt(total, o.PageSize), 1, o.PageSize
	if total != nil {
		ahead = o.Concurrency
	}
	var queue []*pending
	for {
		for len(queue) < ahead && len(pages)+len(queue) < o.MaxPages && (stop < 0 || next < stop) {
			p := &pending{offset: next, done: make(chan struct{})}
			go func() {
				defer close(p.done)
				p.page, p.err = fetch(ctx, p.offset)
			}()
			queue = append(queue, p)
			next += o.PageSize
		}
		if len(queue) == 0 {
			if stop >= 0 && next >= stop {
				return pages, nil
			}
			return nil, &InconsistentListingError{fmt.Sprintf(
				"more than %d pages of %d tasks; raise MaxPages if that is expected", o.MaxPages, o.PageSize)}
		}
		head := queue[0]
		queue = queue[1:]
		<-head.done
		if head.err != nil {
			return nil, head.err
		}
		previous := pages[len(pages)-1]
		pages = append(pages, head.page)
		if len(head.page.Items) < o.PageSize {
			return pages, nil
		}
		if err := checkAdvancing(previous, head.page); err != nil {
			return nil, err
		}
		if total != nil && head.offset+o.PageSize > *total {
			total, stop = nil, -1 // a full page past the total: the total is wrong, walk on
		}
		if total == nil {
			ahead = min(o.Concurrency, ahead*2)
		}
	}
}

// inconsistency says why the pages are not one consistent state of the list ("" when they are).
func inconsistency(pages []Page) string {
	totals := map[string]bool{}
	for _, page := range pages {
		if page.TotalCount == nil {
			totals["missing"] = true
		} else {
			totals[fmt.Sprint(*page.TotalCount)] = true
		}
	}
	if len(totals) > 1 {
		shown := make([]string, 0, len(totals))
		for total := range totals {
			shown = append(shown, total)
		}
		sort.Strings(shown)
		return "total_count changed during the scan (" + strings.Join(shown, ", ") + ")"
	}
	seen := map[string]bool{}
	for _, page := range pages {
		for _, item := range page.Items {
			if item.TaskName == "" {
				continue // a nameless task ("", the key's default) is never a duplicate
			}
			if seen[item.TaskName] {
				return fmt.Sprintf("task '%s' was returned twice (tasks moved between pages)", item.TaskName)
			}
			seen[item.TaskName] = true
		}
	}
	return ""
}

// Listing is every task of an instance in one consistent state of the list.
type Listing struct {
	Tasks []Replication `json:"tasks"`
	// TotalCount is the service's total_count, exact (nil when the service sent none or one
	// that is not a count); filters applied by a caller change Tasks, never this.
	TotalCount *int64 `json:"total_count"`
}

// snapshot is every task in one consistent state of the list.
func snapshot(ctx context.Context, fetch fetchPage, o ListOptions) (Listing, error) {
	reason := ""
	for scan := 0; scan <= o.MaxRescans; scan++ {
		pages, err := readPages(ctx, fetch, o)
		if err != nil {
			return Listing{}, err
		}
		if reason = inconsistency(pages); reason == "" {
			listing := Listing{Tasks: []Replication{}}
			for _, page := range pages {
				listing.Tasks = append(listing.Tasks, page.Items...)
			}
			if total := pages[0].TotalCount; total != nil {
				exact := int64(*total)
				listing.TotalCount = &exact
			}
			return listing, nil
		}
	}
	return Listing{}, &InconsistentListingError{fmt.Sprintf(
		"the task list kept changing while it was read: %s; gave up after %d rescans", reason, o.MaxRescans)}
}
