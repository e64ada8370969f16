// Package migrations holds the numbered SQL migrations of each database
// dialect, embedded in the binary and run by goose.
package migrations

import "embed"

// SQLite holds the migrations for the embedded SQLite database.
//
//go:embed sqlite/*.sql
var SQLite embed.FS

// Postgres holds the migrations for PostgreSQL.
//
//go:embed postgres/*.sql
var Postgres embed.FS
