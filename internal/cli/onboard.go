package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/pocketbase/dbx"
	"github.com/spf13/cobra"

	"github.com/kopilka/kopilka/internal/csvsafe"
	"github.com/kopilka/kopilka/internal/datalock"
	"github.com/kopilka/kopilka/internal/onboard"
	"github.com/kopilka/kopilka/internal/orphans"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/sitesettings"
)

func (c commands) onboardCmd() *cobra.Command {
	var school, csvPath string
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "onboard DIR|FILE.zip --school SLUG [--dry-run] [--csv FILE]",
		Short: "Turn a school's folder of documents into drafts for review (all or nothing), with a report of what was guessed and skipped",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if school == "" {
				return c.fail(errors.New("onboard: give the school's slug with --school"))
			}
			// drafts written beside a running server would miss its caches,
			// as an import's would
			lock, err := datalock.Take(c.app.DataDir(), "onboard")
			if err != nil {
				return c.fail(fmt.Errorf("onboard: %w; stop the server first, then onboard and start it again", err))
			}
			defer lock.Release()
			if _, err := c.prepare(); err != nil {
				return c.fail(err)
			}
			if _, err := orphans.Sweep(c.app); err != nil {
				return c.fail(fmt.Errorf("onboard: %w", err))
			}
			org, err := c.app.FindFirstRecordByData(schema.Organizations, "slug", school)
			if err != nil {
				return c.fail(fmt.Errorf("onboard: no organization %q", school))
			}
			teachers, err := c.app.FindAllRecords(schema.Teachers, dbx.HashExp{"organization": org.Id})
			if err != nil {
				return c.fail(fmt.Errorf("onboard: teachers: %w", err))
			}
			materials, err := c.app.FindAllRecords(schema.Materials, dbx.HashExp{"organization": org.Id})
			if err != nil {
				return c.fail(fmt.Errorf("onboard: materials: %w", err))
			}
			bank, err := onboard.NewBank(c.app, teachers, materials)
			if err != nil {
				return c.fail(err)
			}
			entries, closeSource, err := onboardSource(args[0])
			if err != nil {
				return c.fail(fmt.Errorf("onboard: %w", err))
			}
			defer closeSource()
			// Ctrl+C or a stop cancels the run: the transaction rolls back
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			report, err := onboard.Analyze(ctx, entries, bank)
			if err != nil {
				return c.fail(fmt.Errorf("onboard: %w; nothing was written", err))
			}
			if !dryRun {
				err = onboard.Write(ctx, report, org.Id, onboard.AppTransactor(c.app))
				var save *onboard.SaveError
				if errors.As(err, &save) {
					fmt.Fprintln(c.stderr, save.Error())
					return c.fail(errors.New("onboard: a draft could not be saved; nothing was written"))
				}
				if err != nil {
					return c.fail(fmt.Errorf("onboard: %w; nothing was written", err))
				}
			}
			report.Print(c.stdout)
			if csvPath != "" {
				base := ""
				if settings, err := sitesettings.From(*c.cfg); err == nil {
					base = settings.BaseURL
				}
				if err := writeCSV(csvPath, report.Rows(base)); err != nil {
					return c.fail(fmt.Errorf("onboard: %w", err))
				}
			}
			done := "written"
			if dryRun {
				done = "nothing written (--dry-run)"
			}
			fmt.Fprintf(c.stdout, "onboard %s: %d draft(s), %d duplicate(s), %d refused, %d skipped; %s\n", school,
				report.Count(onboard.Draft), report.Count(onboard.Duplicate), report.Count(onboard.Refused), report.Count(onboard.Skipped), done)
			return nil
		},
	}
	cmd.Flags().StringVar(&school, "school", "", "slug of the school whose folder it is")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "only report what would become drafts")
	cmd.Flags().StringVar(&csvPath, "csv", "", "also write the report to FILE as CSV (semicolons, as Russian Excel reads it)")
	return cmd
}

// onboardSource lists the files of a folder, or of a ZIP archive of one;
// the archive stays open until the drafts are written.
func onboardSource(name string) ([]onboard.Entry, func(), error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, nil, err
	}
	if info.IsDir() {
		entries, err := onboard.ReadDir(name, onboard.DefaultLimits)
		return entries, func() {}, err
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	entries, err := onboard.ReadZip(f, info.Size(), onboard.DefaultLimits)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return entries, func() { f.Close() }, nil
}

// writeCSV writes rows as the CMS's CSV downloads are written: a BOM,
// semicolons, and no cell a spreadsheet could take for a formula.
func writeCSV(name string, rows [][]string) error {
	var buf bytes.Buffer
	buf.WriteString("\xef\xbb\xbf")
	w := csvsafe.NewWriter(&buf, ';')
	for _, row := range rows {
		if err := w.Write(row); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return os.WriteFile(name, buf.Bytes(), 0o644)
}
