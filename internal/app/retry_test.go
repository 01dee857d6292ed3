package app_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/publish"
)

func TestAFailedBuildIsTriedAgainUntilItSucceeds(t *testing.T) {
	a := fixture.App(t)
	override := t.TempDir()
	home := filepath.Join(override, "layouts", "home.html")
	if err := os.MkdirAll(filepath.Dir(home), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(home, []byte("{{ define \"main\" }}{{ .Broken.Field }}{{ end }}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	builder := &publish.Builder{App: a, Theme: kopilka.SiteTheme, Root: filepath.Join(t.TempDir(), "pb_public"), Override: override,
		Settings: corpusSettings(t), Debounce: 10 * time.Millisecond, RetryDelay: 200 * time.Millisecond, Log: &log}
	t.Cleanup(builder.Close)
	builder.Schedule()
	deadline := time.Now().Add(time.Minute)
	for builder.Status().Error == "" {
		if time.Now().After(deadline) {
			t.Fatal("the broken build never failed")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if st := builder.Status(); st.Retry.IsZero() {
		t.Errorf("a failed build has no retry time: %+v", st)
	}
	// the fault passes; nothing else changes and nobody schedules a build
	if err := os.Remove(home); err != nil {
		t.Fatal(err)
	}
	builder.Wait()
	st := builder.Status()
	if st.Error != "" || st.LastBuild.IsZero() || builder.Current() == "" {
		t.Fatalf("the site was not built after the fault passed: %+v", st)
	}
	if _, err := os.Stat(filepath.Join(builder.Current(), "index.html")); err != nil {
		t.Errorf("no home page: %v", err)
	}
	if !strings.Contains(log.String(), "trying again in") {
		t.Errorf("the log does not say a retry is coming:\n%s", log.String())
	}
}
