package sitegen

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkGenerate measures generating a site's content after one
// material is published: afresh, as a one-off build does, and through the
// memo of the build before, as a live site does.
func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{10000, 50000} {
		for _, withMemo := range []bool{false, true} {
			b.Run(fmt.Sprintf("materials=%d/memo=%v", n, withMemo), func(b *testing.B) {
				s := modelSite(b, n)
				var m *memo
				if withMemo {
					m = &memo{}
				}
				if _, err := generate(s, newCalendar(s), nil, m); err != nil {
					b.Fatal(err)
				}
				newest := LatestPublished(s)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					nm := s.Materials[i%len(s.Materials)]
					nm.Slug = fmt.Sprintf("new-%d", i)
					nm.PublishedAt = newest.Add(time.Duration(i+1) * time.Second)
					s.Materials = append(s.Materials, nm)
					if _, err := generate(s, newCalendar(s), nil, m); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
