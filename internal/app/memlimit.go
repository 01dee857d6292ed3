package app

import (
	"os"
	"runtime/debug"
)

// DefaultMemoryLimit is the soft limit on the Go heap when GOMEMLIMIT is
// not set. A site build at 10,000 materials otherwise peaks near 2 GB of
// resident memory, most of it garbage of rendering; with the limit the
// collector runs sooner and the build stays under 1 GB, for about a fifth
// more time (BENCHMARKS.md). It is soft: a larger site is not stopped,
// only collected more often.
const DefaultMemoryLimit = 1 << 30

// applyMemoryLimit sets DefaultMemoryLimit unless the administrator chose
// a limit with GOMEMLIMIT.
func applyMemoryLimit() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(DefaultMemoryLimit)
	}
}
