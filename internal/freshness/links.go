package freshness

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"

	"github.com/kopilka/kopilka/internal/schema"
)

// maxURL is the longest address that is checked (and stored).
const maxURL = 4096

// bareURL is a web address written out in a text: goldmark's own pattern
// wants a Latin top-level domain, this one takes an address by IP, a
// Cyrillic domain (сайт.рф) and Cyrillic paths too. Punctuation that ends
// a sentence is left out by the linkify parser.
var bareURL = regexp.MustCompile(`^(?:http|https)://[-\p{L}\p{N}@:%._+~#=]{1,256}(?:[/#?][-\p{L}\p{N}@:%_+.~#$!?&/=();,'^{}\[\]*]*)?`)

// markdown parses what teachers write as the site does, and finds bare
// web addresses in the text as well: a reader copies those.
var markdown = goldmark.New(goldmark.WithExtensions(
	extension.Table, extension.Strikethrough,
	extension.NewLinkify(extension.WithLinkifyAllowedProtocols([]string{"http:", "https:"}),
		extension.WithLinkifyURLRegexp(bareURL)),
))

// Links returns the external web addresses of src, Markdown or plain text:
// the targets of its links and images, its autolinks and its bare http(s)
// and www. addresses, each once, in order. Relative links, anchors,
// mailto: and code are left out.
func Links(src string) []string {
	if !strings.Contains(src, "http") && !strings.Contains(src, "www.") {
		return nil
	}
	source := []byte(src)
	doc := markdown.Parser().Parse(text.NewReader(source))
	var out []string
	seen := map[string]bool{}
	add := func(raw string) {
		if u := external(raw); u != "" && !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			add(string(n.Destination))
		case *ast.Image:
			add(string(n.Destination))
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL {
				// a bare address ends before the sentence's punctuation
				add(strings.TrimRight(string(n.URL(source)), ".,;:!?"))
			}
		case *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return out
}

// external is raw as an absolute http(s) address with a host, or "".
func external(raw string) string {
	raw = strings.TrimSpace(raw)
	if strings.HasPrefix(strings.ToLower(raw), "www.") {
		raw = "http://" + raw
	}
	if len(raw) > maxURL {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return ""
	}
	return raw
}

// itemLinks are the external links of an item: in its texts, and for an
// event its addresses to join and to register.
func itemLinks(r *core.Record) []string {
	var out, texts []string
	seen := map[string]bool{}
	add := func(u string) {
		if u != "" && !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	switch r.Collection().Name {
	case schema.Materials:
		texts = []string{r.GetString("summary"), r.GetString("body")}
	case schema.Practices:
		texts = []string{r.GetString("summary"), r.GetString("body"), r.GetString("results")}
	case schema.Events:
		add(external(r.GetString("online_url")))
		add(external(r.GetString("registration_url")))
		texts = []string{r.GetString("location"), r.GetString("body")}
	}
	for _, t := range texts {
		for _, u := range Links(t) {
			add(u)
		}
	}
	return out
}

// itemFiles are the stored names of an item's files: a material's
// attachments and cover.
func itemFiles(r *core.Record) []string {
	if r.Collection().Name != schema.Materials {
		return nil
	}
	files := r.GetStringSlice("files")
	if cover := r.GetString("cover"); cover != "" {
		files = append(files, cover)
	}
	return files
}
