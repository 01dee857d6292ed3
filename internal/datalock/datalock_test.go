package datalock

import (
	"errors"
	"strings"
	"testing"
)

func TestASecondHolderIsRefusedUntilTheFirstReleases(t *testing.T) {
	dir := t.TempDir()
	serve, err := Take(dir, "serve")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Take(dir, "import")
	if !errors.Is(err, ErrHeld) || !strings.Contains(err.Error(), "kopilka serve (process ") {
		t.Fatalf("second take: %v, want ErrHeld naming the server", err)
	}
	serve.Release()
	imp, err := Take(dir, "import")
	if err != nil {
		t.Fatalf("take after release: %v", err)
	}
	imp.Release()
}
