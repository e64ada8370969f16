// Package templates holds the HTML templates, the static files and the
// message catalogues, embedded in the binary.
package templates

import "embed"

// FS holds layouts/, partials/, pages/, static/ and locales/.
//
//go:embed layouts partials pages static locales
var FS embed.FS
