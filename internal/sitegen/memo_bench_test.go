package sitegen

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkGenerate measures generating a 10,000-material site's content
// after one material is published: afresh, as a one-off build does, and
// through the memo of the build before, as a live site does.
func BenchmarkGenerate(b *testing.B) {
	for _, withMemo := range []bool{false, true} {
		b.Run(fmt.Sprintf("memo=%v", withMemo), func(b *testing.B) {
			s := modelSite(b, 10000)
			var m *memo
			if withMemo {
				m = &memo{}
			}
			if _, err := generate(s, newCalendar(s), nil, m); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				nm := s.Materials[i%len(s.Materials)]
				nm.Slug = fmt.Sprintf("new-%d", i)
				nm.PublishedAt = s.Now.Add(time.Duration(i) * time.Second)
				s.Materials = append(s.Materials, nm)
				if _, err := generate(s, newCalendar(s), nil, m); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
