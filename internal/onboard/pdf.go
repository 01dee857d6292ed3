package onboard

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// A PDF is read with github.com/ledongthuc/pdf (see README, Dependencies):
// the Info dictionary's Title and Author, and the text of each page, whose
// lines are joined back into paragraphs. The library panics on some
// malformed files; a panic is a document whose text is not read.
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
