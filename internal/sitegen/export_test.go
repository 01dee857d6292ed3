package sitegen

import "time"

// LatestPublished is the latest publication of s's materials, or s.Now
// when none is later: the benchmarks publish after every other material,
// as a curator does, and a large synthetic site's dates run past its Now.
func LatestPublished(s *Site) time.Time {
	newest := s.Now
	for _, m := range s.Materials {
		if m.PublishedAt.After(newest) {
			newest = m.PublishedAt
		}
	}
	return newest
}
