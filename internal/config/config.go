// Package config holds the settings of a kopilka installation: who it is
// for, where its site lives and which clock it keeps.
package config

import (
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/pflag"

	"github.com/kopilka/kopilka/internal/schema"
)

// Config is set by flags, which default to KOPILKA_* environment variables.
type Config struct {
	// Municipality is the name shown on the site and on certificates.
	Municipality string
	// BaseURL is the public address of the site; QR codes encode it.
	BaseURL string
	// TimeZone is the IANA name of the municipality's time zone.
	TimeZone string
	// S3 keeps uploads and backups in an S3-compatible bucket when
	// S3.Bucket is set.
	S3 S3
	// Publish is the bucket `kopilka publish` uploads the site to.
	Publish S3
	// TrustedProxies lists the addresses (IPs or CIDRs, comma-separated)
	// of reverse proxies whose X-Forwarded-For is believed.
	TrustedProxies string
	// ContestLevel and ContestPlace are the lowest level and place of a
	// contest result the project's indicators count as high.
	ContestLevel, ContestPlace string
	// APIURL is the address of the kopilka server the public site's forms
	// («Я применил(а)») post to; "" means BaseURL, "off" no forms.
	APIURL string
	// Given names (by flag) the settings given by a flag, the environment
	// or the data folder (Remember); the others are defaults.
	Given map[string]bool
}

// S3 is an S3-compatible bucket.
type S3 struct {
	Endpoint, Region, Bucket, AccessKey, Secret, Prefix string
	ForcePathStyle                                      bool
}

// Enabled reports whether a bucket is configured.
func (s S3) Enabled() bool { return s.Bucket != "" }

// Defaults returns the settings of a fresh installation, taking each from
// its environment variable when that is set.
func Defaults() Config {
	return Config{
		Municipality:   env("KOPILKA_MUNICIPALITY", "Муниципальное образование"),
		BaseURL:        env("KOPILKA_BASE_URL", "http://127.0.0.1:8090"),
		TimeZone:       env("KOPILKA_TIMEZONE", "Europe/Moscow"),
		TrustedProxies: env("KOPILKA_TRUSTED_PROXIES", ""),
		ContestLevel:   env("KOPILKA_CONTEST_LEVEL", "municipal"),
		ContestPlace:   env("KOPILKA_CONTEST_PLACE", "prizewinner"),
		APIURL:         env("KOPILKA_API_URL", ""),
		S3:             s3FromEnv("KOPILKA_S3_"),
		Publish:        s3FromEnv("KOPILKA_PUBLISH_"),
	}
}

func env(name, fallback string) string {
	if v := strings.TrimSpace(os.Getenv(name)); v != "" {
		return v
	}
	return fallback
}

func s3FromEnv(prefix string) S3 {
	return S3{Endpoint: env(prefix+"ENDPOINT", ""), Region: env(prefix+"REGION", "us-east-1"), Bucket: env(prefix+"BUCKET", ""),
		AccessKey: env(prefix+"ACCESS_KEY", ""), Secret: env(prefix+"SECRET", ""), Prefix: env(prefix+"PREFIX", ""),
		ForcePathStyle: env(prefix+"FORCE_PATH_STYLE", "") == "true"}
}

func bindS3(fs *pflag.FlagSet, s *S3, flag, envPrefix, what string) {
	fs.StringVar(&s.Endpoint, flag+"-endpoint", s.Endpoint, what+": endpoint URL, e.g. https://storage.yandexcloud.net (env "+envPrefix+"ENDPOINT)")
	fs.StringVar(&s.Region, flag+"-region", s.Region, what+": region (env "+envPrefix+"REGION)")
	fs.StringVar(&s.Bucket, flag+"-bucket", s.Bucket, what+": bucket; empty turns it off (env "+envPrefix+"BUCKET)")
	fs.StringVar(&s.AccessKey, flag+"-access-key", s.AccessKey, what+": access key (env "+envPrefix+"ACCESS_KEY)")
	fs.StringVar(&s.Secret, flag+"-secret", s.Secret, what+": secret key (env "+envPrefix+"SECRET)")
	fs.StringVar(&s.Prefix, flag+"-prefix", s.Prefix, what+": folder inside the bucket (env "+envPrefix+"PREFIX)")
	fs.BoolVar(&s.ForcePathStyle, flag+"-force-path-style", s.ForcePathStyle, what+": path-style addressing, as MinIO wants (env "+envPrefix+"FORCE_PATH_STYLE)")
}

