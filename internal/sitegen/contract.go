package sitegen

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template/parse"
)

// The Hugo contract of a restyled site.
//
// kopilka renders the site in parts of DefaultPagesPerRun content files
// and, when live, only the pages a change touched; a page's Hugo never
// holds the whole site. Each page therefore carries what it shows of other
// pages in its own front matter (PageKinds lists it), and the home page,
// the section pages and the directories read hidden list pages under
// /lists/, which every build has. A template of the override folder that
// asks Hugo for other pages — .Pages, .Paginate, .Site.Taxonomies,
// .Related, `where site.RegularPages …` — would print what happens to be in
// the part being rendered: 2 in one build, 0 in the next. checkOverride
// refuses such a template with its file, line and the data to use instead,
// before anything is built.

// otherPages are the page and site methods that reach other pages, with
// where the same facts are for kopilka's templates.
var otherPages = map[string]string{
	"Pages":                 "the list of the page in its front matter (.Params.shelf_items on a list page, or the hidden list page of a section: site.GetPage \"/lists/…\")",
	"RegularPages":          "the list of the page in its front matter (.Params.shelf_items on a list page, or the hidden list page of a section: site.GetPage \"/lists/…\")",
	"RegularPagesRecursive": "the list of the page in its front matter (.Params.shelf_items on a list page)",
	"AllPages":              "the hidden list pages: site.GetPage \"/lists/home\", \"/lists/calendar\", \"/lists/schools\", \"/lists/teachers\", \"/lists/mo\"",
	"AllRegularPages":       "the hidden list pages: site.GetPage \"/lists/home\", \"/lists/calendar\", \"/lists/schools\", \"/lists/teachers\", \"/lists/mo\"",
	"Paginate":              "the pages kopilka pages itself: .Params.shelf_items with .Params.older_url and .Params.newer_url",
	"Paginator":             "the pages kopilka pages itself: .Params.shelf_items with .Params.older_url and .Params.newer_url",
	"Taxonomies":            "the term lists: .Params.subject_links, .Params.level_links, .Params.tag_links on a material, .Params.terms on /subjects/, /levels/, /types/, /tags/",
	"Related":               ".Params.related on a material page",
	"Sections":              "the section pages' own hidden list pages (site.GetPage \"/lists/…\")",
	"Next":                  ".Params.related on a material page",
	"Prev":                  ".Params.related on a material page",
	"NextInSection":         ".Params.related on a material page",
	"PrevInSection":         ".Params.related on a material page",
	"GetTerms":              ".Params.subject_links, .Params.level_links and .Params.tag_links on a material page",
	"Translations":          "nothing: the site has one language",
}

// listPages is where site.GetPage may look: the hidden list pages every
// build has.
const listPages = "/lists/"

// ContractError is a template of the override folder that breaks the
// site's Hugo contract.
type ContractError struct {
	File, Line string // path in the override folder, line:column
	Uses       string // what the template asks for
	Instead    string // the data to use instead
}

func (e *ContractError) Error() string {
	return fmt.Sprintf("%s:%s: %s reads other pages, which a kopilka build does not hold together "+
		"(it renders the site in parts and, live, only the changed pages); use %s — see the page data reference, layouts/README.md",
		e.File, e.Line, e.Uses, e.Instead)
}

// ErrContract is matched by every ContractError.
var ErrContract = errors.New("sitegen: a template breaks the site's Hugo contract")

// Is matches ErrContract.
func (e *ContractError) Is(target error) bool { return target == ErrContract }

// checkOverride checks every template of the override folder (dir/layouts)
// against the contract; nil when there is nothing to check.
func checkOverride(dir string) error {
	if dir == "" {
		return nil
	}
	root := filepath.Join(dir, "layouts")
	if _, err := os.Stat(root); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	var found []error
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		found = append(found, checkTemplate(filepath.ToSlash(rel), string(src))...)
		return nil
	})
	if err != nil {
		return fmt.Errorf("sitegen: override templates: %w", err)
	}
	return errors.Join(found...)
}

