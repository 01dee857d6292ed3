package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kopilka/kopilka/internal/backup"
	"github.com/kopilka/kopilka/internal/datalock"
)

const keyFlagHelp = "the backup key file (default $" + backup.KeyFileEnv + ", else " + backup.KeyFileName + " beside the data folder)"

func (c commands) backupCmd() *cobra.Command {
	var name, keyFlag string
	cmd := &cobra.Command{
		Use:   "backup [--name FILE.zip] [--backup-key FILE]",
		Short: "Back up the whole data folder (records, files, settings) with a signed manifest that proves a restore",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := c.prepare(); err != nil {
				return c.fail(err)
			}
			keyPath := backup.KeyPath(c.app.DataDir(), keyFlag)
			key, created, err := backup.LoadOrCreateKey(keyPath)
			if err != nil {
				return c.fail(err)
			}
			if created {
				fmt.Fprintf(c.stdout, "created a new backup key %s: keep a copy apart from the backups (a password manager, another machine); restores need it\n", keyPath)
			}
			fmt.Fprintf(c.stdout, "signing with the backup key %s (key id %s)\n", keyPath, backup.KeyID(key))
			path, err := backup.Create(context.Background(), c.app, name, keyPath)
			if err != nil {
				return c.fail(err)
			}
			fmt.Fprintf(c.stdout, "backup written to %s\n", path)
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "archive name in pb_data/backups (default kopilka_<time>.zip)")
	cmd.Flags().StringVar(&keyFlag, "backup-key", "", keyFlagHelp+"; made if missing")
	return cmd
}

// restoreOptions are the restore command's flags.
type restoreOptions struct {
	keyFlag     string
	unsigned    bool
	maxUnpacked string
	maxRatio    int64
	maxEntries  int
}

func (c commands) restoreCmd() *cobra.Command {
	var o restoreOptions
	cmd := &cobra.Command{
		Use:   "restore ARCHIVE.zip [--backup-key FILE] [--unsigned]",
		Short: "Replace the data folder with a backup, after checking its signature and its content against its manifest (stop the server first)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			limits := backup.DefaultLimits
			maxBytes, err := parseSize(o.maxUnpacked)
			if err != nil {
				return c.fail(fmt.Errorf("restore: --max-unpacked: %w", err))
			}
			limits.MaxBytes, limits.MaxRatio, limits.MaxEntries = maxBytes, o.maxRatio, o.maxEntries
			summary, err := restore(c.app.DataDir(), args[0], backup.KeyPath(c.app.DataDir(), o.keyFlag), o.unsigned, limits, c.stdout, c.stderr)
			if err != nil {
				return c.fail(err)
			}
			fmt.Fprintln(c.stdout, summary)
			return nil
		},
	}
	cmd.Flags().StringVar(&o.keyFlag, "backup-key", "", keyFlagHelp)
	cmd.Flags().BoolVar(&o.unsigned, "unsigned", false, "restore an archive whose signature is missing or does not verify (backups made before backups were signed); its content is still checked against its manifest")
	cmd.Flags().StringVar(&o.maxUnpacked, "max-unpacked", "10GiB", "refuse an archive that unpacks to more than this")
	cmd.Flags().Int64Var(&o.maxRatio, "max-ratio", backup.DefaultLimits.MaxRatio, "refuse an archive that unpacks to more than this many times its size (but allow 64 MiB); 0: no such limit")
	cmd.Flags().IntVar(&o.maxEntries, "max-entries", backup.DefaultLimits.MaxEntries, "refuse an archive with more entries than this")
	return cmd
}

