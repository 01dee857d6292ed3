// Package kopilka holds the public site's own files — Hugo configuration,
// templates, styles and pages — embedded in the binary.
package kopilka

import "embed"

// SiteTheme is hugo.toml, layouts/, static/, content/ and i18n/ (the
// interface's words, which the templates print with i18n). The "all:"
// prefix keeps files whose names start with "_" (such as _partials/).
//
//go:embed all:layouts all:static all:content all:i18n hugo.toml
var SiteTheme embed.FS
