// Package datalock keeps two kopilka processes from writing one data
// folder at cross purposes: `kopilka serve` holds the folder's lock while
// it runs, and a bulk writer such as `kopilka import` takes it first, so
// an import never runs beside a server whose caches and site it would
// leave stale, and API clients never meet "database is locked" because of
// it. The operating system drops the lock when its process ends, however
// it ends, so no stale lock survives a crash.
package datalock

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// FileName is the lock file inside the data folder.
const FileName = ".kopilka.lock"

// ErrHeld is returned when another process holds the lock.
var ErrHeld = errors.New("the data folder is in use")

// Lock is a held lock of a data folder.
type Lock struct {
	f *os.File
}

// Take locks dataDir for holder (a word such as "serve" or "import",
// written into the file so a refused process can say who holds it). It
// fails at once with an error wrapping ErrHeld when another process holds
// the lock.
func Take(dataDir, holder string) (*Lock, error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("lock %s: %w", dataDir, err)
	}
	p := filepath.Join(dataDir, FileName)
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", dataDir, err)
	}
	if err := lock(f); err != nil {
		who, _ := os.ReadFile(p)
		f.Close()
		if errors.Is(err, errWouldBlock) {
			return nil, fmt.Errorf("%w: %s holds %s", ErrHeld, describe(string(who)), dataDir)
		}
		return nil, fmt.Errorf("lock %s: %w", dataDir, err)
	}
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(fmt.Sprintf("%s %d\n", holder, os.Getpid())), 0)
	return &Lock{f: f}, nil
}

func describe(who string) string {
	fields := strings.Fields(who)
	if len(fields) != 2 {
		return "another kopilka process"
	}
	return fmt.Sprintf("kopilka %s (process %s)", fields[0], fields[1])
}

// Release lets others take the lock.
func (l *Lock) Release() {
	if l == nil || l.f == nil {
		return
	}
	_ = unlock(l.f)
	_ = l.f.Close()
	l.f = nil
}
