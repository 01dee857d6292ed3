package backup

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Limits bound what unpacking an archive may write.
type Limits struct {
	// MaxBytes caps the unpacked total whatever the archive's size.
	MaxBytes int64
	// MaxRatio caps the unpacked total at MaxRatio × the archive's size
	// (0: no such cap) ...
	MaxRatio int64
	// ... but never below MinBytes, for the small, very compressible
	// archives of a nearly empty installation.
	MinBytes int64
	// MaxEntries caps the number of entries.
	MaxEntries int
}

// DefaultLimits suit any real installation: stored files (PDF, office
// documents, images) hardly compress, the databases by 3–10 times.
var DefaultLimits = Limits{MaxBytes: 10 << 30, MaxRatio: 20, MinBytes: 64 << 20, MaxEntries: 1_000_000}

// Cap is the unpacked total allowed for an archive of size bytes.
func (l Limits) Cap(size int64) int64 {
	c := l.MaxBytes
	if l.MaxRatio > 0 {
		r := int64(1 << 62)
		if size <= r/l.MaxRatio {
			r = max(l.MaxRatio*size, l.MinBytes)
		}
		if r < c {
			c = r
		}
	}
	return c
}

// ErrTooLarge is returned (wrapped) when an archive would unpack to more
// than its limits.
var ErrTooLarge = errors.New("too large to unpack")

// readEntry reads a small entry's content (nil when absent).
func readEntry(zr *zip.Reader, name string, max int64) ([]byte, error) {
	for _, f := range zr.File {
		if f.Name != name {
			continue
		}
		if f.UncompressedSize64 > uint64(max) {
			return nil, fmt.Errorf("%s: %d bytes, more than %d: %w", name, f.UncompressedSize64, max, ErrTooLarge)
		}
		r, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		defer r.Close()
		data, err := io.ReadAll(io.LimitReader(r, max+1))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if int64(len(data)) > max {
			return nil, fmt.Errorf("%s: more than %d bytes: %w", name, max, ErrTooLarge)
		}
		return data, nil
	}
	return nil, nil
}

// checkEntries refuses, from the central directory alone and before
// anything is written, an archive with too many entries, with more
// declared bytes than capBytes, with names that are not plain relative
// paths or that repeat, or with entries other than files and folders.
func checkEntries(zr *zip.Reader, capBytes int64, l Limits) error {
	if l.MaxEntries > 0 && len(zr.File) > l.MaxEntries {
		return fmt.Errorf("%d entries, more than %d: %w", len(zr.File), l.MaxEntries, ErrTooLarge)
	}
	seen := map[string]bool{}
	var total uint64
	for _, f := range zr.File {
		name := strings.TrimSuffix(f.Name, "/")
		if name == "" || strings.Contains(name, `\`) || path.IsAbs(name) || path.Clean(name) != name ||
			name == ".." || strings.HasPrefix(name, "../") {
			return fmt.Errorf("entry %q is not a plain relative path", f.Name)
		}
		if seen[name] {
			return fmt.Errorf("entry %q appears twice", f.Name)
		}
		seen[name] = true
		mode := f.Mode()
		if !mode.IsDir() && !mode.IsRegular() {
			return fmt.Errorf("entry %q is neither a file nor a folder (%s)", f.Name, mode.Type())
		}
		total += f.UncompressedSize64
		if total > uint64(capBytes) {
			return fmt.Errorf("the entries declare more than %s: %w", FormatSize(capBytes), ErrTooLarge)
		}
	}
	return nil
}

// unpack writes the archive's entries into dir (which must not exist),
// counting the bytes really written: an entry that inflates to more than it
// declared, or a total beyond capBytes, stops it at once. On error dir
// holds what was written so far; the caller removes it.
func unpack(zr *zip.Reader, dir string, capBytes int64) error {
	if err := os.Mkdir(dir, 0o755); err != nil {
		return err
	}
	left := capBytes
	for _, f := range zr.File {
		target := filepath.Join(dir, filepath.FromSlash(strings.TrimSuffix(f.Name, "/")))
		if f.Mode().IsDir() {
			if err := os.MkdirAll(target, 0o755); err != nil {
				return err
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		n, err := unpackFile(f, target, min(left, int64(min(f.UncompressedSize64, 1<<62))))
		left -= n
		if err != nil {
			return err
		}
	}
	return nil
}

// unpackFile writes at most max bytes of f to target.
func unpackFile(f *zip.File, target string, max int64) (int64, error) {
	src, err := f.Open()
	if err != nil {
		return 0, fmt.Errorf("entry %s: %w", f.Name, err)
	}
	defer src.Close()
	dst, err := os.OpenFile(target, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(dst, io.LimitReader(src, max))
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return n, fmt.Errorf("entry %s: %w", f.Name, err)
	}
	// one byte more than allowed means the entry is longer than it said
	// or than the cap left; at its true end the reader checks the CRC
	var one [1]byte
	switch k, err := io.ReadFull(src, one[:]); {
	case k > 0, err == zip.ErrFormat && n == max:
		// (archive/zip itself refuses to read past the declared size)
		return n, fmt.Errorf("entry %s inflates to more than %s: %w", f.Name, FormatSize(max), ErrTooLarge)
	case err != io.EOF:
		return n, fmt.Errorf("entry %s: %w", f.Name, err)
	}
	return n, nil
}

// FormatSize writes a byte count for people.
func FormatSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
