package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A data folder remembers the settings given once; later runs use them
// unless a flag or the environment gives another, which is then kept.
func TestADataFolderRemembersTheMunicipalityAddressAndZone(t *testing.T) {
	for _, v := range []string{"KOPILKA_MUNICIPALITY", "KOPILKA_BASE_URL", "KOPILKA_TIMEZONE"} {
		t.Setenv(v, "")
	}
	dir := t.TempDir()
	flags := func(names ...string) func(string) bool {
		return func(f string) bool {
			for _, n := range names {
				if n == f {
					return true
				}
			}
			return false
		}
	}
	steps := []struct {
		name  string
		set   func(*Config)
		given []string
		env   map[string]string
		want  Config
		known string
	}{
		{"a first run with the municipality and the address", func(c *Config) {
			c.Municipality, c.BaseURL = "Берёзовский муниципальный округ", "https://kopilka.example"
		}, []string{"municipality", "base-url"}, nil,
			Config{Municipality: "Берёзовский муниципальный округ", BaseURL: "https://kopilka.example", TimeZone: "Europe/Moscow"}, "base-url municipality"},
		{"a later run with no flags uses them", nil, nil, nil,
			Config{Municipality: "Берёзовский муниципальный округ", BaseURL: "https://kopilka.example", TimeZone: "Europe/Moscow"}, "base-url municipality"},
		{"a flag overrides and is kept", func(c *Config) { c.TimeZone = "Asia/Yekaterinburg" }, []string{"timezone"}, nil,
			Config{Municipality: "Берёзовский муниципальный округ", BaseURL: "https://kopilka.example", TimeZone: "Asia/Yekaterinburg"}, "base-url municipality timezone"},
		{"the environment overrides too", func(c *Config) { c.BaseURL = "https://new.example" }, nil, map[string]string{"KOPILKA_BASE_URL": "https://new.example"},
			Config{Municipality: "Берёзовский муниципальный округ", BaseURL: "https://new.example", TimeZone: "Asia/Yekaterinburg"}, "base-url municipality timezone"},
		{"a wrong zone is used, for the command to refuse, and not kept", func(c *Config) { c.TimeZone = "Mars/Olympus" }, []string{"timezone"}, nil,
			Config{Municipality: "Берёзовский муниципальный округ", BaseURL: "https://new.example", TimeZone: "Mars/Olympus"}, "base-url municipality timezone"},
		{"and the next run remembers the last good ones", nil, nil, nil,
			Config{Municipality: "Берёзовский муниципальный округ", BaseURL: "https://new.example", TimeZone: "Asia/Yekaterinburg"}, "base-url municipality timezone"},
	}
	for _, st := range steps {
		for k, v := range st.env {
			t.Setenv(k, v)
		}
		c := Defaults()
		if st.set != nil {
			st.set(&c)
		}
		known, err := c.Remember(dir, flags(st.given...))
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if c.Municipality != st.want.Municipality || c.BaseURL != st.want.BaseURL || c.TimeZone != st.want.TimeZone {
			t.Errorf("%s: got %q %q %q", st.name, c.Municipality, c.BaseURL, c.TimeZone)
		}
		var names []string
		for _, f := range []string{"base-url", "municipality", "timezone"} {
			if known[f] {
				names = append(names, f)
			}
		}
		if got := strings.Join(names, " "); got != st.known {
			t.Errorf("%s: known %q, want %q", st.name, got, st.known)
		}
		for k := range st.env {
			t.Setenv(k, "")
		}
	}
}

// A damaged file is an error that names it, not silently the defaults.
func TestADamagedRememberedFileIsNamed(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, RememberedFile), []byte("{municipality:"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := Defaults()
	_, err := c.Remember(dir, func(string) bool { return false })
	if err == nil || !strings.Contains(err.Error(), RememberedFile) {
		t.Fatalf("a damaged file: %v", err)
	}
}
