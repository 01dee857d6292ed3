package onboard

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kopilka/kopilka/internal/uploads"
)

// Limits of what is read of one document's text: a material's body holds
// 200,000 characters, and the first page is what names, types and grades
// are looked for in.
const (
	// MaxText is the most text kept of a document, in characters: the
	// body's limit less room for the Markdown escapes.
	MaxText = 150_000
	// FirstPage is how much of a document's text stands for its first
	// page when the format does not say where pages end.
	FirstPage = 1500
	// maxPart bounds one part of an Office or OpenDocument archive that is
	// read as XML; uploads.Check has refused archives that unpack to more.
	maxPart = 100 << 20
	// maxPDFPages bounds the pages of a PDF whose text is read.
	maxPDFPages = 300
)

// Para is one paragraph of a document: a heading or a slide's title, or
// body text; Page is its page or slide from 1, 0 when the format does not
// tell.
type Para struct {
	Text    string
	Heading bool
	Page    int
}

// Doc is what a document says of itself.
type Doc struct {
	Title   string // from its metadata
	Creator string // from its metadata: who wrote it
	Paras   []Para
	// Readable: the format is one whose text is read (.docx, .pptx, .odt,
	// .odp, .pdf, .txt); a .doc, .xls or .ppt is kept as a file without text.
	Readable bool
	// Truncated: the text went on past MaxText.
	Truncated bool
}

// ErrUnreadable is a document of a readable format whose text could not be
// read: it is kept as a file without text.
var ErrUnreadable = errors.New("the document's text could not be read")

// ErrPDFPassword is a PDF that opens only with a password.
var ErrPDFPassword = errors.New("the PDF opens only with a password")

// Extract reads the metadata and text of the document data named name
// (its extension decides the format). It expects a document the upload
// checks have let through. A format whose text is not read gives a Doc
// that is not Readable and no error; ErrPDFPassword refuses a PDF nobody
// could open.
func Extract(name string, data []byte) (Doc, error) {
	switch uploads.Extension(name) {
	case ".docx":
		return readOOXML(data, false)
	case ".pptx":
		return readOOXML(data, true)
	case ".odt", ".odp":
		return readODF(data)
	case ".pdf":
		return readPDFApart(data)
	case ".txt":
		return readPlain(data), nil
	}
	return Doc{}, nil
}

// FirstPage is the text of the document's first page (or slide), or of
// its first FirstPage characters when pages are unknown.
func (d Doc) FirstPage() string {
	var b strings.Builder
	n := 0
	for _, p := range d.Paras {
		if p.Page > 1 {
			break
		}
		b.WriteString(p.Text)
		b.WriteString("\n")
		n += utf8.RuneCountInString(p.Text)
		if n >= FirstPage {
			break
		}
	}
	return b.String()
}

// Heading is the document's first heading (a presentation's first slide
// title), "" when it has none.
func (d Doc) Heading() string {
	for _, p := range d.Paras {
		if p.Heading && strings.TrimSpace(p.Text) != "" {
			return p.Text
		}
	}
	return ""
}

// collector gathers paragraphs up to MaxText characters.
type collector struct {
	doc   *Doc
	n     int
	full  bool
	page  int
	stack []*strings.Builder
	heads []bool
}

func (c *collector) open(heading bool) {
	c.stack = append(c.stack, &strings.Builder{})
	c.heads = append(c.heads, heading)
}

func (c *collector) text(s string) {
	if len(c.stack) > 0 && !c.full {
		c.stack[len(c.stack)-1].WriteString(s)
	}
}

// heading marks the open paragraph a heading.
func (c *collector) heading() {
	if len(c.heads) > 0 {
		c.heads[len(c.heads)-1] = true
	}
}

func (c *collector) close() {
	if len(c.stack) == 0 {
		return
	}
	b, h := c.stack[len(c.stack)-1], c.heads[len(c.heads)-1]
	c.stack, c.heads = c.stack[:len(c.stack)-1], c.heads[:len(c.heads)-1]
	c.add(b.String(), h)
}

// add keeps one paragraph, its spaces collapsed.
func (c *collector) add(s string, heading bool) {
	s = clean(s)
	if s == "" || c.full {
		return
	}
	n := utf8.RuneCountInString(s)
	if c.n+n > MaxText {
		c.full, c.doc.Truncated = true, true
		return
	}
	c.n += n
	c.doc.Paras = append(c.doc.Paras, Para{Text: s, Heading: heading, Page: c.page})
}

// clean collapses runs of spaces and drops control and invisible
// formatting characters, so a text reads as plain words.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "")
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '\u00a0':
			space = true
			continue
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError || r == '\ufffd':
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// zipPart opens the part name of an archive, matched without regard to
// case, or returns nil.
func zipPart(zr *zip.Reader, name string) io.ReadCloser {
	for _, f := range zr.File {
		if strings.EqualFold(f.Name, name) {
			r, err := f.Open()
			if err != nil {
				return nil
			}
			return readCloser{io.LimitReader(r, maxPart), r}
		}
	}
	return nil
}

type readCloser struct {
	io.Reader
	io.Closer
}

func openZip(data []byte) (*zip.Reader, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	return zr, nil
}

// readPlain reads a .txt: UTF-8 (a BOM dropped), one paragraph a line.
func readPlain(data []byte) Doc {
	doc := Doc{Readable: true}
	c := &collector{doc: &doc}
	text := strings.TrimPrefix(string(data), "\ufeff")
	for _, line := range strings.Split(text, "\n") {
		c.add(line, false)
	}
	return doc
}
