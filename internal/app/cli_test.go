package app_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kopilka/kopilka/internal/app"
	"github.com/kopilka/kopilka/internal/cli"
	"github.com/kopilka/kopilka/internal/qrcode/qrtest"
)

// run runs the kopilka command line as the binary would. PocketBase reads
// os.Args itself, so the test sets them for the duration of the call.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	saved := os.Args
	os.Args = append([]string{"kopilka"}, args...)
	defer func() { os.Args = saved }()
	var out, errOut bytes.Buffer
	code = app.Run(args, &out, &errOut, cli.Commands)
	return code, out.String(), errOut.String()
}

func TestCommandLineImportExport(t *testing.T) {
	data := filepath.Join(t.TempDir(), "pb_data")

	bad := t.TempDir()
	if err := os.MkdirAll(filepath.Join(bad, "materials"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, "materials", "urok.md"), []byte("---\ntitle: Урок\ntype: lesson\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, "import", bad, "--dir", data)
	if code != 1 {
		t.Errorf("import of a bad folder exited %d, want 1", code)
	}
	for _, want := range []string{"materials/urok.md:3: type: неизвестное значение «lesson»", "materials/urok.md:1: organization: обязательное поле", "nothing was written"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}

	code, _, stderr = run(t, "import", corpusDir, "--dir", data, "--timezone", "Mars/Olympus")
	if code != 1 || !strings.Contains(stderr, "Mars/Olympus") {
		t.Errorf("unknown --timezone: exit %d, stderr %q", code, stderr)
	}

	t.Setenv("KOPILKA_TIMEZONE", "Asia/Sakhalin")
	code, stdout, stderr := run(t, "import", corpusDir, "--dir", data)
	if code != 0 {
		t.Fatalf("import corpus exited %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "materials      created 16") {
		t.Errorf("import report:\n%s", stdout)
	}

	out := filepath.Join(t.TempDir(), "export")
	code, _, stderr = run(t, "export", out, "--dir", data)
	if code != 0 {
		t.Fatalf("export exited %d: %s", code, stderr)
	}
	page, err := os.ReadFile(filepath.Join(out, "events", "master-klass-robototehnika-dlya-uchitelej.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "start: 2025-12-03T15:00:00\n") || !strings.Contains(string(page), "timezone: Asia/Sakhalin\n") {
		t.Errorf("exported event lost its wall-clock time:\n%s", page)
	}
	if _, err := os.Stat(filepath.Join(out, "files", "urok-drobi-5-klass", "konspekt-uroka-drobi.pdf")); err != nil {
		t.Errorf("attachment not exported under its original name: %v", err)
	}
}

func TestBenchPrintsATableRowForEachSize(t *testing.T) {
	if testing.Short() {
		t.Skip("runs imports, builds and API load: seconds")
	}
	t.Setenv("HUGO_MEMORYLIMIT", "0.5") // the bench sets it otherwise, for the whole process
	t.Setenv("GOMEMLIMIT", "off")
	code, stdout, stderr := run(t, "bench", "--sizes", "40,60", "--api-seconds", "1", "--dir", filepath.Join(t.TempDir(), "pb_data"))
	if code != 0 {
		t.Fatalf("bench exited %d: %s", code, stderr)
	}
	header := "| materials | pages | import | full build | Hugo alone | ratio | peak heap | peak RSS | publish → live |"
	if !strings.Contains(stdout, header) {
		t.Errorf("no table header in:\n%s", stdout)
	}
	for _, n := range []string{"40", "60"} {
		var row string
		for _, line := range strings.Split(stdout, "\n") {
			if strings.HasPrefix(line, "| "+n+" | ") {
				row = line
			}
		}
		cells := strings.Split(strings.Trim(row, "| "), " | ")
		if len(cells) != 15 {
			t.Fatalf("the row of %s materials has %d cells, want 15: %q", n, len(cells), row)
		}
		for i, c := range cells {
			if c == "" || c == "0 ms" || c == "0" {
				t.Errorf("the row of %s materials has an empty figure in column %d: %q", n, i+1, row)
			}
		}
		if !strings.HasSuffix(cells[5], "×") || !strings.HasSuffix(cells[13], "KB") {
			t.Errorf("ratio or page weight is not a figure: %q", row)
		}
	}
}

// The municipality and the site's address given to one command are what
// every later command on the same data folder uses: `kopilka qr` prints
// them on its cards without being told again.
func TestCommandsRememberTheMunicipalityOfTheirDataFolder(t *testing.T) {
	t.Setenv("KOPILKA_MUNICIPALITY", "")
	t.Setenv("KOPILKA_BASE_URL", "")
	data := filepath.Join(t.TempDir(), "pb_data")
	code, _, stderr := run(t, "import", corpusDir, "--dir", data, "--municipality", "Тихоморский городской округ", "--base-url", "https://kopilka.tikhomorsk.example")
	if code != 0 {
		t.Fatalf("import exited %d: %s", code, stderr)
	}
	pdf := filepath.Join(t.TempDir(), "qr.pdf")
	code, _, stderr = run(t, "qr", "--school", "maou-gimnaziya-2", "--out", pdf, "--dir", data)
	if code != 0 {
		t.Fatalf("qr exited %d: %s", code, stderr)
	}
	body, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	text := qrtest.PDFText(t, body)
	for _, want := range []string{"Тихоморский городской округ", "https://kopilka.tikhomorsk.example/q/"} {
		if !strings.Contains(text, want) {
			t.Errorf("the cards lack %q:\n%s", want, text)
		}
	}
}
