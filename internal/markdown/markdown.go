// Package markdown renders what teachers write in Markdown as safe HTML:
// raw HTML dropped, dangerous links refused, images shown as links.
package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// markdown renders what teachers write. Raw HTML is dropped and dangerous
// link schemes (javascript:, vbscript:, data:) are emptied by goldmark's
// safe mode; images from other sites become links, so that a page never
// makes a request to a third party.
var md = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList),
	goldmark.WithRendererOptions(
		html.WithXHTML(),
		renderer.WithNodeRenderers(util.Prioritized(&imageAsLink{}, 100)),
	),
)

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
