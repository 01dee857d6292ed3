package app

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestMemoryLimitDefaultsToOneGigabyteUnlessGOMEMLIMITIsSet(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	for _, tc := range []struct {
		env  string
		want int64
	}{
		{"", DefaultMemoryLimit},
		{"3GiB", math.MaxInt64}, // the administrator's choice is the runtime's, untouched here
	} {
		t.Setenv("GOMEMLIMIT", tc.env)
		debug.SetMemoryLimit(math.MaxInt64)
		applyMemoryLimit()
		if got := debug.SetMemoryLimit(-1); got != tc.want {
			t.Errorf("GOMEMLIMIT=%q: limit %d, want %d", tc.env, got, tc.want)
		}
	}
}
