package interchange_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/kopilka/kopilka/internal/app"
	"github.com/kopilka/kopilka/internal/interchange"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/testkit"
)

var empty *testkit.Fixture

func TestMain(m *testing.M) {
	f, err := testkit.BuildEmpty(app.RegisterDefault)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	empty = f
	code := m.Run()
	f.Close()
	os.Exit(code)
}

func sakhalin(t testing.TB) interchange.Options {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Sakhalin")
	if err != nil {
		t.Fatal(err)
	}
	return interchange.Options{TimeZone: loc}
}

// copyDir copies the folder src into a new temporary folder.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if info.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// snapshot describes everything stored, to prove a failed import wrote nothing.
func snapshot(t *testing.T, app core.App) string {
	t.Helper()
	var lines []string
	for _, c := range schema.Collections {
		records, err := app.FindAllRecords(c)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range records {
			lines = append(lines, c+" "+r.Id+" "+r.GetString("updated"))
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

const goodMaterial = `---
title: Новый материал
type: article
authors: [ivanova-anna]
organization: shkola-1
status: draft
---

Текст.
`

func TestImportReportsEachKindOfBadInputAndWritesNothing(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"malformed front matter",
			map[string]string{"materials/bad.md": "---\ntitle: Урок\ntags: [дроби\n---\n\nТекст.\n"},
			[]string{"materials/bad.md:3: tags: заголовок не разбирается"}},
		{"unknown key",
			map[string]string{"materials/bad.md": strings.Replace(goodMaterial, "status: draft\n", "status: draft\ncolour: red\n", 1)},
			[]string{"materials/bad.md:7: colour: неизвестное поле"}},
		{"unknown code",
			map[string]string{"materials/bad.md": strings.Replace(goodMaterial, "type: article", "type: lesson", 1)},
			[]string{"materials/bad.md:3: type: неизвестное значение «lesson»"}},
		{"missing reference",
			map[string]string{"materials/bad.md": strings.Replace(goodMaterial, "[ivanova-anna]", "[ivanova-anna, nobody]", 1)},
			[]string{"materials/bad.md:4: authors: нет записи «nobody» в teachers/"}},
		{"invalid date",
			map[string]string{"materials/bad.md": strings.Replace(goodMaterial, "status: draft\n", "status: draft\ndate: 2025-13-45\n", 1)},
			[]string{"materials/bad.md:7: date: неверная дата «2025-13-45»"}},
		{"end before start",
			map[string]string{"events/seminar-test.md": "---\ntitle: Семинар\nkind: seminar\nlevel: school\nstart: 2025-11-12T15:00:00\nend: 2025-11-12T14:00:00\norganizer: shkola-1\nstatus: done\n---\n"},
			[]string{"events/seminar-test.md:6: end: окончание раньше начала"}},
		{"unknown time zone",
			map[string]string{"events/bad.md": "---\ntitle: Семинар\nkind: seminar\nlevel: school\nstart: 2025-11-12T15:00:00\ntimezone: Mars/Olympus\norganizer: shkola-1\nstatus: done\n---\n"},
			[]string{"events/bad.md:6: timezone: неизвестный часовой пояс «Mars/Olympus»"}},
		{"duplicate QR code",
			map[string]string{"materials/bad.md": strings.Replace(goodMaterial, "status: draft\n", "status: draft\nqr: 4BGXV7\n", 1)},
			[]string{"materials/urok-test.md:16: qr: QR-код 4BGXV7 уже указан в materials/bad.md"}},
		{"missing file",
			map[string]string{"materials/bad.md": strings.Replace(goodMaterial, "status: draft\n", "status: draft\nfiles: [urok-test/net.pdf]\n", 1)},
			[]string{"materials/bad.md:7: files: нет файла files/urok-test/net.pdf"}},
		{"path leaving the folder",
			map[string]string{"materials/bad.md": strings.Replace(goodMaterial, "status: draft\n", "status: draft\nfiles: [../materials/urok-test.md]\n", 1)},
			[]string{"materials/bad.md:7: files: путь «../materials/urok-test.md» выходит за пределы папки files/"}},
		{"empty title",
			map[string]string{"materials/bad.md": strings.Replace(goodMaterial, "title: Новый материал", "title: \"  \"", 1)},
			[]string{"materials/bad.md:2: title: название пустое"}},
		{"binary file",
			map[string]string{"materials/bad.md": "---\ntitle: x\x00\x01\x02\n---\n"},
			[]string{"materials/bad.md:1: -: файл не текстовый"}},
		{"file type not allowed",
			map[string]string{
				"files/urok-test/run.sh": "#!/bin/sh\necho hi\n",
				"materials/bad.md":       strings.Replace(goodMaterial, "status: draft\n", "status: draft\nfiles: [urok-test/run.sh]\n", 1)},
			[]string{"materials/bad.md:7: files: файл files/urok-test/run.sh: тип text/x-shellscript не допускается"}},
		{"all-day event with times",
			map[string]string{"events/bad.md": "---\ntitle: Неделя\nkind: subject-week\nlevel: school\nstart: 2026-01-19T09:00:00\nend: 2026-01-23\nall_day: true\norganizer: shkola-1\nstatus: done\n---\n"},
			[]string{"events/bad.md:5: start: у мероприятия на весь день"}},
		{"a value the database refuses",
			map[string]string{"materials/" + strings.Repeat("a", 130) + ".md": goodMaterial},
			[]string{"materials/" + strings.Repeat("a", 130) + ".md:1: slug: не удалось сохранить"}},
		{"a title longer than its field holds",
			map[string]string{"materials/bad.md": strings.Replace(goodMaterial, "title: Новый материал", "title: "+strings.Repeat("очень ", 200), 1)},
			[]string{"materials/bad.md:2: title: длиннее допустимых 1000 знаков (1199)"}},
		{"not a slug",
			map[string]string{"materials/Bad Name.md": goodMaterial},
			[]string{"materials/Bad Name.md:1: slug: имя файла не годится для адреса"}},
		{"several problems at once",
			map[string]string{
				"materials/bad.md":  strings.Replace(goodMaterial, "type: article", "type: lesson", 1),
				"materials/bad2.md": strings.Replace(goodMaterial, "organization: shkola-1", "organization: shkola-99", 1)},
			[]string{"materials/bad.md:3: type:", "materials/bad2.md:5: organization: нет записи «shkola-99» в organizations/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := empty.App(t)
			if _, err := interchange.Import(app, "testdata/valid", sakhalin(t)); err != nil {
				t.Fatalf("valid folder: %v", err)
			}
			before := snapshot(t, app)

			dir := copyDir(t, "testdata/valid")
			writeFiles(t, dir, tt.files)
			// a change to a valid record too, which must not be written either
			writeFiles(t, dir, map[string]string{"organizations/shkola-1.md": "---\nname: Переименованная школа\nkind: school\n---\n"})
			_, err := interchange.Import(app, dir, sakhalin(t))
			var probs interchange.Problems
			if !errors.As(err, &probs) {
				t.Fatalf("Import error = %v, want Problems", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(probs.Error(), w) {
					t.Errorf("problems do not contain %q:\n%s", w, probs.Error())
				}
			}
			if after := snapshot(t, app); after != before {
				t.Errorf("a failed import changed the database:\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})
	}
}

func TestImportAcceptsBOMCRLFTomlAndJSON(t *testing.T) {
	app := empty.App(t)
	dir := copyDir(t, "testdata/valid")
	crlf := "\xef\xbb\xbf" + strings.ReplaceAll(goodMaterial, "\n", "\r\n")
	writeFiles(t, dir, map[string]string{
		"materials/crlf.md": crlf,
		"materials/toml.md": "+++\ntitle = \"TOML\"\ntype = \"article\"\norganization = \"shkola-1\"\nstatus = \"draft\"\ndate = 2025-11-12\n+++\n\nТекст.\n",
		"materials/json.md": "{\n  \"title\": \"JSON\",\n  \"type\": \"article\",\n  \"organization\": \"shkola-1\",\n  \"status\": \"draft\"\n}\n\nТекст.\n",
		"events/toml-event.md": "+++\ntitle = \"Семинар\"\nkind = \"seminar\"\nlevel = \"school\"\n" +
			"start = 2025-12-03T15:00:00\nend = 2025-12-03T17:00:00\ntimezone = \"Asia/Sakhalin\"\norganizer = \"shkola-1\"\nstatus = \"done\"\n+++\n",
	})
	report, err := interchange.Import(app, dir, sakhalin(t))
	if err != nil {
		t.Fatal(err)
	}
	if report.Created[schema.Materials] != 4 {
		t.Errorf("created %d materials, want 4", report.Created[schema.Materials])
	}
	m, err := app.FindFirstRecordByData(schema.Materials, "slug", "crlf")
	if err != nil {
		t.Fatal(err)
	}
	if m.GetString("title") != "Новый материал" || strings.Contains(m.GetString("body"), "\r") {
		t.Errorf("CRLF material read wrong: title %q body %q", m.GetString("title"), m.GetString("body"))
	}
	toml, err := app.FindFirstRecordByData(schema.Materials, "slug", "toml")
	if err != nil {
		t.Fatal(err)
	}
	if got := toml.GetDateTime("date").Time().Format("2006-01-02"); got != "2025-11-12" {
		t.Errorf("TOML date = %s", got)
	}
	// 15:00 on Sakhalin (UTC+11) is 04:00 UTC, although TOML hands the
	// local date-time over without a zone
	ev, err := app.FindFirstRecordByData(schema.Events, "slug", "toml-event")
	if err != nil {
		t.Fatal(err)
	}
	if got := ev.GetDateTime("start").Time().UTC().Format(time.RFC3339); got != "2025-12-03T04:00:00Z" {
		t.Errorf("TOML event start = %s, want 2025-12-03T04:00:00Z", got)
	}
}

func TestImportTwiceChangesNothingAndKeepsFiles(t *testing.T) {
	app := empty.App(t)
	if _, err := interchange.Import(app, "testdata/valid", sakhalin(t)); err != nil {
		t.Fatal(err)
	}
	first, err := app.FindFirstRecordByData(schema.Materials, "slug", "urok-test")
	if err != nil {
		t.Fatal(err)
	}
	report, err := interchange.Import(app, "testdata/valid", sakhalin(t))
	if err != nil {
		t.Fatal(err)
	}
	if report.Created[schema.Materials] != 0 || report.Updated[schema.Materials] != 1 {
		t.Errorf("second import: %+v", report)
	}
	second, err := app.FindFirstRecordByData(schema.Materials, "slug", "urok-test")
	if err != nil {
		t.Fatal(err)
	}
	if first.Id != second.Id || first.GetString("qr_code") != "4BGXV7" || second.GetString("qr_code") != "4BGXV7" {
		t.Errorf("record or code changed: %s/%s → %s/%s", first.Id, first.GetString("qr_code"), second.Id, second.GetString("qr_code"))
	}
	if a, b := first.GetStringSlice("files"), second.GetStringSlice("files"); len(a) != 1 || len(b) != 1 || a[0] != b[0] {
		t.Errorf("unchanged attachment re-uploaded: %v → %v", a, b)
	}
}

func TestImportRefusesToChangeAnExistingCode(t *testing.T) {
	app := empty.App(t)
	if _, err := interchange.Import(app, "testdata/valid", sakhalin(t)); err != nil {
		t.Fatal(err)
	}
	dir := copyDir(t, "testdata/valid")
	data, err := os.ReadFile(filepath.Join(dir, "materials/urok-test.md"))
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"materials/urok-test.md": strings.Replace(string(data), "qr: 4BGXV7", "qr: 5MP3HY", 1)})
	_, err = interchange.Import(app, dir, sakhalin(t))
	if err == nil || !strings.Contains(err.Error(), "materials/urok-test.md:16: qr: у записи уже есть QR-код 4BGXV7") {
		t.Fatalf("err = %v", err)
	}
}

func TestImportNeverReusesTheCodeOfADeletedRecord(t *testing.T) {
	app := empty.App(t)
	if _, err := interchange.Import(app, "testdata/valid", sakhalin(t)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{schema.Practices, schema.Events, schema.Materials} {
		records, err := app.FindAllRecords(c)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range records {
			if err := app.Delete(r); err != nil {
				t.Fatal(err)
			}
		}
	}
	dir := copyDir(t, "testdata/valid")
	data, err := os.ReadFile(filepath.Join(dir, "materials/urok-test.md"))
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"materials/other.md": string(data)})
	os.Remove(filepath.Join(dir, "materials/urok-test.md"))
	os.Remove(filepath.Join(dir, "events/seminar-test.md"))
	os.Remove(filepath.Join(dir, "practices/praktika-test.md"))
	_, err = interchange.Import(app, dir, sakhalin(t))
	if err == nil || !strings.Contains(err.Error(), "qr: QR-код 4BGXV7 уже принадлежит другой записи или использовался ранее") {
		t.Fatalf("err = %v", err)
	}
}
