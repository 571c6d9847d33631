// Package ide serves GraphiQL, the GraphQL IDE, from assets embedded in the
// binary (see assets/README.md): nothing is loaded from a CDN, and a
// Content-Security-Policy lets the page load only its own scripts and talk
// only to its own origin.
package ide

import (
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed all:assets
var assets embed.FS

//go:embed page.html
var pageHTML string

// own are the page's script and style: no inline script, so the policy
// needs no 'unsafe-inline' for scripts.
//
//go:embed ide.js ide.css
var own embed.FS

var page = template.Must(template.New("ide").Parse(pageHTML))

// contentSecurityPolicy allows scripts, styles and fonts from this origin
// only, and requests to it only. GraphiQL's editor sets style attributes
// and inlines its icons as data: URLs, which the style and image sources
// allow.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Built says whether the binary holds GraphiQL's assets.
func Built() bool {
	_, err := fs.Stat(assets, "assets/graphiql.min.js")
	return err == nil
}

// Handler serves the IDE at prefix (such as /ide/) and its page at /,
// pointed at endpoint.
func Handler(prefix, endpoint string) http.Handler {
	sub, _ := fs.Sub(assets, "assets")
	files := http.StripPrefix(prefix, http.FileServerFS(sub))
	ownFiles := http.StripPrefix(prefix, http.FileServerFS(own))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		switch {
		case r.URL.Path == prefix+"ide.js" || r.URL.Path == prefix+"ide.css":
			ownFiles.ServeHTTP(w, r)
		case strings.HasPrefix(r.URL.Path, prefix) && !strings.HasSuffix(r.URL.Path, "/"):
			h.Set("Cache-Control", "public, max-age=86400")
			files.ServeHTTP(w, r)
		case r.URL.Path == "/":
			h.Set("Content-Type", "text/html; charset=utf-8")
			_ = page.Execute(w, map[string]any{"Prefix": prefix, "Endpoint": endpoint, "Built": Built()})
		default:
			http.NotFound(w, r)
		}
	})
}
