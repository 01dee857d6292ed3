package app_test

import (
	"testing"

	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/shortcode"
)

func TestFixtureRecordsGetSlugsAndCodes(t *testing.T) {
	app := fixture.App(t)
	m, err := app.FindRecordById(schema.Materials, fixture.IDs["matPubA1"])
	if err != nil {
		t.Fatal(err)
	}
	if m.GetString("slug") != "material-matpuba1" {
		t.Errorf("slug = %q", m.GetString("slug"))
	}
	if !shortcode.Valid(m.GetString("qr_code")) {
		t.Errorf("qr_code = %q", m.GetString("qr_code"))
	}
	if m.GetDateTime("published_at").IsZero() {
		t.Error("published material has no published_at")
	}
}
