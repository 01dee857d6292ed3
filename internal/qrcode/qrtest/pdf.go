package qrtest

import (
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
)

// needTool finds a poppler tool; without it a test is skipped on a
// developer's machine and fails in CI, where .ci/run installs it.
func needTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing (Debian package poppler-utils); .ci/run installs it", name)
		}
		t.Skipf("%s is missing (apt-get install poppler-utils)", name)
	}
	return p
}

// RasterizePDF renders every page of pdf at dpi with pdftoppm.
func RasterizePDF(t testing.TB, pdf []byte, dpi int) []image.Image {
	t.Helper()
	tool := needTool(t, "pdftoppm")
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tool, "-r", itoa(dpi), "-png", in, filepath.Join(dir, "page"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	files, err := filepath.Glob(filepath.Join(dir, "page*.png"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	var pages []image.Image
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, img)
	}
	return pages
}

// PDFText extracts the text of pdf with pdftotext, in the order it was
// drawn, so the lines of one card stay together.
func PDFText(t testing.TB, pdf []byte) string {
	t.Helper()
	tool := needTool(t, "pdftotext")
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-raw", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// Crop returns the part of img inside r (in pixels).
func Crop(img image.Image, r image.Rectangle) image.Image {
	type sub interface {
		SubImage(image.Rectangle) image.Image
	}
	if s, ok := img.(sub); ok {
		return s.SubImage(r.Add(img.Bounds().Min))
	}
	return img
}

func itoa(n int) string {
	return strconv.Itoa(n)
}
