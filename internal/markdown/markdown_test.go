package markdown

import (
	"strings"
	"testing"
)

func TestRenderMarkdownIsHarmless(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
		notWant  []string
	}{
		{"raw html dropped", "Текст <script>alert(1)</script> <b onclick=x>жирный</b>", []string{"Текст"}, []string{"<script", "onclick", "<b"}},
		{"javascript link emptied", "[нажми](javascript:alert(1))", []string{"нажми"}, []string{"javascript:"}},
		{"data link emptied", "[файл](data:text/html;base64,PHNjcmlwdD4=)", nil, []string{"data:text/html"}},
		{"external image becomes a link", "![схема](https://tracker.example/p.png)", []string{`<a href="https://tracker.example/p.png" rel="nofollow">схема</a>`}, []string{"<img"}},
		{"local image stays", "![схема](/files/materials/x/s.png)", []string{`<img src="/files/materials/x/s.png" alt="схема"`}, nil},
		{"javascript image dropped", "![x](javascript:alert(1))", nil, []string{"javascript:", "<img"}},
		{"shortcodes are plain text", "{{< param \"x\" >}} {{% qr %}}", []string{"{{&lt; param &quot;x&quot; &gt;}}"}, nil},
		{"tables render", "| а | б |\n|---|---|\n| 1 | 2 |", []string{"<table>", "<td>1</td>"}, nil},
		// a text is printed under its page's own h1, which stays the only
		// one: its highest heading is h2, the others keep their distance
		{"# is h2", "# Заголовок\n\nТекст", []string{"<h2>Заголовок</h2>"}, []string{"<h1"}},
		{"setext h1 is h2", "Заголовок\n===", []string{"<h2>Заголовок</h2>"}, []string{"<h1"}},
		{"# and ## are h2 and h3", "# Урок\n\n## Цель\n\n### Шаг", []string{"<h2>Урок</h2>", "<h3>Цель</h3>", "<h4>Шаг</h4>"}, []string{"<h1"}},
		{"## alone is h2, as the form hint says", "## Цель\n\n### Шаг", []string{"<h2>Цель</h2>", "<h3>Шаг</h3>"}, nil},
		{"h6 stays h6", "# Первый\n\n##### Пятый\n\n###### Шестой", []string{"<h2>Первый</h2>", "<h6>Пятый</h6>", "<h6>Шестой</h6>"}, []string{"<h1", "<h7"}},
		// the validator refuses align=, the content security policy style=
		{"aligned columns by class", "| л | ц | п | н |\n|:---|:---:|---:|---|\n| 1 | 2 | 3 | 4 |",
			[]string{`<th class="align-left">л</th>`, `<th class="align-center">ц</th>`, `<th class="align-right">п</th>`, "<th>н</th>",
				`<td class="align-left">1</td>`, `<td class="align-center">2</td>`, `<td class="align-right">3</td>`, "<td>4</td>"},
			[]string{"align=", "style="}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Render(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(got, w) {
					t.Errorf("output contains %q:\n%s", w, got)
				}
			}
		})
	}
}
