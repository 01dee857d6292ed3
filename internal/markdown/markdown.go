// Package markdown renders what teachers write in Markdown as safe HTML:
// raw HTML dropped, dangerous links refused, images shown as links.
package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// md renders what teachers write. Raw HTML is dropped and dangerous link
// schemes (javascript:, vbscript:, data:) are emptied by goldmark's safe
// mode; images from other sites become links, so that a page never makes
// a request to a third party. Headings and table cells are fitted to the
// page (see fitToPage). It holds no state between conversions.
var md = goldmark.New(
	goldmark.WithExtensions(
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
		extension.Strikethrough, extension.TaskList,
	),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(fitToPage{}, 100))),
	goldmark.WithRendererOptions(
		html.WithXHTML(),
		renderer.WithNodeRenderers(util.Prioritized(&imageAsLink{}, 100)),
	),
)

// alignClass is the class a table cell gets for the alignment its column
// asks for (:--, :-:, --:), or "" for none; the site's and the CMS's
// styles align by it. An attribute align= is obsolete in HTML and an
// inline style is refused by the content security policy (style-src
// 'self').
func alignClass(a east.Alignment) string {
	switch a {
	case east.AlignLeft:
		return "align-left"
	case east.AlignCenter:
		return "align-center"
	case east.AlignRight:
		return "align-right"
	}
	return ""
}

// fitToPage fits what a teacher wrote into the page that shows it:
//
//   - every text is printed under its page's own h1, so its headings move
//     to start at h2: the text's highest heading, # or ## alike (the form
//     hint says ##), becomes h2 and the others keep their distance below
//     it, h6 at most; the page's h1 stays the only one and no level is
//     skipped;
//   - a table cell is aligned by a class (alignClass), not by markup
//     the HTML validator or the content security policy refuses.
type fitToPage struct{}

// Transform fits the headings and table cells of doc.
func (fitToPage) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var headings []*ast.Heading
	top := 6
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			headings = append(headings, n)
			top = min(top, n.Level)
		case *east.TableCell:
			if class := alignClass(n.Alignment); class != "" {
				n.SetAttributeString("class", []byte(class))
			}
		}
		return ast.WalkContinue, nil
	})
	for _, h := range headings {
		h.Level = min(h.Level-top+2, 6)
	}
}

// Render turns Markdown into HTML that is safe to put on the site.
func Render(src string) (string, error) {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return "", err
	}
	return buf.String(), nil
}

type imageAsLink struct{}

func (r *imageAsLink) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindImage, r.render)
}

func (r *imageAsLink) render(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Image)
	if !entering {
		return ast.WalkContinue, nil
	}
	dest := string(n.Destination)
	alt := plainText(n, source)
	if alt == "" {
		alt = "изображение"
	}
	safe := !html.IsDangerousURL(n.Destination)
	local := strings.HasPrefix(dest, "/") && !strings.HasPrefix(dest, "//")
	switch {
	case local && safe:
		_, _ = w.WriteString(`<img src="`)
		_, _ = w.Write(util.EscapeHTML(util.URLEscape(n.Destination, true)))
		_, _ = w.WriteString(`" alt="`)
		_, _ = w.Write(util.EscapeHTML([]byte(alt)))
		_, _ = w.WriteString(`" loading="lazy">`)
	case safe:
		_, _ = w.WriteString(`<a href="`)
		_, _ = w.Write(util.EscapeHTML(util.URLEscape(n.Destination, true)))
		_, _ = w.WriteString(`" rel="nofollow">`)
		_, _ = w.Write(util.EscapeHTML([]byte(alt)))
		_, _ = w.WriteString(`</a>`)
	default:
		_, _ = w.Write(util.EscapeHTML([]byte(alt)))
	}
	return ast.WalkSkipChildren, nil
}

// plainText is the text of n's descendants without their markup: an
// image's alternative text.
func plainText(n ast.Node, source []byte) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(source))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		default:
			b.WriteString(plainText(c, source))
		}
	}
	return b.String()
}
