package memlimit

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
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
	got := debug.SetMemoryLimit(-1)
	if got < HeldMultiple*512<<20 {
		t.Errorf("holding 512 MiB the limit is %d MiB, want at least %d times that", got>>20, HeldMultiple)
	}
	// and not much more: serve's memory is what an administrator sizes a
	// node by
	if got > (HeldMultiple*512+256)<<20 {
		t.Errorf("holding 512 MiB the limit is %d MiB, want about %d times that", got>>20, HeldMultiple)
	}
	runtime.KeepAlive(held)
}

// The build log tells an administrator how much of serve's memory is Go's.
func TestHeldCountsTheLiveHeapWithinWhatTheRuntimeHolds(t *testing.T) {
	held := make([][]byte, 0, 64)
	for i := 0; i < 64; i++ {
		held = append(held, make([]byte, 1<<20))
	}
	runtime.GC()
	live, total := Held()
	if live < 64<<20 {
		t.Errorf("holding 64 MiB the live heap is %d MiB", live>>20)
	}
	if total < live {
		t.Errorf("the runtime holds %d MiB, less than the live heap of %d MiB", total>>20, live>>20)
	}
	runtime.KeepAlive(held)
}

// What a build had live when the collector last ran is not what serve
// holds: the limit follows what is left once the build's memory is gone.
func TestTheLimitAfterABuildFollowsWhatServeStillHolds(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	alloc := func(mib int) [][]byte {
		out := make([][]byte, 0, mib)
		for i := 0; i < mib; i++ {
			out = append(out, make([]byte, 1<<20))
		}
		return out
	}
	held := alloc(1024) // a held site
	func() {
		working := alloc(1024) // and a build's working set, live at a collection
		runtime.GC()
		runtime.KeepAlive(working)
	}()
	f := &Fitter{}
	f.Fit()
	for f.Running() {
		time.Sleep(10 * time.Millisecond)
	}
	got := debug.SetMemoryLimit(-1)
	if got > (HeldMultiple*1024+256)<<20 {
		t.Errorf("holding 1 GiB after a build of 1 GiB more, the limit is %d MiB, want about %d", got>>20, HeldMultiple*1024)
	}
	if got < HeldMultiple*1024<<20 {
		t.Errorf("holding 1 GiB the limit is %d MiB, want at least %d", got>>20, HeldMultiple*1024)
	}
	runtime.KeepAlive(held)
}
