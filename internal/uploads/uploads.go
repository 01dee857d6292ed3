// Package uploads checks uploaded files beyond their type: office
// documents must carry no macros and unpack to a sane size, images must not
// be absurdly large, and a file's extension must be on the allowlist of
// attachment formats and match its content. The type itself is also checked
// by content against each file field's list of types. The same allowlist
// decides the Content-Type every attachment is served with.
package uploads

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"image"
	_ "image/gif"  // register decoders for DecodeConfig
	_ "image/jpeg" // …
	_ "image/png"  // …
	"io"
	"path"
	"sort"
	"strings"

	"github.com/gabriel-vasile/mimetype"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/richardlehane/mscfb"
	_ "golang.org/x/image/webp" // …

	validation "github.com/pocketbase/ozzo-validation/v4"

	"github.com/kopilka/kopilka/internal/filename"
	"github.com/kopilka/kopilka/internal/httpsec"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// MaxPixels bounds an uploaded image: decoding a bigger one could take the
// server's memory.
const MaxPixels = 40_000_000

// Limits of what an archive-based document (.docx, .xlsx, .pptx, .odt,
// .ods, .odp) may unpack to; beyond them it is a zip bomb, not a document.
// Real documents are far inside: those in testdata unpack to at most 3.5 MB
// from at most 85 parts, at most 5.5 bytes unpacked per byte of the file
// (26 to 1 for their most compressible part, XML). A document at the 50 MB
// upload limit unpacks to a few hundred MB at most, and a big presentation
// has a few thousand parts. Deflate packs zeros about 1000 to 1.
const (
	MaxUnpacked = 500 << 20 // bytes, all parts together
	MaxParts    = 10_000
	// MaxRatio bounds the bytes unpacked per byte of the file, for a file
	// that unpacks to more than RatioFrom (smaller ones harm nobody).
	MaxRatio  = 100
	RatioFrom = 10 << 20
)

// ErrMacros, ErrTooManyPixels and ErrBrokenImage are the refusals.
var (
	ErrMacros        = errors.New(ru.UploadMacros)
	ErrTooManyPixels = errors.New(ru.UploadTooManyPixels)
	ErrBrokenImage   = errors.New(ru.UploadBrokenImage)
	ErrNotOffice     = errors.New(ru.UploadNotOffice)
	ErrEncrypted     = errors.New(ru.UploadEncrypted)
	ErrArchiveBomb   = errors.New(ru.UploadArchiveBomb)
	// ErrExtension and ErrMismatch are wrapped in errors that name the
	// extension: see CheckType.
	ErrExtension = errors.New("the extension is not on the allowlist")
	ErrMismatch  = errors.New("the content is not of the type its extension names")
)

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Check inspects one file's content.
func Check(data []byte) error {
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return nil // not a readable zip: the type check has had its say
		}
		if err := checkSizes(zr, len(data)); err != nil {
			return err
		}
		for _, f := range zr.File {
			name := strings.ToLower(f.Name)
			if strings.HasSuffix(name, "vbaproject.bin") || strings.HasSuffix(name, "vbadata.xml") || strings.Contains(name, "/activex/") {
				return ErrMacros
			}
			// OpenDocument keeps LibreOffice Basic in Basic/ and Python,
			// JavaScript and BeanShell scripts in Scripts/
			if (strings.HasPrefix(name, "basic/") || strings.HasPrefix(name, "scripts/")) && !strings.HasSuffix(name, "/") {
				return ErrMacros
			}
		}
		return checkUnpacked(zr)
	case bytes.HasPrefix(data, oleMagic):
		// The type check lets any OLE file through: LibreOffice writes the
		// directory at the end, beyond what type detection reads, so its
		// .doc, .xls and .ppt are only "OLE storage" to it. Here the whole
		// directory is read: an office document has its main stream.
		r, err := mscfb.New(bytes.NewReader(data))
		if err != nil {
			return ErrNotOffice
		}
		office := false
		for entry, err := r.Next(); err == nil; entry, err = r.Next() {
			switch strings.ToLower(entry.Name) {
			case "macros", "_vba_project", "vba", "_vba_project_cur":
				return ErrMacros
			case "worddocument", "workbook", "book", "powerpoint document":
				office = true
			case "encryptedpackage":
				// a password-protected .docx, .xlsx or .pptx: nobody can
				// look inside it, for macros or anything else
				return ErrEncrypted
			}
		}
		if !office {
			return ErrNotOffice
		}
	default:
		cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			if strings.HasPrefix(string(data[:min(len(data), 12)]), "\x89PNG") || bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}) {
				return ErrBrokenImage
			}
			return nil // not an image
		}
		_ = format
		if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
			return ErrTooManyPixels
		}
	}
	return nil
}