// restore unpacks archive beside dataDir, proves the copy by its signed
// manifest, prints what it changes in accounts and consent, and only then
// puts it in place; the old folder is kept beside it. On any refusal the
// data folder is left untouched.
func restore(dataDir, archive, keyPath string, unsigned bool, limits backup.Limits, stdout, stderr io.Writer) (string, error) {
	dataDir = filepath.Clean(dataDir)
	key, err := backup.LoadKey(keyPath)
	switch {
	case errors.Is(err, backup.ErrNoKey) && !unsigned:
		return "", fmt.Errorf("restore: %w, so the origin of %s cannot be checked; nothing changed. Give the key made with the backups (--backup-key FILE or $%s), or --unsigned to restore without checking where the archive comes from", err, archive, backup.KeyFileEnv)
	case errors.Is(err, backup.ErrNoKey):
		key = nil
	case err != nil:
		return "", fmt.Errorf("restore: %w; nothing changed", err)
	}
	if _, err := os.Stat(dataDir); err == nil {
		// the server would go on with the replaced folder's files open
		lock, err := datalock.Take(dataDir, "restore")
		if err != nil {
			return "", fmt.Errorf("restore: %w; stop the server first; nothing changed", err)
		}
		defer lock.Release()
	}
	stamp := time.Now().UTC().Format("20060102_150405")
	tmp := unused(dataDir + ".restore-" + stamp)
	checked, err := backup.Check(archive, tmp, backup.CheckOptions{Key: key, KeyPath: keyPath, AllowUnsigned: unsigned, Limits: limits})
	if err != nil {
		os.RemoveAll(tmp)
		hint := ""
		if errors.Is(err, backup.ErrTooLarge) {
			hint = " (see --max-unpacked, --max-ratio, --max-entries)"
		}
		return "", fmt.Errorf("restore: %w%s\nnothing changed", err, hint)
	}
	for _, w := range checked.Warnings {
		fmt.Fprintf(stderr, "WARNING: %s: %s\n", archive, w)
	}
	if checked.Signed {
		fmt.Fprintf(stdout, "%s: signed with the backup key %s (key id %s), made %s\n", archive, keyPath, backup.KeyID(key), orUnknown(checked.Manifest.Created))
	}

	changes, err := backup.AccountChanges(filepath.Join(dataDir, "data.db"), filepath.Join(tmp, "data.db"))
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "WARNING: cannot compare accounts and consent with the current data (%v)\n", err)
	case len(changes) == 0:
		fmt.Fprintln(stdout, "accounts and consent: the restore changes nothing")
	default:
		fmt.Fprintf(stdout, "accounts and consent: what the restore changes (%d)\n", len(changes))
		const shown = 100
		for i, l := range changes {
			if i == shown {
				fmt.Fprintf(stdout, "  … and %d more\n", len(changes)-shown)
				break
			}
			fmt.Fprintln(stdout, "  "+l)
		}
	}

	kept := unused(dataDir + ".before-restore-" + stamp)
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
	for _, n := range checked.Got.Records {
		records += n
	}
	what := "restored and verified"
	if !checked.Signed {
		what = "restored WITHOUT PROOF OF ORIGIN (--unsigned); content checked against its manifest"
	}
	return fmt.Sprintf("%s: %d records, %d files, QR codes match; the previous data is in %s", what, records, len(checked.Got.Files), kept), nil
}

// unused is path, or path with a number appended when it exists (two
// restores within a second).
func unused(path string) string {
	p := path
	for i := 2; ; i++ {
		if _, err := os.Lstat(p); os.IsNotExist(err) {
			return p
		}
		p = fmt.Sprintf("%s-%d", path, i)
	}
}

func orUnknown(s string) string {
	if s == "" {
		return "at an unknown time"
	}
	return s
}

// parseSize reads a byte count: a number with an optional unit B, KB, MB,
// GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024).
func parseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	units := []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
		{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12}, {"B", 1}}
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(strings.ToUpper(t), strings.ToUpper(u.suffix)) {
			t, mult = strings.TrimSpace(t[:len(t)-len(u.suffix)]), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("%q is not a size such as 10GiB or 500MB", s)
	}
	return n * mult, nil
}
