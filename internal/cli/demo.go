package cli

import (
	"fmt"
	"net"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/spf13/cobra"

	"github.com/kopilka/kopilka/internal/app"
	"github.com/kopilka/kopilka/internal/demo"
	"github.com/kopilka/kopilka/internal/ru"
)

func (c commands) demoCmd() *cobra.Command {
	var httpAddr string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Start the server with a built-in demo municipality and demo accounts (data in ./" + app.DemoDataDir + ")",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := c.prepare()
			if err != nil {
				return c.fail(err)
			}
			accounts, err := demo.Seed(c.app, opts)
			if err != nil {
				return c.fail(err)
			}
			base := "http://" + httpAddr
			if host, port, err := net.SplitHostPort(httpAddr); err == nil && (host == "" || host == "0.0.0.0") {
				base = "http://127.0.0.1:" + port
			}
			// the demo's links and QR codes point at the demo itself unless
			// a base URL was given
			if !c.cfg.Given["base-url"] {
				c.cfg.BaseURL = base
			}
			if !c.cfg.Given["municipality"] {
				c.cfg.Municipality = demo.Municipality
				// the commands run on the demo's folder name it too
				if err := c.cfg.Keep(c.app.DataDir(), "municipality"); err != nil {
					return c.fail(err)
				}
			}
			var b strings.Builder
			fmt.Fprintf(&b, "\nkopilka demo — data folder %s\n", c.app.DataDir())
			fmt.Fprintf(&b, "  public site: %s/  (built in a few seconds, rebuilt after every change)\n", base)
			fmt.Fprintf(&b, "  CMS:         %s/app/  (teachers, school editors, curators)\n", base)
			fmt.Fprintf(&b, "  REST API:   %s/api/\n", base)
			fmt.Fprintf(&b, "  dashboard:  %s/_/  (superuser)\n", base)
			fmt.Fprintf(&b, "\nDemo accounts (password %q):\n", demo.Password)
			for _, a := range accounts {
				role := "superuser (dashboard)"
				if l, ok := ru.Roles[a.Role]; ok {
					role = a.Role + " — " + l
				}
				fmt.Fprintf(&b, "  %-26s %s", a.Email, role)
				if a.Teacher != "" {
					fmt.Fprintf(&b, ", %s", a.Name)
				}
				b.WriteString("\n")
			}
			fmt.Fprintln(c.stdout, b.String())
			if err := apis.Serve(c.app, apis.ServeConfig{HttpAddr: httpAddr, ShowStartBanner: true}); err != nil {
				return c.fail(err)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&httpAddr, "http", "127.0.0.1:8090", "address to listen on")
	return cmd
}
