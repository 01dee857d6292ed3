package csvsafe

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestCell(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`=HYPERLINK("http://evil.example","x")`, `'=HYPERLINK("http://evil.example","x")`},
		{"@SUM(1+1)", "'@SUM(1+1)"},
		{"+7 (4242) 12-34-56", "'+7 (4242) 12-34-56"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"=1+2", "'=1+2"},
		{"\t=1+2", "'\t=1+2"},
		{"\r=1+2", "'\r=1+2"},
		{"-", "'-"},
		{"-1e3", "'-1e3"},
		{"1-2", "1-2"},
		{"МБОУ СОШ № 1", "МБОУ СОШ № 1"},
		{"Школа =1+2", "Школа =1+2"},
		{" =1+2", " =1+2"},
		{"'=1+2", "'=1+2"},
		{"", ""},
		// plain numbers stay numbers
		{"12", "12"},
		{"-0,50", "-0,50"},
		{"+1.5", "+1.5"},
		{"100,0", "100,0"},
		{"-1,2,3", "'-1,2,3"},
	} {
		if got := Cell(c.in); got != c.want {
			t.Errorf("Cell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestWriterNeutralisesEveryCell(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, ';')
	if err := w.Write([]string{"@SUM(1+1)", "2", "-0,25", `=HYPERLINK("http://evil.example";"x")`}); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(&buf)
	r.Comma = ';'
	got, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"'@SUM(1+1)", "2", "-0,25", `'=HYPERLINK("http://evil.example";"x")`}
	if len(got) != 1 || len(got[0]) != len(want) {
		t.Fatalf("read back %q", got)
	}
	for i := range want {
		if got[0][i] != want[i] {
			t.Errorf("cell %d reads back as %q, want %q", i, got[0][i], want[i])
		}
	}
}
