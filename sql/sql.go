// Package sql holds the warehouse's SQL as embedded files and nothing else:
//
//	schema/   versioned migrations, applied in file-name order (0001_…, 0002_…)
//	staging/  stg_* models: rename, cast and filter raw.* to the files in force
//	marts/    risk_* rule models, then mart_* tables that reports read
//	tests/    data tests: each query returns the failing rows; zero rows is a pass
//
// Each model file is one SELECT; the runner wraps it (CREATE OR REPLACE … AS, or
// INSERT INTO int_risk_flags BY NAME for rules), so a file reads like the table it builds.
package sql

import "embed"

//go:embed schema/*.sql staging/*.sql marts/*.sql tests/*.sql
var FS embed.FS
