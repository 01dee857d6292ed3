package shortcode

import "testing"

func TestNewMakesValidDistinctCodes(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		c, err := New()
		if err != nil {
			t.Fatal(err)
		}
		if !Valid(c) {
			t.Fatalf("New() = %q, not valid", c)
		}
		seen[c] = true
	}
	if len(seen) < 990 {
		t.Fatalf("only %d distinct codes of 1000", len(seen))
	}
}

func TestValidAndNormalize(t *testing.T) {
	tests := []struct {
		in        string
		valid     bool
		normalize string
	}{
		{"4BGXV7", true, "4BGXV7"},
		{"4bgxv7", false, "4BGXV7"},
		{"4BG-XV7", false, "4BGXV7"},
		{"E0X36W", true, "E0X36W"},
		{"EOX36W", false, "E0X36W"},
		{"ILU123", false, ""},
		{"ABCDE", false, ""},
		{"ABCDEFG", false, ""},
		{"", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Valid(tt.in); got != tt.valid {
				t.Errorf("Valid(%q) = %v", tt.in, got)
			}
			if got := Normalize(tt.in); got != tt.normalize {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.normalize)
			}
		})
	}
}
