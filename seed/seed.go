// Package seed ships the data armsgraph starts with: reference data
// (countries, authorities, UN resolutions) and the announcement files of
// the May 2024 North Korea–Russia designations and the actions they build on.
package seed

import "embed"

// Files holds reference/*.yaml and announcements/*.yaml.
//
//go:embed reference announcements
var Files embed.FS
