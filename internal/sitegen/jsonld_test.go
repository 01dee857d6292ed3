package sitegen_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/kopilka/kopilka/internal/sitegen"
)

// hostileLD are texts that close a script element, start a comment or a
// CDATA section, or break out of a JSON string, if printed unescaped.
const hostileLD = `</script><script>alert("ld")</script> <!-- ]]> & "кавычки" \ </SCRIPT`

// ldSite is the fixture with a practice and a teacher whose texts are
// hostile.
func ldSite(t *testing.T) *sitegen.Site {
	s := fixtureSite(t)
	s.Teachers = append(s.Teachers, sitegen.Teacher{Slug: "vrednaya", Name: hostileLD, Organization: "sosh-1", Position: hostileLD,
		Subjects: []string{hostileLD}})
	s.Practices = append(s.Practices, sitegen.Practice{Slug: "vrednaya", Title: hostileLD, Summary: hostileLD, BodyHTML: "<p>Текст.</p>",
		Organization: "sosh-1", Authors: []string{"vrednaya"}, Materials: []string{"xss"}, QRCode: "V1V2V3",
		PublishedAt: s.Now.Add(-48 * 3600e9), Updated: s.Now.Add(-48 * 3600e9)})
	return s
}

var ldScript = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// jsonLD is the JSON-LD of a page, checked to be one script element
// whose text cannot end it early, and to be JSON.
func jsonLD(t *testing.T, page string) (raw string, v map[string]any) {
	t.Helper()
	m := ldScript.FindAllStringSubmatch(page, -1)
	if len(m) != 1 {
		t.Fatalf("%d JSON-LD scripts, want 1", len(m))
	}
	raw = m[0][1]
	for _, bad := range []string{"<", ">", "&"} {
		if strings.Contains(raw, bad) {
			t.Errorf("JSON-LD holds a raw %q: %s", bad, raw)
		}
	}
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatalf("JSON-LD is not JSON: %v\n%s", err, raw)
	}
	return raw, v
}

func TestStructuredDataMatchesGoldenFiles(t *testing.T) {
	out := build(t, ldSite(t))
	pages := []struct{ rel, golden, typ string }{
		{"index.html", "jsonld-home.json.golden", "WebSite"},
		{"materials/urok-drobi/index.html", "jsonld-material.json.golden", "LearningResource"},
		{"practices/klub/index.html", "jsonld-practice.json.golden", "LearningResource"},
		{"practices/vrednaya/index.html", "jsonld-practice-hostile.json.golden", "LearningResource"},
		{"teachers/ivanova-anna/index.html", "jsonld-teacher.json.golden", "Person"},
		{"teachers/vrednaya/index.html", "jsonld-teacher-hostile.json.golden", "Person"},
		{"events/otmenennyj/index.html", "jsonld-event-open.json.golden", "Event"},
	}
	for _, p := range pages {
		t.Run(p.rel, func(t *testing.T) {
			raw, v := jsonLD(t, read(t, out, p.rel))
			if v["@context"] != "https://schema.org" || v["@type"] != p.typ {
				t.Errorf("@context %v, @type %v, want schema.org's %s", v["@context"], v["@type"], p.typ)
			}
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, []byte(raw), "", "  "); err != nil {
				t.Fatal(err)
			}
			golden(t, p.golden, pretty.String()+"\n")
		})
	}
}

func TestStructuredDataSaysWhatThePageSays(t *testing.T) {
	out := build(t, ldSite(t))
	_, home := jsonLD(t, read(t, out, "index.html"))
	action, _ := home["potentialAction"].(map[string]any)
	target, _ := action["target"].(map[string]any)
	if action["@type"] != "SearchAction" || target["urlTemplate"] != "https://kopilka.example/search/?q={search_term_string}" ||
		action["query-input"] != "required name=search_term_string" {
		t.Errorf("home search action %v", action)
	}
	if !strings.Contains(read(t, out, "index.html"), `action="/search/"`) || !strings.Contains(read(t, out, "search/index.html"), `name="q"`) {
		t.Error("the search action names a search page the site does not have as /search/?q=")
	}

	_, practice := jsonLD(t, read(t, out, "practices/klub/index.html"))
	if !equalJSON(practice["about"], []string{"математика"}) || !equalJSON(practice["educationalLevel"], []string{"Основное общее образование"}) {
		t.Errorf("practice about %v, educationalLevel %v: its materials' subjects and levels", practice["about"], practice["educationalLevel"])
	}

	_, teacher := jsonLD(t, read(t, out, "teachers/ivanova-anna/index.html"))
	works, _ := teacher["worksFor"].(map[string]any)
	if teacher["name"] != "Иванова Анна Петровна" || teacher["jobTitle"] != "учитель математики" ||
		works["name"] != "МБОУ СОШ № 1" || works["url"] != "https://kopilka.example/schools/sosh-1/" {
		t.Errorf("teacher %v", teacher)
	}

	// hostile texts come back as typed
	for _, rel := range []string{"practices/vrednaya/index.html", "teachers/vrednaya/index.html", "materials/xss/index.html"} {
		_, v := jsonLD(t, read(t, out, rel))
		var texts []any
		for _, k := range []string{"name", "description", "jobTitle"} {
			if x, ok := v[k]; ok {
				texts = append(texts, x)
			}
		}
		for _, k := range []string{"knowsAbout", "author"} {
			if list, ok := v[k].([]any); ok {
				for _, x := range list {
					if m, ok := x.(map[string]any); ok {
						texts = append(texts, m["name"])
					} else {
						texts = append(texts, x)
					}
				}
			}
		}
		found := false
		for _, x := range texts {
			switch x {
			case hostileLD, `</script><script>alert("t")</script><b>жирный</b>`, `"><img src=x onerror=alert(1)>`:
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no hostile text comes back as typed among %q", rel, texts)
		}
	}

	// an event without an end has none in its JSON-LD, on its page and in
	// its calendar
	_, open := jsonLD(t, read(t, out, "events/otmenennyj/index.html"))
	if _, ok := open["endDate"]; ok {
		t.Errorf("an event without an end has endDate %v", open["endDate"])
	}
	if page := read(t, out, "events/otmenennyj/index.html"); !strings.Contains(page, "25 ноября 2026, 13:30") || strings.Contains(page, "13:30–") {
		t.Error("the page of an event without an end does not show just its start")
	}
	if ics := read(t, out, "events/otmenennyj/event.ics"); strings.Contains(ics, "DTEND") {
		t.Error("the calendar of an event without an end has a DTEND")
	}
}

func equalJSON(got any, want []string) bool {
	a, _ := json.Marshal(got)
	b, _ := json.Marshal(want)
	return string(a) == string(b)
}
