package app_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"github.com/kopilka/kopilka/internal/schema"
)

func TestBrowserCuratorSeesAMaterialLeftOffTheSite(t *testing.T) {
	chromium(t)
	var slug string
	srv, _, _ := liveServer(t, func(a *tests.TestApp) {
		m := record(t, a, schema.Materials, "matPubA1")
		slug = m.GetString("slug")
		fsys, err := a.NewFilesystem()
		if err != nil {
			t.Fatal(err)
		}
		defer fsys.Close()
		if err := fsys.Delete(m.BaseFilesPath() + "/" + m.GetStringSlice("files")[0]); err != nil {
			t.Fatal(err)
		}
	})
	b := newSession(t, srv.URL)
	b.login("curator")
	b.open("/app/site", ".left-out")
	if got := b.text(".left-out"); !strings.Contains(got, slug) {
		t.Errorf("the site screen lists %q, want %s", got, slug)
	}
	b.shoot("cms-site-left-out")
}
