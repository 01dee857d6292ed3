package sitegen_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/sitegen"
)

// syntheticSite makes a municipality with n materials and proportional
// schools, teachers, practices and events.
func syntheticSite(b testing.TB, n int) *sitegen.Site {
	s := fixtureSite(b)
	s.Materials, s.Practices, s.Events, s.Teachers, s.Organizations = nil, nil, nil, nil, nil
	subjects := []string{"математика", "русский язык", "литература", "физика", "химия", "биология", "история", "информатика", "английский язык", "начальные классы"}
	types := []string{"lesson-plan", "methodical-guide", "article", "report", "presentation", "master-class"}
	body := "<h2>Ход урока</h2><p>" + strings.Repeat("Учащиеся сравнивают дроби на моделях и формулируют правило. ", 30) + "</p>"
	schools := n/50 + 2
	for i := 0; i < schools; i++ {
		s.Organizations = append(s.Organizations, sitegen.Organization{Slug: fmt.Sprintf("sosh-%d", i), Name: fmt.Sprintf("МБОУ СОШ № %d", i), Kind: "school"})
	}
	teachers := n / 3
	for i := 0; i < teachers; i++ {
		s.Teachers = append(s.Teachers, sitegen.Teacher{Slug: fmt.Sprintf("teacher-%d", i), Name: fmt.Sprintf("Педагог %d", i), Organization: fmt.Sprintf("sosh-%d", i%schools)})
	}
	start := time.Date(2023, 9, 1, 10, 0, 0, 0, s.Location)
	for i := 0; i < n; i++ {
		s.Materials = append(s.Materials, sitegen.Material{
			Slug: fmt.Sprintf("material-%d", i), Title: fmt.Sprintf("Урок %d: дроби и проценты", i), Summary: "Краткое описание урока.",
			BodyHTML: body, Type: types[i%len(types)], Subjects: []string{subjects[i%len(subjects)]}, Levels: []string{"ooo"},
			Tags: []string{fmt.Sprintf("тема %d", i%40)}, Authors: []string{fmt.Sprintf("teacher-%d", i%teachers)},
			Organization: fmt.Sprintf("sosh-%d", i%schools), BestPractice: i%50 == 0, QRCode: fmt.Sprintf("%06d", i),
			PublishedAt: start.Add(time.Duration(i) * time.Hour), Updated: start,
		})
	}
	for i := 0; i < n/10; i++ {
		s.Events = append(s.Events, sitegen.Event{Slug: fmt.Sprintf("event-%d", i), Title: fmt.Sprintf("Семинар %d", i), Kind: "seminar",
			Level: "municipal", Start: start.Add(time.Duration(i) * 26 * time.Hour), Organizer: fmt.Sprintf("sosh-%d", i%schools),
			Subjects: []string{subjects[i%len(subjects)]}, Materials: []string{fmt.Sprintf("material-%d", i)}, Status: "done"})
	}
	for i := 0; i < n/20; i++ {
		s.Practices = append(s.Practices, sitegen.Practice{Slug: fmt.Sprintf("practice-%d", i), Title: fmt.Sprintf("Практика %d", i),
			Organization: fmt.Sprintf("sosh-%d", i%schools), Materials: []string{fmt.Sprintf("material-%d", i)}, PublishedAt: start})
	}
	return s
}

// BenchmarkFullBuild measures a whole site build. Figures are in the README.
func BenchmarkFullBuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("materials=%d", n), func(b *testing.B) {
			s := syntheticSite(b, n)
			for i := 0; i < b.N; i++ {
				out := filepath.Join(b.TempDir(), "site")
				stats, err := sitegen.Build(s, sitegen.Options{Theme: kopilka.SiteTheme, Out: out})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(stats.Pages), "pages")
				for _, ph := range stats.Phases {
					b.ReportMetric(ph.Duration.Seconds(), ph.Name+"-s")
				}
			}
		})
	}
}

// BenchmarkLivePublish measures a live site's build after one material is
// published: the time from the data to a complete new folder (the first
// after the full build takes the copy it left, each later one the folder
// of the build before last, recycled).
func BenchmarkLivePublish(b *testing.B) {
	for _, n := range []int{1000, 10000, 50000} {
		b.Run(fmt.Sprintf("materials=%d", n), func(b *testing.B) {
			s := syntheticSite(b, n)
			root := b.TempDir()
			live := sitegen.NewLive(filepath.Join(root, "live"), sitegen.Options{Theme: kopilka.SiteTheme})
			defer live.Close()
			if _, err := live.Build(s, filepath.Join(root, "full")); err != nil {
				b.Fatal(err)
			}
			newest := sitegen.LatestPublished(s)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				m := s.Materials[i%n]
				m.Slug, m.QRCode = fmt.Sprintf("new-%d", i), fmt.Sprintf("N%05d", i)
				m.PublishedAt = newest.Add(time.Duration(i+1) * time.Second)
				s.Materials = append(s.Materials, m)
				if i > 0 {
					// as serve does a minute after a build is replaced
					live.Recycle(filepath.Join(root, fmt.Sprintf("b%d", i-1)))
				}
				stats, err := live.Build(s, filepath.Join(root, fmt.Sprintf("b%d", i)))
				if err != nil {
					b.Fatal(err)
				}
				for _, ph := range stats.Phases {
					b.ReportMetric(ph.Duration.Seconds(), ph.Name+"-s")
				}
			}
		})
	}
}
