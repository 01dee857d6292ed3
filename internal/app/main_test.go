package app_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/kopilka/kopilka/internal/app"
	"github.com/kopilka/kopilka/internal/testkit"
)

// fixture is the template every test in this package clones.
var fixture *testkit.Fixture

func TestMain(m *testing.M) {
	f, err := testkit.Build(app.Register)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fixture = f
	code := m.Run()
	f.Close()
	os.Exit(code)
}
