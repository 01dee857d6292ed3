package memlimit

import (
	"runtime"
	"runtime/debug"
	"testing"
)

func TestServesMemoryLimitGrowsWithTheHeapItHolds(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	Fit()
	if got := debug.SetMemoryLimit(-1); got != DefaultMemoryLimit {
		t.Errorf("with a small heap the limit is %d, want the default %d", got, DefaultMemoryLimit)
	}
	held := make([][]byte, 0, 512)
	for i := 0; i < 512; i++ { // 512 MiB held, as a large live site would
		held = append(held, make([]byte, 1<<20))
	}
	runtime.GC()
	Fit()
	if got := debug.SetMemoryLimit(-1); got < 2<<30 {
		t.Errorf("holding 512 MiB the limit is %d MiB, want at least four times that", got>>20)
	}
	runtime.KeepAlive(held)
}
