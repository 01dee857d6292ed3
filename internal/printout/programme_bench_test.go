package printout_test

import (
	"testing"

	"github.com/kopilka/kopilka/internal/printout"
)

// BenchmarkProgrammePDF is what one event pack's programme costs: most of it
// is fpdf loading and cutting the two fonts.
func BenchmarkProgrammePDF(b *testing.B) {
	p := programme(1)
	for i := 0; i < b.N; i++ {
		if _, err := printout.ProgrammePDF(p); err != nil {
			b.Fatal(err)
		}
	}
}
