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
