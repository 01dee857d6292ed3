package filename

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckRefusesNamesThatAreNotOneFile(t *testing.T) {
	cases := []struct {
		name string
		want error
	}{
		{"План урока.docx", nil},
		{"report (2).final.pdf", nil},
		{"", ErrEmpty},
		{".", ErrDots},
		{"..", ErrDots},
		{"../../pb_hooks/evil.pb.js", ErrSeparator},
		{`..\..\evil.pb.js`, ErrSeparator},
		{"a/b.pdf", ErrSeparator},
		{"evil\x00.pdf", ErrControl},
		{"line\nbreak.pdf", ErrControl},
		{"fdp.\u202Eexe", ErrControl},
		{"zero\u200Bwidth.pdf", ErrControl},
		{"\xff\xfe.pdf", ErrEncoding},
		{strings.Repeat("я", 101), ErrTooLong},
		{strings.Repeat("я", 100), nil},
	}
	for _, c := range cases {
		if err := Check(c.name); !errors.Is(err, c.want) {
			t.Errorf("Check(%q) = %v, want %v", c.name, err, c.want)
		}
	}
}

func TestCheckPathAllowsFoldersButNoEscape(t *testing.T) {
	cases := []struct {
		path string
		want error
	}{
		{"urok/План.docx", nil},
		{"a/b/c.pdf", nil},
		{"/etc/passwd", ErrAbsolute},
		{"../x.pdf", ErrDots},
		{"a/../../x.pdf", ErrDots},
		{"a//b.pdf", ErrEmpty},
		{"a/./b.pdf", ErrDots},
		{"a/b.pdf/", ErrEmpty},
		{"a\\b.pdf", ErrSeparator},
		{"a/\u202Efdp.exe", ErrControl},
		{strings.Repeat("a/", 600) + "x", ErrTooLong},
	}
	for _, c := range cases {
		if err := CheckPath(c.path); !errors.Is(err, c.want) {
			t.Errorf("CheckPath(%q) = %v, want %v", c.path, err, c.want)
		}
	}
}

func TestFromUploadKeepsTheBareReadableName(t *testing.T) {
	long := strings.Repeat("д", 150) + ".docx"
	cases := []struct{ original, want string }{
		{"План урока.docx", "План урока.docx"},
		{`C:\Users\Учитель\План.docx`, "План.docx"},
		{"../../pb_hooks/evil.pb.js", "evil.pb.js"},
		{"  отчёт.pdf  ", "отчёт.pdf"},
		{"fdp\u202E.exe", "fdp.exe"},
		{"tab\there.pdf", "tabhere.pdf"},
		{"..", ""},
		{"dir/", ""},
		{"\u202E", ""},
		{long, strings.Repeat("д", 97) + ".docx"},
	}
	for _, c := range cases {
		got := FromUpload(c.original)
		if got != c.want {
			t.Errorf("FromUpload(%q) = %q, want %q", c.original, got, c.want)
		}
		if got != "" && Check(got) != nil {
			t.Errorf("FromUpload(%q) = %q, which Check refuses", c.original, got)
		}
	}
}

func TestForUploadGivesTheNameTheStoredFilesExtension(t *testing.T) {
	long := strings.Repeat("д", 99) + "x"
	cases := []struct{ original, stored, want string }{
		{"План урока.pdf", "plan_uroka_abc.pdf", "План урока.pdf"},
		{"Отчёт.PDF", "otchet_abc.pdf", "Отчёт.PDF"},
		{"План урока", "5nonoodqgbn_2uowsj208q.pdf", "План урока.pdf"},
		{`C:\Документы\Программа курса`, "abc_def.docx", "Программа курса.docx"},
		{"Итоги v1.2", "itogi_v1_abc.xlsx", "Итоги v1.2.xlsx"},
		{"без расширения", "stored_without", "без расширения"},
		{long, "abc.pdf", strings.Repeat("д", 98) + ".pdf"},
		{"..", "abc.pdf", ""},
	}
	for _, c := range cases {
		got := ForUpload(c.original, c.stored)
		if got != c.want {
			t.Errorf("ForUpload(%q, %q) = %q, want %q", c.original, c.stored, got, c.want)
		}
		if got != "" && Check(got) != nil {
			t.Errorf("ForUpload(%q, %q) = %q, which Check refuses", c.original, c.stored, got)
		}
	}
}
