package config

import (
	"strings"
	"testing"
)

func TestDefaultsComeFromTheEnvironment(t *testing.T) {
	t.Setenv("KOPILKA_MUNICIPALITY", "Берёзовский муниципальный округ")
	t.Setenv("KOPILKA_BASE_URL", "https://kopilka.example")
	t.Setenv("KOPILKA_TIMEZONE", "Asia/Sakhalin")
	c := Defaults()
	if c.Municipality != "Берёзовский муниципальный округ" || c.BaseURL != "https://kopilka.example" || c.TimeZone != "Asia/Sakhalin" {
		t.Fatalf("Defaults() = %+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestValidateNamesTheWrongSetting(t *testing.T) {
	tests := []struct {
		name string
		c    Config
		want string
	}{
		{"unknown zone", Config{Municipality: "М", BaseURL: "http://x", TimeZone: "Mars/Olympus"}, "Mars/Olympus"},
		{"local zone", Config{Municipality: "М", BaseURL: "http://x", TimeZone: "Local"}, "IANA"},
		{"relative base URL", Config{Municipality: "М", BaseURL: "kopilka.example", TimeZone: "UTC"}, "base URL"},
		{"bad proxy", Config{Municipality: "М", BaseURL: "http://x", TimeZone: "UTC", TrustedProxies: "10.0.0.0/8, proxy.local"}, "proxy.local"},
		{"empty municipality", Config{Municipality: " ", BaseURL: "http://x", TimeZone: "UTC"}, "municipality"},
		{"contest level", Config{Municipality: "М", BaseURL: "http://x", TimeZone: "UTC", ContestLevel: "district", ContestPlace: "winner"}, `contest level "district"`},
		{"contest place", Config{Municipality: "М", BaseURL: "http://x", TimeZone: "UTC", ContestLevel: "regional", ContestPlace: "first"}, `contest place "first"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.c.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate() = %v, want an error naming %q", err, tt.want)
			}
		})
	}
}

func TestTrustedProxiesParse(t *testing.T) {
	c := Config{TrustedProxies: "127.0.0.1, 10.0.0.0/8,::1"}
	got, err := c.Proxies()
	if err != nil || len(got) != 3 || got[0].String() != "127.0.0.1/32" || got[1].String() != "10.0.0.0/8" || got[2].String() != "::1/128" {
		t.Fatalf("Proxies() = %v, %v", got, err)
	}
}
