package sitegen

import (
	"errors"
	"io/fs"
	"strings"
	"testing"

	kopilka "github.com/kopilka/kopilka"
)

func TestATemplateThatReadsOtherPagesIsNamedWithItsLineAndTheDataToUse(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // "line:col uses", in order; none for a template that keeps the contract
		instead   string   // part of the advice of the first
	}{
		{"section count", "{{ define \"main\" }}\n<p>{{ len .Pages }}</p>\n{{ end }}", []string{"2:10 .Pages"}, "shelf_items"},
		{"range regular pages", "{{ range .RegularPages }}{{ .Title }}{{ end }}", []string{"1:9 .RegularPages"}, "shelf_items"},
		{"where site pages", "{{ $p := where site.RegularPages \"Section\" \"materials\" }}{{ len $p }}",
			[]string{"1:19 .RegularPages"}, "shelf_items"},
		{"dollar paginate", "{{ range ($.Paginate .Pages).Pages }}{{ end }}", []string{"1:11 .Paginate", "1:21 .Pages", "1:28 .Pages"}, "older_url"},
		{"site taxonomies", "{{ range $k, $v := .Site.Taxonomies }}{{ $k }}{{ end }}", []string{"1:24 .Taxonomies"}, "tag_links"},
		{"related", "{{ with site.RegularPages.Related . }}{{ end }}", []string{"1:12 .RegularPages"}, ""},
		{"related of page", "{{ range .Related }}{{ end }}", []string{"1:9 .Related"}, ".Params.related"},
		{"inside else", "{{ if .Params.x }}x{{ else }}{{ range .Pages }}{{ end }}{{ end }}", []string{"1:38 .Pages"}, ""},
		{"a page by path", "{{ with site.GetPage \"/materials/drobi\" }}{{ .Title }}{{ end }}",
			[]string{"1:8 GetPage \"/materials/drobi\""}, "/lists/home"},
		{"a page by variable", "{{ $x := \"/a\" }}{{ .Site.GetPage $x }}", []string{"1:19 GetPage $x"}, ""},
		// what the theme itself does is allowed
		{"hidden list page", "{{ $d := site.GetPage \"/lists/home\" }}{{ range $d.Params.best }}{{ .title }}{{ end }}", nil, ""},
		{"own front matter", "{{ range .Params.shelf_items }}{{ .title }}{{ end }}{{ len .Params.related }}", nil, ""},
		{"params named like a method", "{{ .Params.pages }}{{ .Title }}", nil, ""},
		{"unparsable is Hugo's to report", "{{ range }", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := checkTemplate("layouts/materials/section.html", tt.src)
			var got []string
			for _, err := range errs {
				var ce *ContractError
				if !errors.As(err, &ce) || !errors.Is(err, ErrContract) {
					t.Fatalf("not a contract error: %v", err)
				}
				if ce.File != "layouts/materials/section.html" {
					t.Errorf("file %q", ce.File)
				}
				got = append(got, ce.Line+" "+ce.Uses)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Fatalf("found %q, want %q", got, tt.want)
			}
			if len(errs) > 0 && !strings.Contains(errs[0].Error(), tt.instead) {
				t.Errorf("the advice %q does not name %q", errs[0], tt.instead)
			}
		})
	}
}

// A restyler starts from kopilka's own templates: they keep the contract.
func TestTheThemesOwnTemplatesKeepTheContract(t *testing.T) {
	err := fs.WalkDir(kopilka.SiteTheme, "layouts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := fs.ReadFile(kopilka.SiteTheme, p)
		if err != nil {
			return err
		}
		for _, e := range checkTemplate(p, string(src)) {
			t.Error(e)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