// checkTemplate reports each place of a template's source that reads
// other pages. A template Go cannot parse is left to Hugo, whose error
// names it.
func checkTemplate(name, src string) []error {
	top := parse.New(name)
	top.Mode = parse.SkipFuncCheck
	trees := map[string]*parse.Tree{}
	if _, err := top.Parse(src, "{{", "}}", trees); err != nil {
		return nil
	}
	var out []error
	seen := map[string]bool{}
	names := make([]string, 0, len(trees))
	for n := range trees {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		t := trees[n]
		if t == nil || t.Root == nil {
			continue
		}
		walk(t.Root, func(node parse.Node, uses string) {
			loc, _ := t.ErrorContext(node)
			line := strings.TrimPrefix(loc, t.ParseName+":") // ErrorContext says "name:line:col"
			key := line + uses
			if seen[key] {
				return
			}
			seen[key] = true
			instead := otherPages[strings.TrimPrefix(uses, ".")]
			if strings.HasPrefix(uses, "GetPage") {
				instead = "a hidden list page: site.GetPage \"/lists/home\", \"/lists/calendar\", \"/lists/schools\", \"/lists/teachers\", \"/lists/mo\", \"/lists/front/materials\" or \"/lists/front/practices\""
			}
			out = append(out, &ContractError{File: name, Line: line, Uses: uses, Instead: instead})
		})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Error() < out[j].Error() })
	return out
}

// walk calls found for each node of the tree below n that reads other
// pages, with what it asks for.
func walk(n parse.Node, found func(parse.Node, string)) {
	if n == nil {
		return
	}
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			walk(c, found)
		}
	case *parse.ActionNode:
		walk(n.Pipe, found)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, d := range n.Decl {
			walk(d, found)
		}
		for _, c := range n.Cmds {
			walk(c, found)
		}
	case *parse.CommandNode:
		checkGetPage(n, found)
		for _, a := range n.Args {
			walk(a, found)
		}
	case *parse.FieldNode:
		checkIdents(n, n.Ident, found)
	case *parse.VariableNode:
		checkIdents(n, n.Ident[1:], found)
	case *parse.ChainNode:
		checkIdents(n, n.Field, found)
		walk(n.Node, found)
	case *parse.IfNode:
		walk(n.Pipe, found)
		walk(n.List, found)
		walk(n.ElseList, found)
	case *parse.RangeNode:
		walk(n.Pipe, found)
		walk(n.List, found)
		walk(n.ElseList, found)
	case *parse.WithNode:
		walk(n.Pipe, found)
		walk(n.List, found)
		walk(n.ElseList, found)
	case *parse.TemplateNode:
		walk(n.Pipe, found)
	}
}

func checkIdents(n parse.Node, idents []string, found func(parse.Node, string)) {
	for _, id := range idents {
		if _, ok := otherPages[id]; ok {
			found(n, "."+id)
			return
		}
	}
}

// checkGetPage finds GetPage (site.GetPage, .Site.GetPage, .GetPage) asked
// for anything but a hidden list page named by a literal.
func checkGetPage(c *parse.CommandNode, found func(parse.Node, string)) {
	if len(c.Args) == 0 {
		return
	}
	var last string
	switch f := c.Args[0].(type) {
	case *parse.FieldNode:
		last = f.Ident[len(f.Ident)-1]
	case *parse.ChainNode:
		last = f.Field[len(f.Field)-1]
	case *parse.VariableNode:
		last = f.Ident[len(f.Ident)-1]
	}
	if last != "GetPage" {
		return
	}
	if len(c.Args) == 2 {
		if s, ok := c.Args[1].(*parse.StringNode); ok && strings.HasPrefix(s.Text, listPages) {
			return
		}
	}
	arg := ""
	if len(c.Args) > 1 {
		arg = " " + c.Args[1].String()
	}
	found(c, "GetPage"+arg)
}
