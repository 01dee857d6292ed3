package onboard

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"
)

// OpenDocument (.odt, .odp) is read with encoding/xml as well: meta.xml
// gives the title and the author (meta:initial-creator, else dc:creator,
// the last to edit it), content.xml the paragraphs — text:h headings,
// text:p paragraphs, a presentation's draw:page slides with the frame of
// class "title" as their heading. Notes, annotations and tracked
// deletions are left out.

func readODF(data []byte) (Doc, error) {
	zr, err := openZip(data)
	if err != nil {
		return Doc{}, err
	}
	doc := Doc{Readable: true}
	if r := zipPart(zr, "meta.xml"); r != nil {
		fields := readFields(r, map[string]bool{"title": true, "initial-creator": true, "creator": true})
		r.Close()
		doc.Title = clean(fields["title"])
		doc.Creator = clean(fields["initial-creator"])
		if doc.Creator == "" {
			doc.Creator = clean(fields["creator"])
		}
	}
	r := zipPart(zr, "content.xml")
	if r == nil {
		return doc, ErrUnreadable
	}
	defer r.Close()
	c := &collector{doc: &doc, page: 1}
	if err := readODFContent(r, c); err != nil && len(doc.Paras) == 0 {
		return doc, ErrUnreadable
	}
	return doc, nil
}

// skipped are elements whose text is not the document's: notes and
// annotations, deleted text of tracked changes, a presentation's speaker
// notes, and the declarations before the text.
var skipped = map[string]bool{"note": true, "annotation": true, "tracked-changes": true, "notes": true,
	"sequence-decls": true, "variable-decls": true, "user-field-decls": true}

func readODFContent(r io.Reader, c *collector) error {
	d := xml.NewDecoder(r)
	skip := 0 // depth inside a skipped element
	titleFrames := 0
	var frames []bool // the frames open, true for one of class title
	slides := 0
	for !c.full {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 || skipped[t.Name.Local] {
				skip++
				continue
			}
			switch t.Name.Local {
			case "page":
				if t.Name.Space == "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" {
					slides++
					c.page = slides
				}
			case "frame":
				title := attr(t, "class") == "title"
				frames = append(frames, title)
				if title {
					titleFrames++
				}
			case "h":
				c.open(true)
			case "p":
				c.open(titleFrames > 0)
			case "s":
				n, err := strconv.Atoi(attr(t, "c"))
				if err != nil || n < 1 {
					n = 1
				}
				c.text(strings.Repeat(" ", min(n, 100)))
			case "tab", "line-break":
				c.text(" ")
			case "soft-page-break":
				c.page++
			}
		case xml.CharData:
			if skip == 0 {
				c.text(string(t))
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			switch t.Name.Local {
			case "h", "p":
				c.close()
			case "frame":
				if n := len(frames); n > 0 {
					if frames[n-1] {
						titleFrames--
					}
					frames = frames[:n-1]
				}
			}
		}
	}
	return nil
}
