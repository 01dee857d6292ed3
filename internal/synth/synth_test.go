package synth_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kopilka/kopilka/internal/app"
	"github.com/kopilka/kopilka/internal/interchange"
	"github.com/kopilka/kopilka/internal/synth"
	"github.com/kopilka/kopilka/internal/testkit"
)

func TestGeneratedMunicipalityImportsAndIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	sizes := synth.SizesFor(300)
	if err := synth.Generate(a, 7, sizes); err != nil {
		t.Fatal(err)
	}
	if err := synth.Generate(b, 7, sizes); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"materials/m-17.md", "events/e-3.md", "teachers/t-99.md"} {
		x, _ := os.ReadFile(filepath.Join(a, f))
		y, _ := os.ReadFile(filepath.Join(b, f))
		if len(x) == 0 || string(x) != string(y) {
			t.Errorf("%s differs between two runs with the same seed", f)
		}
	}
	f, err := testkit.BuildEmpty(app.RegisterDefault)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	report, err := interchange.Import(f.App(t), a, interchange.Options{TimeZone: time.UTC})
	if err != nil {
		t.Fatalf("the generated folder does not import: %v", err)
	}
	if report.Created["materials"] != 300 || report.Created["teachers"] != sizes.Teachers || report.Created["events"] != sizes.Events {
		t.Errorf("imported %+v, sizes %+v", report.Created, sizes)
	}
}
