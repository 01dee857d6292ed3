package onboard

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Office Open XML (.docx, .pptx) is read with encoding/xml by the local
// names of its elements, so the transitional and the strict namespaces of
// Word 2007 to 365 and LibreOffice read alike: the core properties
// (docProps/core.xml: dc:title, dc:creator), the paragraphs of
// word/document.xml (w:p of w:t runs, headings by their style or outline
// level), and the slides of a presentation in their order, a slide's
// title placeholder as its heading.

func readOOXML(data []byte, slides bool) (Doc, error) {
	zr, err := openZip(data)
	if err != nil {
		return Doc{}, err
	}
	doc := Doc{Readable: true}
	readCore(zr, &doc)
	c := &collector{doc: &doc, page: 1}
	if slides {
		for i, name := range slideOrder(zr) {
			c.page = i + 1
			r := zipPart(zr, name)
			if r == nil {
				continue
			}
			err := readSlide(r, c)
			r.Close()
			if err != nil && len(doc.Paras) == 0 {
				return doc, ErrUnreadable
			}
			if c.full {
				break
			}
		}
		return doc, nil
	}
	r := zipPart(zr, "word/document.xml")
	if r == nil {
		return doc, ErrUnreadable
	}
	defer r.Close()
	if err := readWord(r, c, wordHeadings(zr)); err != nil && len(doc.Paras) == 0 {
		return doc, ErrUnreadable
	}
	return doc, nil
}

// readCore reads the title and the author of docProps/core.xml.
func readCore(zr *zip.Reader, doc *Doc) {
	r := zipPart(zr, "docProps/core.xml")
	if r == nil {
		return
	}
	defer r.Close()
	fields := readFields(r, map[string]bool{"title": true, "creator": true})
	doc.Title, doc.Creator = clean(fields["title"]), clean(fields["creator"])
}

// readFields reads the text of the first elements of a flat metadata file
// whose local names are wanted.
func readFields(r io.Reader, wanted map[string]bool) map[string]string {
	out := map[string]string{}
	d := xml.NewDecoder(r)
	var current string
	var b strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			return out
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if wanted[t.Name.Local] {
				current = t.Name.Local
				b.Reset()
			}
		case xml.CharData:
			if current != "" {
				b.Write(t)
			}
		case xml.EndElement:
			if current != "" && t.Name.Local == current {
				if _, seen := out[current]; !seen {
					out[current] = b.String()
				}
				current = ""
			}
		}
	}
}

// wordHeadings are the ids of the paragraph styles of word/styles.xml that
// are headings or a title, in any language Word names them in.
func wordHeadings(zr *zip.Reader) map[string]bool {
	out := map[string]bool{}
	r := zipPart(zr, "word/styles.xml")
	if r == nil {
		return out
	}
	defer r.Close()
	d := xml.NewDecoder(r)
	var id string
	for {
		tok, err := d.Token()
		if err != nil {
			return out
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "style":
				id = attr(t, "styleId")
			case "name":
				if id != "" && headingStyle(attr(t, "val")) {
					out[id] = true
				}
			case "outlineLvl":
				if id != "" {
					out[id] = true
				}
			}
		case xml.EndElement:
			if t.Name.Local == "style" {
				id = ""
			}
		}
	}
}

// headingStyle reports a style name of a heading or a title.
func headingStyle(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, p := range []string{"heading", "title", "заголовок", "название"} {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// readWord reads the paragraphs of word/document.xml.
func readWord(r io.Reader, c *collector, headings map[string]bool) error {
	d := xml.NewDecoder(r)
	inText := false
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
			switch t.Name.Local {
			case "p":
				c.open(false)
			case "pStyle":
				if headings[attr(t, "val")] || headingStyle(attr(t, "val")) {
					c.heading()
				}
			case "outlineLvl":
				if n, err := strconv.Atoi(attr(t, "val")); err == nil && n < 9 {
					c.heading()
				}
			case "t":
				inText = true
			case "tab", "br", "cr":
				if attr(t, "type") == "page" {
					c.page++
				}
				c.text(" ")
			case "lastRenderedPageBreak":
				c.page++
			}
		case xml.CharData:
			if inText {
				c.text(string(t))
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				c.close()
			}
		}
	}
	return nil
}

// slideOrder lists the slides of a presentation in the order of
// ppt/presentation.xml, or by their numbers when it cannot be read.
func slideOrder(zr *zip.Reader) []string {
	targets := map[string]string{}
	if r := zipPart(zr, "ppt/_rels/presentation.xml.rels"); r != nil {
		d := xml.NewDecoder(r)
		for {
			tok, err := d.Token()
			if err != nil {
				break
			}
			if t, ok := tok.(xml.StartElement); ok && t.Name.Local == "Relationship" {
				targets[attr(t, "Id")] = attr(t, "Target")
			}
		}
		r.Close()
	}
	var order []string
	if r := zipPart(zr, "ppt/presentation.xml"); r != nil {
		d := xml.NewDecoder(r)
		for {
			tok, err := d.Token()
			if err != nil {
				break
			}
			if t, ok := tok.(xml.StartElement); ok && t.Name.Local == "sldId" {
				if target := targets[attr(t, "id")]; target != "" {
					order = append(order, path.Clean(path.Join("ppt", strings.TrimPrefix(target, "/ppt/"))))
				}
			}
		}
		r.Close()
	}
	if len(order) > 0 {
		return order
	}
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "ppt/slides/slide") && strings.HasSuffix(f.Name, ".xml") {
			order = append(order, f.Name)
		}
	}
	number := func(name string) int {
		n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, "ppt/slides/slide"), ".xml"))
		return n
	}
	sort.Slice(order, func(i, j int) bool { return number(order[i]) < number(order[j]) })
	return order
}

// readSlide reads the paragraphs of one slide; those of its title
// placeholder are headings.
func readSlide(r io.Reader, c *collector) error {
	d := xml.NewDecoder(r)
	inText := false
	depth, titleAt := 0, -1 // the depth of the shape that is the title
	shapeAt := []int{}
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
			depth++
			switch t.Name.Local {
			case "sp":
				shapeAt = append(shapeAt, depth)
			case "ph":
				if typ := attr(t, "type"); (typ == "title" || typ == "ctrTitle") && len(shapeAt) > 0 {
					titleAt = shapeAt[len(shapeAt)-1]
				}
			case "p":
				c.open(titleAt > 0)
			case "t":
				inText = true
			case "br", "tab":
				c.text(" ")
			}
		case xml.CharData:
			if inText {
				c.text(string(t))
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				c.close()
			case "sp":
				if len(shapeAt) > 0 {
					if shapeAt[len(shapeAt)-1] == titleAt {
						titleAt = -1
					}
					shapeAt = shapeAt[:len(shapeAt)-1]
				}
			}
			depth--
		}
	}
	return nil
}
