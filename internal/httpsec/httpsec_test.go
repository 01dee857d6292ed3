package httpsec

import (
	"net/http"
	"strings"
	"testing"
)

func TestAttachmentDispositionKeepsCyrillicSafely(t *testing.T) {
	tests := []struct{ name, want string }{
		{"konspekt.pdf", `attachment; filename="konspekt.pdf"; filename*=UTF-8''konspekt.pdf`},
		{"Конспект урока.pdf", `attachment; filename="________ _____.pdf"; filename*=UTF-8''%D0%9A%D0%BE%D0%BD%D1%81%D0%BF%D0%B5%D0%BA%D1%82%20%D1%83%D1%80%D0%BE%D0%BA%D0%B0.pdf`},
		{`a"b\c.pdf`, `attachment; filename="a_b_c.pdf"; filename*=UTF-8''a%22b%5Cc.pdf`},
	}
	for _, tt := range tests {
		got := AttachmentDisposition(tt.name)
		if got != tt.want {
			t.Errorf("AttachmentDisposition(%q) = %s", tt.name, got)
		}
		if strings.ContainsAny(got, "\r\n") {
			t.Errorf("header value breaks lines: %q", got)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	h := http.Header{}
	SecurityHeaders(h)
	if !strings.Contains(h.Get("Content-Security-Policy"), "script-src 'self'") || h.Get("X-Content-Type-Options") != "nosniff" ||
		h.Get("Referrer-Policy") == "" || !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Errorf("headers: %v", h)
	}
}
