// Package memlimit keeps the soft memory limit of the processes that build
// the site: `kopilka build`, `serve` and the benchmark.
package memlimit

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// DefaultMemoryLimit is the soft limit on the Go heap of `kopilka build`
// and `kopilka serve` when GOMEMLIMIT is not set. A full build at 10,000
// materials otherwise peaks near 2 GB of resident memory, most of it
// garbage of rendering; with the limit the collector runs sooner and the
// build stays under 1 GB (BENCHMARKS.md). It is soft: a larger site is not
// stopped, only collected more often. Between builds `serve` holds little:
// a publish has Hugo render only the changed pages in a project of their
// own, so no model of the whole site stays in memory.
const DefaultMemoryLimit = 768 << 20

// HugoCacheLimit is what Hugo's own caches are told they may use, in GB,
// unless HUGO_MEMORYLIMIT says otherwise. Hugo's default is a quarter of
// the machine's memory, and below that it keeps every page's source; past
// this limit it keeps fewer and reads a page again when it needs it.
const HugoCacheLimit = "0.5"

// Apply sets DefaultMemoryLimit unless the administrator chose
// a limit with GOMEMLIMIT, and HugoCacheLimit unless HUGO_MEMORYLIMIT is
// set.
func Apply() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(DefaultMemoryLimit)
	}
	if os.Getenv("HUGO_MEMORYLIMIT") == "" {
		// read by Hugo each time it starts a build
		os.Setenv("HUGO_MEMORYLIMIT", HugoCacheLimit)
	}
}

// HeldMultiple is how many times the heap it holds after a build serve
// lets its heap grow to before collecting. Twice: a publish encodes only
// the pages and cards that differ (sitegen's memo) and reads only the
// records that changed, so it allocates a fraction of the heap held — a
// sixth of what encoding the whole site did — and collects little even
// with the headroom of one more held heap. (When every publish made the
// whole site's content again it was four times, and serve held 3.5 GB
// after a series at 50,000 materials.)
const HeldMultiple = 2

// Fit raises the soft limit to HeldMultiple times the heap the process
// holds when that is more than DefaultMemoryLimit, from the live heap the
// last collection found.
func Fit() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	live, _ := Held()
	debug.SetMemoryLimit(max(int64(DefaultMemoryLimit), HeldMultiple*int64(live)))
}

// Fitter fits serve's limit after each build (its Fit is the builder's
// Built). A build's own working set is live at the collections that run
// during it, so the heap the last collection found is up to half as much
// again as what serve holds: at 50,000 materials that set the limit at
// 1.7 GB for 566 MB held. Fitter first collects, in the background — the
// build is served by then — and fits the limit to what is left; the
// runtime then returns what lies above the limit to the system.
type Fitter struct {
	running atomic.Bool
}

// Fit collects and fits the limit in the background; a fit already
// running is not repeated.
func (f *Fitter) Fit() {
	if os.Getenv("GOMEMLIMIT") != "" || !f.running.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer f.running.Store(false)
		runtime.GC()
		Fit()
	}()
}

// Running reports whether a fit is under way.
func (f *Fitter) Running() bool { return f.running.Load() }

// Held is the live heap after the last collection and what the Go runtime
// holds from the system (heap, stacks and its own structures, less what
// it has given back): what of a process's resident memory is Go's. The
// rest is memory allocated outside Go — SQLite's page caches — and the
// pages of files mapped, the binary first.
func Held() (live, runtime uint64) {
	samples := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(samples)
	value := func(i int) uint64 {
		if samples[i].Value.Kind() == metrics.KindUint64 {
			return samples[i].Value.Uint64()
		}
		return 0
	}
	return value(0), value(1) - value(2)
}