// checkSizes refuses an archive whose parts claim to unpack to too much.
func checkSizes(zr *zip.Reader, size int) error {
	if len(zr.File) > MaxParts {
		return ErrArchiveBomb
	}
	var total uint64
	for _, f := range zr.File {
		if f.UncompressedSize64 > MaxUnpacked {
			return ErrArchiveBomb // before the sum can overflow
		}
		total += f.UncompressedSize64
	}
	if total > MaxUnpacked || (total > RatioFrom && total > MaxRatio*uint64(max(size, 1))) {
		return ErrArchiveBomb
	}
	return nil
}

// checkUnpacked unpacks every part, to refuse one that holds more than its
// header claims: the limits above read the claims. The work is bounded by
// them, and real documents unpack in milliseconds.
func checkUnpacked(zr *zip.Reader) error {
	for _, f := range zr.File {
		raw, err := f.OpenRaw()
		if err != nil {
			continue
		}
		var r io.ReadCloser
		switch f.Method {
		case zip.Store:
			r = io.NopCloser(raw)
		case zip.Deflate:
			r = flate.NewReader(raw)
		default:
			continue // a method office programs do not write: no reader of ours unpacks it either
		}
		// a broken part is the type check's business; only the size matters here
		n, _ := io.Copy(io.Discard, io.LimitReader(r, int64(f.UncompressedSize64)+1))
		r.Close()
		if uint64(n) > f.UncompressedSize64 {
			return ErrArchiveBomb
		}
	}
	return nil
}

// format is one entry of the allowlist of attachment formats.
type format struct {
	served   string   // the Content-Type a file is served with
	detected []string // the types mimetype may find in such a file
}

const (
	oleStorage = "application/x-ole-storage"
	docx       = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	xlsx       = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	pptx       = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	odt        = "application/vnd.oasis.opendocument.text"
	ods        = "application/vnd.oasis.opendocument.spreadsheet"
	odp        = "application/vnd.oasis.opendocument.presentation"
)

// formats is the allowlist of attachments by extension: documents,
// presentations, tables, PDF and images — what the file fields accept.
// Nothing a browser runs or renders as a page (HTML, SVG, XML, scripts) is
// on it. Type detection finds a .doc, .xls or .ppt saved by LibreOffice to
// be only OLE storage (its directory is at the end), so those admit it;
// Check then demands a Word, Excel or PowerPoint stream. A .txt holds plain
// text only: text that detection takes for HTML is refused.
var formats = map[string]format{
	".pdf":  {"application/pdf", []string{"application/pdf"}},
	".doc":  {"application/msword", []string{"application/msword", oleStorage}},
	".docx": {docx, []string{docx}},
	".xls":  {"application/vnd.ms-excel", []string{"application/vnd.ms-excel", oleStorage}},
	".xlsx": {xlsx, []string{xlsx}},
	".ppt":  {"application/vnd.ms-powerpoint", []string{"application/vnd.ms-powerpoint", oleStorage}},
	".pptx": {pptx, []string{pptx}},
	".odt":  {odt, []string{odt}},
	".ods":  {ods, []string{ods}},
	".odp":  {odp, []string{odp}},
	".rtf":  {"application/rtf", []string{"text/rtf"}},
	".txt":  {"text/plain; charset=utf-8", []string{"text/plain"}},
	".csv":  {"text/csv; charset=utf-8", []string{"text/csv", "text/plain"}},
	".jpg":  {"image/jpeg", []string{"image/jpeg"}},
	".jpeg": {"image/jpeg", []string{"image/jpeg"}},
	".png":  {"image/png", []string{"image/png"}},
	".gif":  {"image/gif", []string{"image/gif"}},
	".webp": {"image/webp", []string{"image/webp"}},
}

