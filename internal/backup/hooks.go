package backup

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// Hook ids: binding again replaces, so Register may run more than once.
const (
	createHookID  = "kopilkaBackupSignedManifest"
	restoreHookID = "kopilkaBackupVerifyRestore"
)

// Register makes every PocketBase backup of app — `kopilka backup`, the
// nightly ones, the dashboard's — carry a signed manifest, and makes the
// dashboard's restore refuse an archive that Check refuses. keyFile gives
// the key's path when a backup or restore starts (unless the backup's
// context names one, see Create); a backup creates the key there if there
// is none, a restore requires it.
func Register(app core.App, keyFile func() string) {
	app.OnBackupCreate().Bind(&hook.Handler[*core.BackupEvent]{Id: createHookID, Func: func(e *core.BackupEvent) error {
		path := ""
		if e.Context != nil {
			path, _ = e.Context.Value(keyFileKey{}).(string)
		}
		if path == "" {
			path = keyFile()
		}
		key, created, err := LoadOrCreateKey(path)
		if err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		if created {
			e.App.Logger().Warn("Created a new backup key; keep a copy apart from the backups", slog.String("path", path))
		}
		// The manifest is taken in the same transactions as PocketBase's
		// archive (nested transactions reuse them), so no write of this
		// process falls between the two; its writes wait until the archive
		// is stored (PocketBase alone lets them go before it uploads the
		// archive). Nothing may log in there: a log write would wait for
		// the auxiliary database this holds.
		orig := e.App
		defer func() { e.App = orig }()
		return orig.RunInTransaction(func(tx core.App) error {
			return tx.AuxRunInTransaction(func(tx core.App) error {
				_, _ = tx.DB().NewQuery("PRAGMA wal_checkpoint(TRUNCATE)").Execute()
				_, _ = tx.AuxDB().NewQuery("PRAGMA wal_checkpoint(TRUNCATE)").Execute()
				if err := writeSigned(tx, key, e.Exclude); err != nil {
					return fmt.Errorf("backup: %w", err)
				}
				e.App = tx
				return e.Next()
			})
		})
	}})

	app.OnBackupRestore().Bind(&hook.Handler[*core.BackupEvent]{Id: restoreHookID, Func: func(e *core.BackupEvent) error {
		if err := checkBeforeRestore(e, keyFile()); err != nil {
			return err
		}
		return e.Next()
	}})
}

// writeSigned writes the manifest of the data and its signature into the
// data folder.
func writeSigned(tx core.App, key []byte, exclude []string) error {
	m, err := take(tx, exclude)
	if err != nil {
		return err
	}
	m.Created = time.Now().UTC().Format(time.RFC3339)
	m.Databases = map[string]Digest{}
	for name, db := range map[string]dbx.Builder{"data.db": tx.DB(), "auxiliary.db": tx.AuxDB()} {
		d, err := DigestDB(db)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		m.Databases[name] = d
	}
	data, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	dir := tx.DataDir()
	if err := os.WriteFile(filepath.Join(dir, ManifestName), data, 0o644); err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, SignatureName), Sign(key, data), 0o644); err != nil {
		return fmt.Errorf("manifest signature: %w", err)
	}
	return nil
}

// checkBeforeRestore runs Check on the archive the dashboard is about to
// restore (fetched from S3 first if backups live there) and logs what the
// restore changes in accounts and consent.
func checkBeforeRestore(e *core.BackupEvent, keyPath string) error {
	key, err := LoadKey(keyPath)
	if err != nil {
		return fmt.Errorf("restore refused: %w", err)
	}
	tmp := filepath.Join(e.App.DataDir(), core.LocalTempDirName)
	if err := os.MkdirAll(tmp, os.ModePerm); err != nil {
		return err
	}
	archive := filepath.Join(e.App.DataDir(), core.LocalBackupsDirName, filepath.Base(e.Name))
	if e.App.Settings().Backups.S3.Enabled {
		if archive, err = download(e, tmp); err != nil {
			return err
		}
		defer os.Remove(archive)
	}
	dir := filepath.Join(tmp, "kopilka_check_"+randomName())
	defer os.RemoveAll(dir)
	c, err := Check(archive, dir, CheckOptions{Key: key, KeyPath: keyPath, Limits: DefaultLimits})
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	changes, err := AccountChanges(filepath.Join(e.App.DataDir(), "data.db"), filepath.Join(dir, "data.db"))
	if err != nil {
		changes = []string{"unknown: " + err.Error()}
	}
	e.App.Logger().Warn("Restoring a verified backup", slog.String("name", e.Name), slog.String("created", c.Manifest.Created),
		slog.String("accountsAndConsent", strings.Join(changes, "; ")))
	return nil
}

func download(e *core.BackupEvent, tmp string) (string, error) {
	fsys, err := e.App.NewBackupsFilesystem()
	if err != nil {
		return "", err
	}
	defer fsys.Close()
	fsys.SetContext(e.Context)
	r, err := fsys.GetReader(e.Name)
	if err != nil {
		return "", err
	}
	defer r.Close()
	f, err := os.CreateTemp(tmp, "kopilka_check_*.zip")
	if err != nil {
		return "", err
	}
	_, err = io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

func randomName() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

type keyFileKey struct{}

// Create makes a PocketBase backup named name (in pb_data/backups) and
// returns the archive's path; the hook of Register signs it with the key
// at keyPath.
func Create(ctx context.Context, app core.App, name, keyPath string) (string, error) {
	if name == "" {
		name = "kopilka_" + time.Now().UTC().Format("20060102_150405") + ".zip"
	}
	if err := app.CreateBackup(context.WithValue(ctx, keyFileKey{}, keyPath), name); err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	return filepath.Join(app.DataDir(), core.LocalBackupsDirName, name), nil
}
