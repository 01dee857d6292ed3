package app

import (
	"os"
	"runtime/debug"
)

// DefaultMemoryLimit is the soft limit on the Go heap of `kopilka build`
// when GOMEMLIMIT is not set. A full build at 10,000 materials otherwise
// peaks near 2 GB of resident memory, most of it garbage of rendering;
// with the limit the collector runs sooner and the build stays under 1 GB,
// for about a fifth more time (BENCHMARKS.md). It is soft: a larger site
// is not stopped, only collected more often. `serve` has no such default:
// its live site keeps the pages in memory between builds, and a limit
// near that size makes every publish spend its time collecting.
const DefaultMemoryLimit = 768 << 20

// applyMemoryLimit sets DefaultMemoryLimit unless the administrator chose
// a limit with GOMEMLIMIT.
func applyMemoryLimit() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(DefaultMemoryLimit)
	}
}