// BindFlags adds the settings to fs with c's values as defaults.
func (c *Config) BindFlags(fs *pflag.FlagSet) {
	fs.StringVar(&c.Municipality, "municipality", c.Municipality, "name of the municipality (env KOPILKA_MUNICIPALITY)")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "public address of the site, encoded in QR codes (env KOPILKA_BASE_URL)")
	fs.StringVar(&c.TimeZone, "timezone", c.TimeZone, "IANA time zone of the municipality (env KOPILKA_TIMEZONE)")
	bindS3(fs, &c.S3, "s3", "KOPILKA_S3_", "uploads and backups in S3")
	bindS3(fs, &c.Publish, "publish", "KOPILKA_PUBLISH_", "the site's bucket")
	fs.StringVar(&c.ContestLevel, "contest-level", c.ContestLevel, "lowest level of a contest result the indicators count as high: school, municipal, regional or federal (env KOPILKA_CONTEST_LEVEL)")
	fs.StringVar(&c.APIURL, "api-url", c.APIURL, "address of this server for the public site's forms, when the site is hosted elsewhere; off: no forms (env KOPILKA_API_URL)")
	fs.StringVar(&c.ContestPlace, "contest-place", c.ContestPlace, "lowest place of a contest result the indicators count as high: participant, laureate, prizewinner or winner (env KOPILKA_CONTEST_PLACE)")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", c.TrustedProxies, "reverse proxies whose X-Forwarded-For is trusted, e.g. 127.0.0.1,10.0.0.0/8 (env KOPILKA_TRUSTED_PROXIES)")
}

// Validate checks the settings and names the first one that is wrong.
func (c Config) Validate() error {
	if _, err := c.Location(); err != nil {
		return err
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("config: base URL %q must be an http(s) address", c.BaseURL)
	}
	if _, err := c.Proxies(); err != nil {
		return err
	}
	if strings.TrimSpace(c.Municipality) == "" {
		return fmt.Errorf("config: municipality name is empty")
	}
	if !slices.Contains(schema.ContestLevels, c.ContestLevel) {
		return fmt.Errorf("config: contest level %q must be one of %s", c.ContestLevel, strings.Join(schema.ContestLevels, ", "))
	}
	if !slices.Contains(schema.ContestPlaces, c.ContestPlace) {
		return fmt.Errorf("config: contest place %q must be one of %s", c.ContestPlace, strings.Join(schema.ContestPlaces, ", "))
	}
	return nil
}

// Location returns the municipality's time zone.
func (c Config) Location() (*time.Location, error) {
	if c.TimeZone == "" || c.TimeZone == "Local" {
		return nil, fmt.Errorf("config: time zone must be an IANA name such as Europe/Moscow, got %q", c.TimeZone)
	}
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("config: time zone %q: %w", c.TimeZone, err)
	}
	return loc, nil
}

// Proxies parses TrustedProxies.
func (c Config) Proxies() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(c.TrustedProxies, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if p, err := netip.ParsePrefix(part); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(part)
		if err != nil {
			return nil, fmt.Errorf("config: trusted proxy %q is neither an address nor a CIDR", part)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

// ApplyS3 puts uploads and backups in the configured bucket, through
// PocketBase's own S3 storage; with no bucket configured it leaves the
// dashboard's settings alone.
func ApplyS3(app core.App, s S3) error {
	if !s.Enabled() {
		return nil
	}
	settings := app.Settings()
	conf := core.S3Config{Enabled: true, Bucket: s.Bucket, Region: s.Region, Endpoint: s.Endpoint,
		AccessKey: s.AccessKey, Secret: s.Secret, ForcePathStyle: s.ForcePathStyle}
	settings.S3 = conf
	settings.Backups.S3 = conf
	if err := app.Save(settings); err != nil {
		return fmt.Errorf("s3 settings: %w", err)
	}
	return nil
}
