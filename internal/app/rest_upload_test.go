package app_test

import (
	"bytes"
	"encoding/json"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/testkit"
)

// sdkForm builds a multipart body as the official JS SDK sends one: the
// plain fields as JSON under @jsonPayload, each file as a part of fileKey.
func sdkForm(t *testing.T, fields map[string]any, fileKey string, names ...string) (body []byte, contentType string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if len(fields) > 0 {
		payload, err := json.Marshal(fields)
		if err != nil {
			t.Fatal(err)
		}
		if err := mw.WriteField("@jsonPayload", string(payload)); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range names {
		fw, err := mw.CreateFormFile(fileKey, name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write(testkit.MinimalPDF); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), mw.FormDataContentType()
}

// uploaded is what the REST API answers about a material's files.
type uploaded struct {
	ID        string            `json:"id"`
	Slug      string            `json:"slug"`
	Files     []string          `json:"files"`
	FileNames map[string]string `json:"file_names"`
}

func decodeUploaded(t *testing.T, what string, code int, body []byte) uploaded {
	t.Helper()
	if code != http.StatusOK {
		t.Fatalf("%s: %d %s", what, code, body)
	}
	var u uploaded
	if err := json.Unmarshal(body, &u); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return u
}

// shownNames lists the names a material's files are offered under, in
// the order of its files; a file without a kept name shows "".
func shownNames(u uploaded) []string {
	out := make([]string, len(u.Files))
	for i, f := range u.Files {
		out[i] = u.FileNames[f]
	}
	return out
}

// A teacher uploads through the REST API as the JS SDK does — create with
// files, PATCH with files+ and files- — and every file keeps the name it was
// uploaded with, down to the public site: the material page links each
// file by that name and the site's download offers it under that name.
func TestFilesUploadedThroughTheRESTAPIKeepTheirNamesOnTheSite(t *testing.T) {
	a := fixture.App(t)
	h, builder := serve(t, a)
	teacher := fixture.Tokens["teacherA1"]

	// create: @jsonPayload and two files, one sent with a Windows path
	body, ct := sdkForm(t, map[string]any{
		"title": "Загружено через SDK", "type": "lesson-plan", "status": schema.StatusDraft,
		"organization": fixture.IDs["orgA"], "authors": []string{fixture.IDs["tA1"]},
	}, "files", "План урока.pdf", `C:\Users\Учитель\Приложение 1.pdf`)
	rec := send(h, http.MethodPost, "/api/collections/materials/records", teacher, ct, body)
	created := decodeUploaded(t, "create", rec.Code, rec.Body.Bytes())
	if got := shownNames(created); len(got) != 2 || got[0] != "План урока.pdf" || got[1] != "Приложение 1.pdf" {
		t.Fatalf("after create the files %v are named %v", created.Files, created.FileNames)
	}

	// files+ appends: the new file is named, the old ones keep theirs; a
	// name sent without an extension gets the stored file's
	body, ct = sdkForm(t, nil, "files+", "Приложение 2")
	rec = send(h, http.MethodPatch, "/api/collections/materials/records/"+created.ID, teacher, ct, body)
	appended := decodeUploaded(t, "files+", rec.Code, rec.Body.Bytes())
	if got := shownNames(appended); len(got) != 3 || got[0] != "План урока.pdf" || got[1] != "Приложение 1.pdf" || got[2] != "Приложение 2.pdf" {
		t.Fatalf("after files+ the files %v are named %v", appended.Files, appended.FileNames)
	}

	// files- removes, as a plain multipart field: the name goes with the file
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	_ = mw.WriteField("files-", appended.Files[1])
	_ = mw.Close()
	rec = send(h, http.MethodPatch, "/api/collections/materials/records/"+created.ID, teacher, mw.FormDataContentType(), form.Bytes())
	removed := decodeUploaded(t, "files-", rec.Code, rec.Body.Bytes())
	if got := shownNames(removed); len(got) != 2 || got[0] != "План урока.pdf" || got[1] != "Приложение 2.pdf" || len(removed.FileNames) != 2 {
		t.Fatalf("after files- the files %v are named %v", removed.Files, removed.FileNames)
	}

	// files- as JSON, and files+ in the same request
	body, ct = sdkForm(t, map[string]any{"files-": []string{removed.Files[0]}}, "files+", "Итоговый тест.pdf")
	rec = send(h, http.MethodPatch, "/api/collections/materials/records/"+created.ID, teacher, ct, body)
	final := decodeUploaded(t, "files- and files+", rec.Code, rec.Body.Bytes())
	if got := shownNames(final); len(got) != 2 || got[0] != "Приложение 2.pdf" || got[1] != "Итоговый тест.pdf" || len(final.FileNames) != 2 {
		t.Fatalf("after files- and files+ the files %v are named %v", final.Files, final.FileNames)
	}

	// the teacher submits, the curator publishes
	for _, step := range []struct{ token, status string }{
		{teacher, schema.StatusSubmitted}, {fixture.Tokens["curator"], schema.StatusPublished},
	} {
		rec = send(h, http.MethodPatch, "/api/collections/materials/records/"+created.ID, step.token, "application/json",
			[]byte(`{"status":"`+step.status+`"}`))
		if rec.Code != http.StatusOK {
			t.Fatalf("status %s: %d %s", step.status, rec.Code, rec.Body.String())
		}
	}
	builder.Wait()

	page := get(h, "/materials/"+final.Slug+"/", "")
	if page.Code != http.StatusOK {
		t.Fatalf("the material's page: %d", page.Code)
	}
	text := html.UnescapeString(page.Body.String())
	for _, name := range []string{"Приложение 2.pdf", "Итоговый тест.pdf"} {
		if !strings.Contains(text, ">"+name+"</a>") {
			t.Errorf("the material's page does not link %q", name)
		}
		dl := get(h, "/files/materials/"+final.Slug+"/"+url.PathEscape(name), "")
		if cd := dl.Header().Get("Content-Disposition"); dl.Code != http.StatusOK ||
			!strings.Contains(cd, "filename*=UTF-8''"+url.PathEscape(name)) {
			t.Errorf("the site's download of %q: %d %q", name, dl.Code, cd)
		}
	}
	for _, gone := range []string{"План урока.pdf", "Приложение 1.pdf"} {
		if strings.Contains(text, gone) {
			t.Errorf("the material's page still offers the removed %q", gone)
		}
	}
	for _, stored := range final.Files {
		if strings.Contains(text, stored) {
			t.Errorf("the material's page shows the stored name %q", stored)
		}
	}
}
