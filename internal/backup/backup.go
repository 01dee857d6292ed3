// Package backup makes and restores whole-installation backups (PocketBase
// archives of the data folder) and proves a restore by origin and content:
// every backup carries a manifest — record counts, QR codes, file checksums
// and a digest of every row of both databases — signed with a key kept
// outside the data folder, and the restored data must match it exactly.
package backup

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/datalock"
	"github.com/kopilka/kopilka/internal/schema"
)

// ManifestName is the manifest's file name inside the data folder and so
// inside every backup.
const ManifestName = "kopilka-manifest.json"

// ManifestVersion 2 adds the databases' digests and the other files of the
// data folder; version 0 manifests (no version field) have neither.
const ManifestVersion = 2

// Manifest describes the content of an installation.
type Manifest struct {
	Version   int               `json:"version,omitempty"`
	Created   string            `json:"created,omitempty"` // UTC, RFC 3339
	Records   map[string]int    `json:"records"`           // collection → count
	QRCodes   string            `json:"qr_codes"`          // sha256 of the sorted code registry
	Files     map[string]string `json:"files"`             // storage path → sha256
	Other     map[string]string `json:"other"`             // any other file of the data folder → sha256
	Databases map[string]Digest `json:"databases,omitempty"`
}

// DefaultExclude are the folders of a data folder that PocketBase leaves
// out of its backups.
var DefaultExclude = []string{core.LocalBackupsDirName, core.LocalTempDirName, core.LocalNotifyDirName,
	core.LocalAutocertCacheDirName, "lost+found"}

// ownFiles are the data folder's files that the manifest does not list by
// checksum: the databases (digested by content instead), the manifest and
// signature themselves, and the lock file of the process that holds the
// folder (Check removes it from a restored copy).
var ownFiles = map[string]bool{
	"data.db": true, "data.db-wal": true, "data.db-shm": true,
	"auxiliary.db": true, "auxiliary.db-wal": true, "auxiliary.db-shm": true,
	ManifestName: true, SignatureName: true, datalock.FileName: true,
}

// Take describes app's content now, but for the databases' digests (see
// TakeDir and DigestDB).
func Take(app core.App) (Manifest, error) {
	return take(app, DefaultExclude)
}

func take(app core.App, exclude []string) (Manifest, error) {
	m := Manifest{Version: ManifestVersion, Records: map[string]int{}, Files: map[string]string{}, Other: map[string]string{}}
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
	if err != nil {
		return m, fmt.Errorf("manifest: %w", err)
	}
	root := app.DataDir()
	skip := map[string]bool{"storage": true}
	for _, e := range exclude {
		skip[filepath.ToSlash(filepath.Clean(e))] = true
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if skip[rel] {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || ownFiles[rel] {
			return nil
		}
		h, err := fileSum(p)
		if err != nil {
			return err
		}
		m.Other[rel] = h
		return nil
	})
	if err != nil {
		return m, fmt.Errorf("manifest: %w", err)
	}
	return m, nil
}

// TakeDir describes the data folder dir, the databases' digests included;
// it digests the databases before it opens dir as an app, whose start may
// write to them.
func TakeDir(dir string) (Manifest, error) {
	dbs := map[string]Digest{}
	for _, name := range Databases {
		d, err := DigestFile(filepath.Join(dir, name))
		if err != nil {
			return Manifest{}, fmt.Errorf("%s: %w", name, err)
		}
		dbs[name] = d
	}
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir})
	if err := app.Bootstrap(); err != nil {
		return Manifest{}, fmt.Errorf("open the data: %w", err)
	}
	defer app.ResetBootstrapState()
	m, err := Take(app)
	m.Databases = dbs
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
	out = append(out, diffFiles(want.Files, got.Files)...)
	if want.Version >= 2 {
		out = append(out, diffFiles(want.Other, got.Other)...)
	}
	for name, d := range want.Databases {
		g, ok := got.Databases[name]
		if !ok {
			out = append(out, name+": not digested")
			continue
		}
		out = append(out, diffDigest(name, d, g)...)
	}
	sort.Strings(out)
	return out
}

// diffFiles lists the files missing, changed or unexpected in got, both
// mapping a path to its checksum.
func diffFiles(want, got map[string]string) []string {
	var out []string
	for p, h := range want {
		switch g, ok := got[p]; {
		case !ok:
			out = append(out, "missing file "+p)
		case g != h:
			out = append(out, "changed file "+p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			out = append(out, "unexpected file "+p)
		}
	}
	return out
}
