package apicache

import (
	"fmt"
	"net/http"
	"testing"
)

func TestTheLeastRecentlyUsedAnswersGoFirstAndStaleOnesAreNotKept(t *testing.T) {
	c := New(80) // ten-byte answers: eight fit
	body := []byte("0123456789")
	for i := 0; i < 9; i++ {
		if i == 8 {
			c.lru.MoveToFront(c.entries["/k0"]) // read again, as a hit does: now the most recent
		}
		c.store(c.gen, fmt.Sprintf("/k%d", i), http.Header{}, body)
	}
	if _, ok := c.entries["/k1"]; ok {
		t.Error("the least recently used answer was kept over the limit")
	}
	for _, k := range []string{"/k0", "/k8"} {
		if _, ok := c.entries[k]; !ok {
			t.Errorf("%s was dropped", k)
		}
	}
	if c.bytes > c.MaxBytes {
		t.Errorf("%d bytes kept, limit %d", c.bytes, c.MaxBytes)
	}

	gen := c.gen
	c.Invalidate()
	c.store(gen, "/made-before-a-change", http.Header{}, body)
	if len(c.entries) != 0 {
		t.Error("an answer made before a change was kept after it")
	}
	c.store(c.gen, "/too-big", http.Header{}, make([]byte, 11))
	if len(c.entries) != 0 {
		t.Error("an answer larger than an eighth of the cache was kept")
	}
}

func TestOnlyRulesAndFiltersOnDataAreCacheable(t *testing.T) {
	for _, tc := range []struct {
		rule string
		want bool
	}{
		{"", true},
		{"status = 'published'", true},
		{"status = 'published' || authors.user ?= @request.auth.id", true},
		{"@collection.teachers.user ?= @request.auth.id", true},
		{"start >= @now", false},
		{"created > @yesterday", false},
		{"@request.headers.x_token = 'a'", false},
		{"@request.query.page = '1'", false},
	} {
		if got := onlyData(tc.rule); got != tc.want {
			t.Errorf("onlyData(%q) = %v, want %v", tc.rule, got, tc.want)
		}
	}
}
