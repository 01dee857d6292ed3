package app_test

import (
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/schema"
)

// TestReadersSeeNoErrorsWhileTheSiteIsSwapped: 100 readers of the site and
// the API on loopback while a curator publishes changes and the site is
// rebuilt and swapped 20 times.
func TestReadersSeeNoErrorsWhileTheSiteIsSwapped(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	srv, builder, a := liveServer(t)
	find := func() *core.Record {
		r, err := a.FindRecordById(schema.Materials, fixture.IDs["matPubA1"])
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	pub := find()
	paths := []string{"/", "/materials/", "/materials/" + pub.GetString("slug") + "/", "/events/", "/css/site.css",
		"/api/collections/materials/records?filter=(status='published')&sort=-published_at"}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 100}}

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	var (
		stop     = make(chan struct{})
		wg       sync.WaitGroup
		requests atomic.Int64
		mu       sync.Mutex
		failures []string
	)
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for n := 0; n < 2000; n++ { // bounded, in case stop never comes
				select {
				case <-stop:
					return
				default:
				}
				p := paths[(i+n)%len(paths)]
				res, err := client.Get(srv.URL + p)
				if err != nil {
					mu.Lock()
					failures = append(failures, fmt.Sprintf("%s: %v", p, err))
					mu.Unlock()
					continue
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				requests.Add(1)
				if res.StatusCode != http.StatusOK {
					mu.Lock()
					failures = append(failures, fmt.Sprintf("%s: %d", p, res.StatusCode))
					mu.Unlock()
				}
			}
		}(i)
	}

	for swap := 0; swap < 20; swap++ {
		m := find()
		m.Set("summary", fmt.Sprintf("Версия %d", swap))
		if err := a.Save(m); err != nil {
			t.Fatal(err)
		}
		if err := builder.BuildNow(); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	builder.Wait()

	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	t.Logf("%d requests during 20 swaps; heap %d MB → %d MB", requests.Load(), before.HeapAlloc>>20, after.HeapAlloc>>20)
	if len(failures) > 0 {
		t.Errorf("%d failed requests, e.g. %v", len(failures), failures[:min(5, len(failures))])
	}
	if requests.Load() < 200 {
		t.Errorf("only %d requests were made", requests.Load())
	}
	if after.HeapAlloc > before.HeapAlloc+256<<20 {
		t.Errorf("the heap grew from %d MB to %d MB", before.HeapAlloc>>20, after.HeapAlloc>>20)
	}
	// the final site shows the final data
	res, err := client.Get(srv.URL + "/materials/" + pub.GetString("slug") + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), "Версия 19") {
		t.Error("the final site does not show the final data")
	}
}
