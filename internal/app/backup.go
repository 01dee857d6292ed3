package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"github.com/kopilka/kopilka/internal/backup"
)

func (c commands) backupCmd() *cobra.Command {
	var name string
	cmd := &cobra.Command{
		Use:   "backup [--name FILE.zip]",
		Short: "Back up the whole data folder (records, files, settings) with a manifest that proves a restore",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := c.prepare(); err != nil {
				return c.fail(err)
			}
			path, err := backup.Create(context.Background(), c.app, name)
			if err != nil {
				return c.fail(err)
			}
			fmt.Fprintf(c.stdout, "backup written to %s\n", path)
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "archive name in pb_data/backups (default kopilka_<time>.zip)")
	return cmd
}

func (c commands) restoreCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "restore ARCHIVE.zip",
		Short: "Replace the data folder with a backup, after checking its content against its manifest (stop the server first)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			summary, err := restore(c.app.DataDir(), args[0])
			if err != nil {
				return c.fail(err)
			}
			fmt.Fprintln(c.stdout, summary)
			return nil
		},
	}
}

// restore unpacks archive beside dataDir, proves the copy by its manifest,
// and only then puts it in place; the old folder is kept beside it.
func restore(dataDir, archive string) (string, error) {
	dataDir = filepath.Clean(dataDir)
	stamp := time.Now().UTC().Format("20060102_150405")
	tmp := dataDir + ".restore-" + stamp
	if err := backup.Extract(archive, tmp); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	want, err := backup.ReadManifest(tmp)
	if err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	check := core.NewBaseApp(core.BaseAppConfig{DataDir: tmp})
	if err := check.Bootstrap(); err != nil {
		os.RemoveAll(tmp)
		return "", fmt.Errorf("restore: open the backup: %w", err)
	}
	got, err := backup.Take(check)
	_ = check.ResetBootstrapState()
	if err != nil {
		os.RemoveAll(tmp)
		return "", fmt.Errorf("restore: %w", err)
	}
	if diff := backup.Diff(want, got); len(diff) > 0 {
		os.RemoveAll(tmp)
		return "", fmt.Errorf("restore: the backup does not match its manifest; nothing changed:\n%s", strings.Join(diff, "\n"))
	}
	kept := dataDir + ".before-restore-" + stamp
	if _, err := os.Stat(dataDir); err == nil {
		if err := os.Rename(dataDir, kept); err != nil {
			os.RemoveAll(tmp)
			return "", fmt.Errorf("restore: %w", err)
		}
	}
	if err := os.Rename(tmp, dataDir); err != nil {
		_ = os.Rename(kept, dataDir)
		return "", fmt.Errorf("restore: %w", err)
	}
	records := 0
	for _, n := range got.Records {
		records += n
	}
	return fmt.Sprintf("restored and verified: %d records, %d files, QR codes match; the previous data is in %s", records, len(got.Files), kept), nil
}
