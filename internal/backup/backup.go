// Package backup makes and restores whole-installation backups (PocketBase
// archives of the data folder) and proves a restore by content: a manifest
// of record counts, QR codes and file checksums taken at backup time must
// match the restored data exactly.
package backup

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/schema"
)

// ManifestName is the manifest's file name inside the data folder and so
// inside every backup.
const ManifestName = "kopilka-manifest.json"

// Manifest describes the content of an installation.
type Manifest struct {
	Records map[string]int    `json:"records"`  // collection → count
	QRCodes string            `json:"qr_codes"` // sha256 of the sorted code registry
	Files   map[string]string `json:"files"`    // storage path → sha256
}

// Take describes app's content now.
func Take(app core.App) (Manifest, error) {
	m := Manifest{Records: map[string]int{}, Files: map[string]string{}}
	for _, c := range schema.Collections {
		n, err := app.CountRecords(c)
		if err != nil {
			return m, fmt.Errorf("manifest: count %s: %w", c, err)
		}
		m.Records[c] = int(n)
	}
	var codes []string
	rows, err := app.FindAllRecords(schema.QRCodes)
	if err != nil {
		return m, fmt.Errorf("manifest: qr codes: %w", err)
	}
	for _, r := range rows {
		codes = append(codes, fmt.Sprintf("%s %s %s %v", r.GetString("code"), r.GetString("target_collection"), r.GetString("target_id"), r.GetBool("retired")))
	}
	sort.Strings(codes)
	sum := sha256.Sum256([]byte(strings.Join(codes, "\n")))
	m.QRCodes = hex.EncodeToString(sum[:])
	storage := filepath.Join(app.DataDir(), "storage")
	err = filepath.WalkDir(storage, func(p string, d fs.DirEntry, err error) error {
		if os.IsNotExist(err) && p == storage {
			return filepath.SkipDir
		}
		if err != nil || d.IsDir() {
			return err
		}
		if strings.Contains(p, string(filepath.Separator)+"thumbs_") {
			return nil // thumbnails are made again on demand
		}
		rel, _ := filepath.Rel(storage, p)
		h, err := fileSum(p)
		if err != nil {
			return err
		}
		m.Files[filepath.ToSlash(rel)] = h
		return nil
	})
	return m, err
}

func fileSum(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Diff lists how got differs from want; empty when they match.
func Diff(want, got Manifest) []string {
	var out []string
	for c, n := range want.Records {
		if got.Records[c] != n {
			out = append(out, fmt.Sprintf("%s: %d records, expected %d", c, got.Records[c], n))
		}
	}
	if want.QRCodes != got.QRCodes {
		out = append(out, "the QR code registry differs")
	}
	for p, h := range want.Files {
		switch g, ok := got.Files[p]; {
		case !ok:
			out = append(out, "missing file "+p)
		case g != h:
			out = append(out, "changed file "+p)
		}
	}
	for p := range got.Files {
		if _, ok := want.Files[p]; !ok {
			out = append(out, "unexpected file "+p)
		}
	}
	sort.Strings(out)
	return out
}

// Create writes the manifest into the data folder and makes a PocketBase
// backup named name (in pb_data/backups); it returns the archive's path.
func Create(ctx context.Context, app core.App, name string) (string, error) {
	m, err := Take(app)
	if err != nil {
		return "", err
	}
	data, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(app.DataDir(), ManifestName), data, 0o644); err != nil {
		return "", fmt.Errorf("backup: manifest: %w", err)
	}
	if name == "" {
		name = "kopilka_" + time.Now().UTC().Format("20060102_150405") + ".zip"
	}
	if err := app.CreateBackup(ctx, name); err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	return filepath.Join(app.DataDir(), core.LocalBackupsDirName, name), nil
}

// Extract unpacks an archive into dir (which must not exist), refusing
// entries that would leave it.
func Extract(archive, dir string) error {
	zr, err := zip.OpenReader(archive)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer zr.Close()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range zr.File {
		target := filepath.Join(dir, filepath.FromSlash(f.Name))
		if !strings.HasPrefix(target, filepath.Clean(dir)+string(filepath.Separator)) {
			return fmt.Errorf("restore: entry %q leaves the folder", f.Name)
		}
		if f.FileInfo().IsDir() {
			if err := os.MkdirAll(target, 0o755); err != nil {
				return err
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		src, err := f.Open()
		if err != nil {
			return err
		}
		dst, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
		if err != nil {
			src.Close()
			return err
		}
		_, err = io.Copy(dst, src)
		src.Close()
		if cerr := dst.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// ReadManifest reads the manifest stored in a data folder.
func ReadManifest(dataDir string) (Manifest, error) {
	var m Manifest
	data, err := os.ReadFile(filepath.Join(dataDir, ManifestName))
	if err != nil {
		return m, fmt.Errorf("restore: the backup has no manifest: %w", err)
	}
	return m, json.Unmarshal(data, &m)
}
