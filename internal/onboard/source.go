package onboard

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"golang.org/x/text/encoding/charmap"

	"github.com/kopilka/kopilka/internal/ru"
)

// LimitError refuses a whole folder or archive: too many files, too much
// data. Its message is for people.
type LimitError struct{ Message string }

func (e *LimitError) Error() string { return e.Message }

// entryError refuses one file when it is read: a reason for people.
type entryError struct{ reason string }

func (e *entryError) Error() string { return e.reason }

// ReadDir lists the files under dir for Analyze. Symbolic links are
// listed and not followed; folders nested deeper than limits.MaxDepth are
// not entered. A folder of more files, or more data, than limits allow is
// refused whole with a *LimitError.
func ReadDir(dir string, limits Limits) ([]Entry, error) {
	// a folder given by a link is the folder it names
	if resolved, err := filepath.EvalSymlinks(dir); err == nil {
		dir = resolved
	}
	var entries []Entry
	var total int64
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("onboard: %w", err)
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == "." {
			return nil
		}
		depth := strings.Count(rel, "/")
		if d.IsDir() {
			if depth >= limits.MaxDepth {
				entries = append(entries, Entry{Path: rel + "/", Outcome: Skipped, Reason: fmt.Sprintf(ru.OnboardTooDeep, limits.MaxDepth)})
				return fs.SkipDir
			}
			return nil
		}
		if len(entries) >= limits.MaxFiles {
			return &LimitError{fmt.Sprintf(ru.OnboardTooManyFiles, limits.MaxFiles)}
		}
		if !d.Type().IsRegular() {
			entries = append(entries, Entry{Path: rel, Outcome: Skipped, Reason: ru.OnboardLink})
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return fmt.Errorf("onboard: %w", err)
		}
		total += info.Size()
		if total > limits.MaxTotalBytes {
			return &LimitError{fmt.Sprintf(ru.OnboardTooMuchData, limits.MaxTotalBytes>>20)}
		}
		full := p
		max := limits.MaxFileBytes
		entries = append(entries, Entry{Path: rel, Size: info.Size(), open: func() ([]byte, error) {
			f, err := os.Open(full)
			if err != nil {
				return nil, err
			}
			defer f.Close()
			data, err := io.ReadAll(io.LimitReader(f, max+1))
			if err != nil {
				return nil, err
			}
			if int64(len(data)) > max {
				return nil, &entryError{fmt.Sprintf(ru.OnboardTooLarge, max>>20)}
			}
			return data, nil
		}})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return entries, nil
}

// ReadZip lists the files of a ZIP archive for Analyze, unpacking
// nothing yet. The archive is refused whole with a *LimitError when it
// holds more files than limits.MaxFiles or claims to unpack to more than
// limits.MaxTotalBytes; each file is unpacked only when read, to at most
// the size its header claims and limits.MaxFileBytes, so a header that
// lies unpacks no further (a zip bomb). A name that leaves the archive
// («../../x.docx», an absolute path) is refused, never followed: nothing
// is ever written to disk. Names an archiver of Russian Windows wrote in
// the DOS code page (CP866) are read as such. Archives inside are files
// like any other, not opened.
func ReadZip(r io.ReaderAt, size int64, limits Limits) ([]Entry, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, &LimitError{ru.OnboardNotZip}
	}
	files := 0
	var total uint64
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/") {
			continue
		}
		files++
		if files > limits.MaxFiles {
			return nil, &LimitError{fmt.Sprintf(ru.OnboardTooManyFiles, limits.MaxFiles)}
		}
		if f.UncompressedSize64 > uint64(limits.MaxTotalBytes) {
			return nil, &LimitError{fmt.Sprintf(ru.OnboardTooMuchData, limits.MaxTotalBytes>>20)}
		}
		total += f.UncompressedSize64
		if total > uint64(limits.MaxTotalBytes) {
			return nil, &LimitError{fmt.Sprintf(ru.OnboardTooMuchData, limits.MaxTotalBytes>>20)}
		}
	}
	var entries []Entry
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/") {
			continue
		}
		name := zipName(f)
		e := Entry{Path: name, Size: int64(min(f.UncompressedSize64, 1<<62))}
		clean, ok := insideArchive(name)
		switch {
		case !ok:
			e.Outcome, e.Reason = Refused, ru.OnboardPathLeaves
		case strings.Count(clean, "/") > limits.MaxDepth:
			e.Outcome, e.Reason = Skipped, fmt.Sprintf(ru.OnboardTooDeep, limits.MaxDepth)
		case f.Flags&0x1 != 0:
			e.Outcome, e.Reason = Refused, ru.OnboardZipEncrypted
		case f.Mode()&fs.ModeSymlink != 0:
			e.Outcome, e.Reason = Skipped, ru.OnboardLink
		default:
			e.Path = clean
			e.open = zipOpener(f, limits.MaxFileBytes)
		}
		entries = append(entries, e)
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].Path < entries[j].Path })
	return entries, nil
}

// zipName is an entry's name as its author wrote it: UTF-8, or CP866
// when the archiver wrote the DOS code page, backslashes as slashes.
func zipName(f *zip.File) string {
	name := f.Name
	if f.NonUTF8 && !utf8.ValidString(name) {
		if decoded, err := charmap.CodePage866.NewDecoder().String(name); err == nil {
			name = decoded
		}
	}
	return strings.ToValidUTF8(strings.ReplaceAll(name, `\`, "/"), "\ufffd")
}

// insideArchive is a name as a path inside the archive, or false when it
// would leave it: an absolute path, a drive, or «..».
func insideArchive(name string) (string, bool) {
	if strings.HasPrefix(name, "/") || (len(name) >= 2 && name[1] == ':') {
		return "", false
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == ".." {
			return "", false
		}
	}
	clean := path.Clean(name)
	if clean == "." || strings.HasPrefix(clean, "../") {
		return "", false
	}
	return clean, true
}

// zipOpener unpacks one entry, to no more than it claims nor than max.
func zipOpener(f *zip.File, max int64) func() ([]byte, error) {
	return func() ([]byte, error) {
		claimed := int64(min(f.UncompressedSize64, uint64(max)+1))
		if claimed > max {
			return nil, &entryError{fmt.Sprintf(ru.OnboardTooLarge, max>>20)}
		}
		if f.Method != zip.Store && f.Method != zip.Deflate {
			return nil, &entryError{ru.OnboardZipBroken}
		}
		// archive/zip checks the checksum, and refuses a file that unpacks
		// to more than its header claims
		r, err := f.Open()
		if err != nil {
			return nil, &entryError{ru.OnboardZipBroken}
		}
		defer r.Close()
		data, err := io.ReadAll(io.LimitReader(r, claimed+1))
		if err != nil {
			return nil, &entryError{ru.OnboardZipBroken}
		}
		if int64(len(data)) != int64(f.UncompressedSize64) {
			return nil, &entryError{ru.OnboardZipBroken}
		}
		return data, nil
	}
}

// problemsOf turns a failed save into problems located at the fields it
// names.
func problemsOf(p string, err error) []Problem {
	var verrs validation.Errors
	if errors.As(err, &verrs) {
		keys := make([]string, 0, len(verrs))
		for k := range verrs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make([]Problem, 0, len(keys))
		for _, k := range keys {
			out = append(out, Problem{Path: p, Field: k, Reason: verrs[k].Error()})
		}
		return out
	}
	return []Problem{{Path: p, Reason: err.Error()}}
}
