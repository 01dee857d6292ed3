package app_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/kopilka/kopilka/internal/app"
	"github.com/kopilka/kopilka/internal/cli"
	"github.com/kopilka/kopilka/internal/testkit"
)

// fixture is the template every test in this package clones.
var fixture *testkit.Fixture

func TestMain(m *testing.M) {
	// the test binary doubles as kopilka, for tests that kill it midway
	if args := os.Getenv("KOPILKA_TEST_MAIN"); args != "" {
		os.Args = append([]string{"kopilka"}, strings.Split(args, "\x1f")...)
		os.Exit(app.Run(os.Args[1:], os.Stdout, os.Stderr, cli.Commands))
	}
	f, err := testkit.Build(app.RegisterDefault)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fixture = f
	code := m.Run()
	f.Close()
	os.Exit(code)
}
