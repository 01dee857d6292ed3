// Command kopilka is the methodical bank of a municipal methodical service:
// a PocketBase server with kopilka's schema and rules, and the commands
// import, export and demo.
package main

import (
	"os"
	_ "time/tzdata" // events carry IANA zones; a bare server may lack zoneinfo

	"github.com/kopilka/kopilka/internal/app"
	"github.com/kopilka/kopilka/internal/cli"
)

func main() {
	os.Exit(app.Run(os.Args[1:], os.Stdout, os.Stderr, cli.Commands))
}
