//go:build !unix

package datalock

import (
	"errors"
	"os"
)

// Where flock does not exist, the lock is advisory only: nothing is held.
var errWouldBlock = errors.New("would block")

func lock(*os.File) error   { return nil }
func unlock(*os.File) error { return nil }
