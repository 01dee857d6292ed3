package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// RememberedFile is the file in a data folder that keeps the settings
// every command run on the folder shares: the municipality, the site's
// address and the time zone.
const RememberedFile = "kopilka.json"

// remembered is what RememberedFile holds.
type remembered struct {
	Municipality string `json:"municipality,omitempty"`
	BaseURL      string `json:"base_url,omitempty"`
	TimeZone     string `json:"timezone,omitempty"`
}

// rememberedSettings are the settings kept, by flag, with their
// environment variables and where they live in a Config and in the file.
var rememberedSettings = []struct {
	flag, env string
	of        func(*Config) *string
	in        func(*remembered) *string
}{
	{"municipality", "KOPILKA_MUNICIPALITY", func(c *Config) *string { return &c.Municipality }, func(r *remembered) *string { return &r.Municipality }},
	{"base-url", "KOPILKA_BASE_URL", func(c *Config) *string { return &c.BaseURL }, func(r *remembered) *string { return &r.BaseURL }},
	{"timezone", "KOPILKA_TIMEZONE", func(c *Config) *string { return &c.TimeZone }, func(r *remembered) *string { return &r.TimeZone }},
}

// Remember makes the data folder dataDir remember the municipality, the
// site's address and the time zone: a setting given now (by its flag —
// given reports whether one was — or its environment variable) is stored
// in RememberedFile and used; one not given is taken from the file when
// the file has it. It returns the flags of the settings that were given or
// remembered; the others keep their defaults.
func (c *Config) Remember(dataDir string, given func(flag string) bool) (map[string]bool, error) {
	path := filepath.Join(dataDir, RememberedFile)
	var stored remembered
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("config: %w", err)
	default:
		if err := json.Unmarshal(data, &stored); err != nil {
			return nil, fmt.Errorf("config: %s: %w", path, err)
		}
	}
	known := map[string]bool{}
	changed := false
	for _, s := range rememberedSettings {
		now, kept := s.of(c), s.in(&stored)
		if given(s.flag) || strings.TrimSpace(os.Getenv(s.env)) != "" {
			known[s.flag] = true
			if *kept != *now {
				*kept, changed = *now, true
			}
			continue
		}
		if *kept != "" {
			*now, known[s.flag] = *kept, true
		}
	}
	// a wrong setting is the command's to report; it is never kept
	if changed && c.Validate() == nil {
		if err := writeRemembered(path, stored); err != nil {
			return nil, err
		}
	}
	return known, nil
}

// Keep stores the current values of the settings named by their flags in
// dataDir's RememberedFile, beside what it already holds.
func (c Config) Keep(dataDir string, flags ...string) error {
	path := filepath.Join(dataDir, RememberedFile)
	var stored remembered
	if data, err := os.ReadFile(path); err == nil {
		if err := json.Unmarshal(data, &stored); err != nil {
			return fmt.Errorf("config: %s: %w", path, err)
		}
	}
	for _, s := range rememberedSettings {
		for _, f := range flags {
			if f == s.flag {
				*s.in(&stored) = *s.of(&c)
			}
		}
	}
	return writeRemembered(path, stored)
}

// writeRemembered replaces the file whole, so a reader never sees half of it.
func writeRemembered(path string, r remembered) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	return nil
}