// Extension is a file name's extension as the allowlist knows it: lower
// case, with its dot, of the last segment of either kind of path, "" when
// there is none.
func Extension(name string) string {
	name = strings.TrimSpace(name[strings.LastIndexAny(name, `/\`)+1:])
	return strings.ToLower(path.Ext(name))
}

// ServedType is the Content-Type of an attachment named name: the
// allowlist's for its extension, application/octet-stream for any other,
// never one sniffed from the content.
func ServedType(name string) string {
	if f, ok := formats[Extension(name)]; ok {
		return f.served
	}
	return "application/octet-stream"
}

// TypeError refuses a file by its extension; Error is the message for
// people.
type TypeError struct {
	Ext string // the extension, "" for none
	Err error  // ErrExtension or ErrMismatch
}

func (e *TypeError) Error() string {
	switch {
	case e.Err == ErrMismatch:
		return fmt.Sprintf(ru.UploadMismatch, e.Ext)
	case e.Ext == "":
		return ru.UploadNoExtension
	}
	return fmt.Sprintf(ru.UploadExtension, e.Ext)
}

func (e *TypeError) Unwrap() error { return e.Err }

// CheckType refuses a file named name unless its extension is on the
// allowlist and data is of a type that extension may hold.
func CheckType(name string, data []byte) error {
	ext := Extension(name)
	f, ok := formats[ext]
	if !ok {
		return &TypeError{Ext: ext, Err: ErrExtension}
	}
	found := mimetype.Detect(data)
	for _, t := range f.detected {
		if found.Is(t) {
			return nil
		}
	}
	return &TypeError{Ext: ext, Err: ErrMismatch}
}

// fileFields are the file fields uploads can reach, by collection.
var fileFields = map[string][]string{
	schema.Materials:  {"files", "cover"},
	schema.Teachers:   {"photo"},
	schema.RouteSteps: {"evidence"},
}

// Register checks every new upload of every save, from the API, the CMS or
// an import, before it is stored, and makes every file PocketBase serves a
// download typed by the allowlist.
func Register(app core.App) {
	collections := make([]string, 0, len(fileFields))
	for c := range fileFields {
		collections = append(collections, c)
	}
	app.OnRecordValidate(collections...).BindFunc(func(e *core.RecordEvent) error {
		// the fields' own checks and the other hooks first, so that a
		// form shows all its errors at once and a field's own refusal
		// (a type not on its list) is the one shown for it
		err := e.Next()
		var errs validation.Errors
		switch {
		case err == nil:
			errs = validation.Errors{}
		case errors.As(err, &errs):
		default:
			return err
		}
		for _, field := range fileFields[e.Record.Collection().Name] {
			if errs[field] != nil {
				continue
			}
			for _, f := range e.Record.GetUnsavedFiles(field) {
				if err := checkFile(f); err != nil {
					errs[field] = validation.NewError("validation_unsafe_file", fmt.Sprintf("%s: %s", f.OriginalName, err))
					break
				}
			}
		}
		if e.Record.Collection().Name == schema.Materials && errs[filename.Field] == nil {
			if err := checkRenames(e.Record); err != nil {
				errs[filename.Field] = err
			}
		}
		if len(errs) > 0 {
			return errs
		}
		return nil
	})
	app.OnFileDownloadRequest().BindFunc(func(e *core.FileDownloadRequestEvent) error {
		h := e.Response.Header()
		// offered under the name its author gave it, as the site does
		name := path.Base(e.ServedName)
		names := map[string]string{}
		if e.Record != nil && e.Record.UnmarshalJSONField(filename.Field, &names) == nil {
			name = filename.Shown(names, name)
		}
		h.Set("Content-Disposition", httpsec.AttachmentDisposition(name))
		h.Set("Content-Type", ServedType(e.ServedName))
		h.Set("X-Content-Type-Options", "nosniff")
		return e.Next()
	})
}

func checkFile(f *filesystem.File) error {
	r, err := f.Reader.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, 200<<20))
	if err != nil {
		return err
	}
	if err := Check(data); err != nil {
		return err
	}
	// the stored name is what PocketBase serves, the original one what the
	// public site offers; PocketBase keeps the original's extension, or
	// gives one by content to a name without
	if err := CheckType(f.Name, data); err != nil {
		return err
	}
	if ext := Extension(f.OriginalName); ext != "" && ext != Extension(f.Name) {
		return CheckType(f.OriginalName, data)
	}
	return nil
}

// checkRenames refuses a name in filename.Field, new or changed in this save,
// that gives its file another extension than the stored one (whose content
// was checked against it): a plain text file offered as page.html. Names
// kept from before are left alone, so an old material can still be edited.
func checkRenames(r *core.Record) error {
	names := map[string]string{}
	if err := r.UnmarshalJSONField(filename.Field, &names); err != nil {
		return nil // not a map: the names' own check refuses it
	}
	before := map[string]string{}
	if o := r.Original(); o != nil {
		_ = o.UnmarshalJSONField(filename.Field, &before)
	}
	stored := make([]string, 0, len(names))
	for s := range names {
		stored = append(stored, s)
	}
	sort.Strings(stored)
	for _, s := range stored {
		shown := names[s]
		if shown == before[s] {
			continue
		}
		if ext := Extension(shown); ext != "" && ext != Extension(s) {
			return validation.NewError("validation_file_name_extension", fmt.Sprintf(ru.UploadRenamed, shown, s))
		}
	}
	return nil
}
