// Package cli holds kopilka's own commands beside PocketBase's serve,
// superuser and migrate: import, export, demo, build, qr, certificate,
// backup, restore, publish, bench and onboard.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/config"
	"github.com/kopilka/kopilka/internal/datalock"
	"github.com/kopilka/kopilka/internal/interchange"
	"github.com/kopilka/kopilka/internal/memlimit"
	"github.com/kopilka/kopilka/internal/orphans"
	"github.com/kopilka/kopilka/internal/publish"
	"github.com/kopilka/kopilka/internal/sitegen"
	"github.com/kopilka/kopilka/internal/sitesettings"
)

// Commands makes kopilka's commands for app with the settings cfg; a
// command that fails sets *exitCode, since PocketBase's Execute does not
// pass errors on.
func Commands(app core.App, cfg *config.Config, stdout, stderr io.Writer, exitCode *int) []*cobra.Command {
	c := commands{app: app, cfg: cfg, stdout: stdout, stderr: stderr, exitCode: exitCode}
	return []*cobra.Command{c.importCmd(), c.exportCmd(), c.demoCmd(), c.buildCmd(), c.qrCmd(), c.certificateCmd(),
		c.backupCmd(), c.restoreCmd(), c.benchCmd(), c.publishCmd(), c.onboardCmd()}
}

// commands builds kopilka's own CLI commands. A command that fails sets
// exitCode, since PocketBase's Execute does not pass errors on.
type commands struct {
	app      core.App
	cfg      *config.Config
	stdout   io.Writer
	stderr   io.Writer
	exitCode *int
}

func (c commands) fail(err error) error {
	*c.exitCode = 1
	fmt.Fprintln(c.stderr, err)
	return nil
}

// prepare validates the settings and brings the database schema up to date.
func (c commands) prepare() (interchange.Options, error) {
	if err := c.cfg.Validate(); err != nil {
		return interchange.Options{}, err
	}
	loc, _ := c.cfg.Location()
	if err := c.app.RunAllMigrations(); err != nil {
		return interchange.Options{}, fmt.Errorf("migrate: %w", err)
	}
	if err := config.ApplyS3(c.app, c.cfg.S3); err != nil {
		return interchange.Options{}, err
	}
	return interchange.Options{TimeZone: loc}, nil
}

func (c commands) importCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "import DIR",
		Short: "Import a folder in the interchange format (all or nothing)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			// a server beside the import would keep serving what it has
			// in memory, and its writers would meet a locked database
			lock, err := datalock.Take(c.app.DataDir(), "import")
			if err != nil {
				return c.fail(fmt.Errorf("import: %w; stop the server first, then import and start it again", err))
			}
			defer lock.Release()
			opts, err := c.prepare()
			if err != nil {
				return c.fail(err)
			}
			// files of an import killed midway, whose records never committed
			removed, err := orphans.Sweep(c.app)
			if err != nil {
				return c.fail(fmt.Errorf("import: %w", err))
			}
			if len(removed) > 0 {
				fmt.Fprintf(c.stdout, "removed %d stored file(s) no record names (left by an interrupted save)\n", len(removed))
			}
			report, err := interchange.Import(c.app, args[0], opts)
			var probs interchange.Problems
			if errors.As(err, &probs) {
				fmt.Fprintln(c.stderr, probs.Error())
				return c.fail(fmt.Errorf("import: %d problem(s); nothing was written", len(probs)))
			}
			if err != nil {
				return c.fail(err)
			}
			printReport(c.stdout, report)
			return nil
		},
	}
}

func (c commands) exportCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "export DIR",
		Short: "Export every record and attachment to a folder in the interchange format",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := c.prepare()
			if err != nil {
				return c.fail(err)
			}
			if err := interchange.Export(c.app, args[0], opts); err != nil {
				return c.fail(err)
			}
			fmt.Fprintf(c.stdout, "exported to %s\n", args[0])
			return nil
		},
	}
}

func printReport(w io.Writer, r interchange.Report) {
	names := map[string]bool{}
	for k := range r.Created {
		names[k] = true
	}
	for k := range r.Updated {
		names[k] = true
	}
	sorted := make([]string, 0, len(names))
	for k := range names {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	for _, k := range sorted {
		fmt.Fprintf(w, "%-14s created %d, updated %d\n", k, r.Created[k], r.Updated[k])
	}
}

func (c commands) buildCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "build --out DIR",
		Short: "Build the public site from the data folder into DIR, without a server",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			memlimit.Apply()
			if _, err := c.prepare(); err != nil {
				return c.fail(err)
			}
			settings, err := sitesettings.From(*c.cfg)
			if err != nil {
				return c.fail(err)
			}
			if entries, err := os.ReadDir(out); err == nil {
				if len(entries) > 0 {
					return c.fail(fmt.Errorf("build: %s is not empty; give a new or empty folder", out))
				}
				if err := os.Remove(out); err != nil {
					return c.fail(fmt.Errorf("build: %w", err))
				}
			}
			site, err := publish.Snapshot(c.app, settings)
			if err != nil {
				return c.fail(err)
			}
			defer site.Close()
			// the QR images and event packs of the last build are kept for the next
			stats, err := sitegen.Build(site, sitegen.Options{Theme: kopilka.SiteTheme,
				Override: filepath.Join(c.app.DataDir(), "..", "pb_site"), Out: out, Log: c.stderr,
				Cache: filepath.Join(c.app.DataDir(), "..", "pb_public", ".cache")})
			if err != nil {
				return c.fail(err)
			}
			fmt.Fprintf(c.stdout, "built %d pages into %s in %s\n", stats.Pages, out, stats.Duration.Round(time.Millisecond))
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "site", "folder to write the site to")
	return cmd
}
