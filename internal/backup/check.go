package backup

import (
	"archive/zip"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/kopilka/kopilka/internal/datalock"
)

// CheckOptions say how far Check trusts an archive.
type CheckOptions struct {
	// Key is the backup key; nil only with AllowUnsigned.
	Key []byte
	// KeyPath names the key's file in messages.
	KeyPath string
	// AllowUnsigned lets an archive without a valid signature through
	// (with warnings), for backups made before backups were signed. Its
	// content must still match its manifest.
	AllowUnsigned bool
	Limits        Limits
}

// Checked is what Check proved.
type Checked struct {
	Manifest Manifest // as the archive states it
	Got      Manifest // as the unpacked data is
	Signed   bool     // the signature verified with the key
	Warnings []string // what was not proven (only with AllowUnsigned)
}

// ErrRefused is matched (errors.Is) by every refusal of Check.
var ErrRefused = errors.New("refused")

type refusal struct {
	archive string
	err     error
}

func (r refusal) Error() string   { return r.archive + " refused: " + r.err.Error() }
func (r refusal) Unwrap() []error { return []error{ErrRefused, r.err} }

// Check unpacks archive into dir (which must not exist) within opts.Limits
// and proves it: the manifest's signature verifies with the key, and the
// unpacked data — every row of both databases, every file — matches the
// manifest. Thumbnails, which no manifest lists and which are made again
// on demand, are removed from dir, and so is the lock file of the process
// that held the folder when it was backed up. The caller removes dir when
// Check fails.
func Check(archive, dir string, opts CheckOptions) (Checked, error) {
	var c Checked
	refuse := func(format string, args ...any) (Checked, error) {
		err := fmt.Errorf(format, args...)
		return c, refusal{archive: archive, err: err}
	}
	st, err := os.Stat(archive)
	if err != nil {
		return c, err
	}
	zr, err := zip.OpenReader(archive)
	if err != nil {
		return refuse("not a readable zip archive: %v", err)
	}
	defer zr.Close()
	capBytes := opts.Limits.Cap(st.Size())
	if err := checkEntries(&zr.Reader, capBytes, opts.Limits); err != nil {
		return refuse("%w (allowed: %s for an archive of %s)", err, FormatSize(capBytes), FormatSize(st.Size()))
	}
	// no manifest lists these folders, as no backup holds them
	for _, f := range zr.File {
		top, _, _ := strings.Cut(f.Name, "/")
		for _, ex := range DefaultExclude {
			if top == ex {
				return refuse("entry %q is in %s/, which no backup holds", f.Name, ex)
			}
		}
	}

	manifest, err := readEntry(&zr.Reader, ManifestName, 64<<20)
	if err != nil {
		return refuse("%w", err)
	}
	if manifest == nil {
		return refuse("it has no %s: not a kopilka backup", ManifestName)
	}
	sig, err := readEntry(&zr.Reader, SignatureName, 64<<10)
	if err != nil {
		return refuse("%w", err)
	}
	switch {
	case sig == nil && !opts.AllowUnsigned:
		return refuse("it is not signed (no %s): it was made before backups were signed, or not by kopilka; if you know where it comes from, restore it with --unsigned", SignatureName)
	case sig == nil:
		c.Warnings = append(c.Warnings, "the archive is not signed: its origin is not proven")
	case opts.Key == nil:
		c.Warnings = append(c.Warnings, "no backup key: the signature was not checked")
	default:
		if err := Verify(opts.Key, manifest, sig); err != nil {
			if !opts.AllowUnsigned {
				return refuse("the signature does not verify with the backup key %s: %v", opts.KeyPath, err)
			}
			c.Warnings = append(c.Warnings, "the signature does not verify with the backup key "+opts.KeyPath+": "+err.Error())
		} else {
			c.Signed = true
		}
	}
	if err := json.Unmarshal(manifest, &c.Manifest); err != nil {
		return refuse("the manifest is unreadable: %v", err)
	}
	if c.Manifest.Version < ManifestVersion {
		if c.Signed {
			return refuse("a signed manifest of version %d: not made by this kopilka", c.Manifest.Version)
		}
		c.Warnings = append(c.Warnings, "the manifest predates database digests: the databases are checked by record counts and QR codes only, other files of the data folder not at all")
	} else {
		for _, name := range Databases {
			if _, ok := c.Manifest.Databases[name]; !ok {
				return refuse("the manifest has no digest of %s", name)
			}
		}
	}

	if err := unpack(&zr.Reader, dir, capBytes); errors.Is(err, ErrTooLarge) {
		return refuse("%w (allowed: %s for an archive of %s)", err, FormatSize(capBytes), FormatSize(st.Size()))
	} else if err != nil {
		return refuse("%w", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "data.db")); err != nil {
		return refuse("it has no data.db")
	}
	if err := removeThumbs(filepath.Join(dir, "storage")); err != nil {
		return c, err
	}
	if err := os.Remove(filepath.Join(dir, datalock.FileName)); err != nil && !os.IsNotExist(err) {
		return c, err
	}
	c.Got, err = TakeDir(dir)
	if err != nil {
		return refuse("%v", err)
	}
	if diff := Diff(c.Manifest, c.Got); len(diff) > 0 {
		return refuse("the backup does not match its manifest:\n%s", strings.Join(diff, "\n"))
	}
	return c, nil
}

// removeThumbs deletes the thumbnail folders under storage.
func removeThumbs(storage string) error {
	var thumbs []string
	err := filepath.WalkDir(storage, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == storage {
				return filepath.SkipDir
			}
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), "thumbs_") {
			thumbs = append(thumbs, p)
			return filepath.SkipDir
		}
		return nil
	})
	for _, p := range thumbs {
		if err == nil {
			err = os.RemoveAll(p)
		}
	}
	return err
}
