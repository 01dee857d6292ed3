package sitegen

import (
	"encoding/json"

	"github.com/kopilka/kopilka/internal/ru"
)

// webManifest is the site's web app manifest: a teacher who comes back
// often adds the bank to the phone's home screen, and it opens as an app,
// offline too for the pages kept by the service worker (static/sw.js).
type webManifest struct {
	Name            string         `json:"name"`
	ShortName       string         `json:"short_name"`
	Description     string         `json:"description"`
	Lang            string         `json:"lang"`
	StartURL        string         `json:"start_url"`
	Scope           string         `json:"scope"`
	Display         string         `json:"display"`
	BackgroundColor string         `json:"background_color"`
	ThemeColor      string         `json:"theme_color"`
	Icons           []manifestIcon `json:"icons"`
}

type manifestIcon struct {
	Src     string `json:"src"`
	Sizes   string `json:"sizes"`
	Type    string `json:"type"`
	Purpose string `json:"purpose,omitempty"`
}

// writeManifest puts the manifest of s into out.
func writeManifest(out *tree, s *Site) error {
	name := s.Title
	if s.Municipality != "" {
		name += " — " + s.Municipality
	}
	data, err := json.MarshalIndent(webManifest{
		Name: name, ShortName: ru.ManifestShortName, Description: ru.ManifestDescription, Lang: "ru",
		StartURL: "/", Scope: "/", Display: "standalone", BackgroundColor: "#ffffff", ThemeColor: "#0b5cad",
		Icons: []manifestIcon{
			{Src: "/icon-192.png", Sizes: "192x192", Type: "image/png"},
			{Src: "/icon-512.png", Sizes: "512x512", Type: "image/png"},
			{Src: "/favicon.svg", Sizes: "any", Type: "image/svg+xml"},
		},
	}, "", "  ")
	if err != nil {
		return err
	}
	out.put("manifest.webmanifest", append(data, '\n'), nil)
	return nil
}
