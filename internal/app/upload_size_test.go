package app_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kopilka/kopilka/internal/schema"
)

// zeros reads n zero bytes without holding them.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > z.n {
		p = p[:z.n]
	}
	clear(p)
	z.n -= int64(len(p))
	return len(p), nil
}

// materialUpload posts the CMS's new-material form with one PDF of size
// bytes over a real connection, as a browser does, and returns the answer.
func materialUpload(t *testing.T, srv *httptest.Server, b *browser, size int64) (*http.Response, string) {
	t.Helper()
	var head bytes.Buffer
	mw := multipart.NewWriter(&head)
	for k, v := range map[string]string{"_csrf": b.csrf(), "title": fmt.Sprintf("Большой файл %d МБ", size>>20), "type": "lesson-plan", "license": "CC-BY-4.0", "action": "save"} {
		_ = mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("files", "Большой.pdf")
	_, _ = fw.Write([]byte("%PDF-1.4\n"))
	tail := "\r\n--" + mw.Boundary() + "--\r\n"
	pdf := int64(len("%PDF-1.4\n"))
	body := io.MultiReader(bytes.NewReader(head.Bytes()), &zeros{n: size - pdf}, strings.NewReader(tail))
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/app/materials/new", body)
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = int64(head.Len()) + size - pdf + int64(len(tail))
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("upload of %d MB: the connection failed instead of an answer: %v", size>>20, err)
	}
	defer res.Body.Close()
	page, _ := io.ReadAll(res.Body)
	return res, string(page)
}

func TestCMSUploadsUpToTheirPromisedSizeAndAnswersLargerOnesInRussian(t *testing.T) {
	if testing.Short() {
		t.Skip("sends 200 MB")
	}
	a := fixture.App(t)
	h, _ := serve(t, a)
	srv := httptest.NewServer(h)
	defer srv.Close()
	b := newBrowser(t, h)
	b.login("teacherA1")
	before, _ := a.CountRecords(schema.Materials)

	b.get("/app/materials/new")
	res, _ := materialUpload(t, srv, b, 48<<20)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a 48 MB file: %d, want the saved material", res.StatusCode)
	}
	id := strings.TrimPrefix(res.Header.Get("Location"), "/app/materials/")
	if m, err := a.FindRecordById(schema.Materials, id); err != nil || len(m.GetStringSlice("files")) != 1 {
		t.Fatalf("the 48 MB material: %v", err)
	}

	b.get("/app/materials/new")
	res, page := materialUpload(t, srv, b, 60<<20)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "Файл больше 50 МБ") {
		t.Errorf("a 60 MB file: %d, want the form with «Файл больше 50 МБ»", res.StatusCode)
	}

	b.get("/app/materials/new")
	res, page = materialUpload(t, srv, b, 150<<20)
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(page, "до 100 МБ") {
		t.Errorf("a 150 MB form: %d, want 413 with a Russian page", res.StatusCode)
	}
	if n, _ := a.CountRecords(schema.Materials); n != before+1 {
		t.Errorf("materials: %d, want %d: only the 48 MB one saved", n, before+1)
	}
}
