package onboard

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// A PDF is read with github.com/ledongthuc/pdf (see README, Dependencies):
// the Info dictionary's Title and Author, and the text of each page, whose
// lines are joined back into paragraphs.
//
// The library trusts a file's structure: a crafted or broken PDF can send
// it into endless recursion (a fatal stack overflow, which no recover
// catches) or an endless loop (a cycle in the page tree). So a PDF is read
// in a process of its own — this program run again with pdfHelperEnv set,
// which makes it read one PDF from its standard input, write what it found
// as JSON and exit — under a time limit; a helper that crashes or runs out
// of time is a document whose text is not read, and the server goes on.

// pdfHelperEnv, set to "1", makes the process a PDF reader (see init).
const pdfHelperEnv = "KOPILKA_ONBOARD_PDF_HELPER"

// pdfTimeout bounds the reading of one PDF; a real one of maxPDFPages
// pages takes a second or two.
var pdfTimeout = 30 * time.Second

// maxPDFBytes bounds the PDF a helper reads: an attachment's limit.
const maxPDFBytes = 50 << 20

func init() {
	if os.Getenv(pdfHelperEnv) == "1" {
		os.Exit(pdfHelper(os.Stdin, os.Stdout))
	}
}

// pdfResult is what a helper answers.
type pdfResult struct {
	Doc      Doc
	Password bool   // ErrPDFPassword
	Error    string // another error
}

// pdfHelper reads one PDF from in and writes a pdfResult to out.
func pdfHelper(in io.Reader, out io.Writer) int {
	debug.SetMemoryLimit(1 << 30)
	// a recursion without end fails at 64 MB of stack, not Go's 1 GB
	debug.SetMaxStack(64 << 20)
	data, err := io.ReadAll(io.LimitReader(in, maxPDFBytes+1))
	if err != nil || len(data) > maxPDFBytes {
		return 1
	}
	doc, err := readPDF(data)
	res := pdfResult{Doc: doc}
	switch {
	case errors.Is(err, ErrPDFPassword):
		res.Password = true
	case err != nil:
		res.Error = err.Error()
	}
	if json.NewEncoder(out).Encode(res) != nil {
		return 1
	}
	return 0
}

// readPDFApart reads a PDF in a helper process, as described above; when
// this program cannot be run again it reads in this process.
func readPDFApart(data []byte) (Doc, error) {
	exe, err := os.Executable()
	if err != nil {
		return readPDF(data)
	}
	ctx, cancel := context.WithTimeout(context.Background(), pdfTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = append(os.Environ(), pdfHelperEnv+"=1", "GOMAXPROCS=1")
	cmd.Stdin = bytes.NewReader(data)
	var out bytes.Buffer
	cmd.Stdout = &limitedWriter{w: &out, left: 8 * MaxText}
	if err := cmd.Run(); err != nil {
		return Doc{}, fmt.Errorf("%w: the PDF reader: %v", ErrUnreadable, err)
	}
	var res pdfResult
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		return Doc{}, fmt.Errorf("%w: the PDF reader's answer: %v", ErrUnreadable, err)
	}
	switch {
	case res.Password:
		return Doc{}, ErrPDFPassword
	case res.Error != "":
		return Doc{}, fmt.Errorf("%w: %s", ErrUnreadable, res.Error)
	}
	return res.Doc, nil
}

// limitedWriter takes at most left bytes and then fails.
type limitedWriter struct {
	w    io.Writer
	left int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if len(p) > l.left {
		return 0, errors.New("too much output")
	}
	l.left -= len(p)
	return l.w.Write(p)
}

// readPDF reads a PDF in this process; the library panics on some
// malformed files, and a panic is a document whose text is not read.
func readPDF(data []byte) (doc Doc, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = Doc{}, fmt.Errorf("%w: %v", ErrUnreadable, r)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if errors.Is(err, pdf.ErrInvalidPassword) {
		return Doc{}, ErrPDFPassword
	}
	if err != nil {
		return Doc{}, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	doc = Doc{Readable: true}
	info := r.Trailer().Key("Info")
	doc.Title, doc.Creator = clean(info.Key("Title").Text()), clean(info.Key("Author").Text())
	c := &collector{doc: &doc}
	for i := 1; i <= min(r.NumPage(), maxPDFPages) && !c.full; i++ {
		c.page = i
		text, err := r.Page(i).GetPlainText(nil)
		if err != nil {
			continue
		}
		for _, p := range paragraphs(text) {
			c.add(p, false)
		}
	}
	if r.NumPage() > maxPDFPages {
		doc.Truncated = true
	}
	return doc, nil
}

// paragraphs joins the lines of a page's text into paragraphs: a line goes
// on the paragraph before it unless that one ends a sentence (or a colon)
// or is much shorter than the page's lines, or this one starts a list.
func paragraphs(text string) []string {
	var lines []string
	longest := 0
	for _, l := range strings.Split(text, "\n") {
		if l = clean(l); l != "" {
			lines = append(lines, l)
			longest = max(longest, utf8.RuneCountInString(l))
		}
	}
	var out []string
	var cur strings.Builder
	prev := ""
	for _, l := range lines {
		if cur.Len() > 0 && !continues(prev, l, longest) {
			out = append(out, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			if strings.HasSuffix(prev, "-") && !strings.HasSuffix(prev, " -") {
				// a word broken across lines keeps its hyphen: «сочинение-
				// рассуждение» cannot be told from «инфор- мация»
			} else {
				cur.WriteByte(' ')
			}
		}
		cur.WriteString(l)
		prev = l
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

func continues(prev, line string, longest int) bool {
	last, _ := utf8.DecodeLastRuneInString(prev)
	if strings.ContainsRune(".!?:;»\"", last) {
		return false
	}
	if utf8.RuneCountInString(prev) < longest*3/4 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(line)
	if unicode.IsDigit(first) || strings.ContainsRune("•–—-*", first) {
		return false
	}
	return true
}
