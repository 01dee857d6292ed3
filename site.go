// Package kopilka holds the public site's own files — Hugo configuration,
// templates, styles and pages — embedded in the binary.
package kopilka

import "embed"

// SiteTheme is hugo.toml, layouts/, static/ and content/. The "all:"
// prefix keeps files whose names start with "_" (such as _partials/).
//
//go:embed all:layouts all:static all:content hugo.toml
var SiteTheme embed.FS
