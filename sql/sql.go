// Package sql holds the warehouse's SQL as embedded files and nothing else, one folder per
// layer, in the order a build runs them:
//
//	schema/        versioned migrations, applied in file-name order (0001_…, 0002_…)
//	ingest/        the loader's queries over raw.* (which earlier files a new one repeats)
//	staging/       stg_* views: rename, cast and filter raw.* to the files in force — the only
//	               readers of raw.*
//	transform/     the tables the Go steps of the transform write (self-inspection matching,
//	               vendor master) and the rows they read
//	intermediate/  int_* tables: joins and shared logic over staging
//	rules/         risk_* rule models, one per rule id of the catalog
//	marts/         mart_* tables: everything a report reads
//	report/        the reports' queries: one SELECT each over mart_* (package report runs them)
//	history/       what a build records of itself beyond its marts (meta.build's data version,
//	               meta.flag_seen: each flag's first and last build), run after the rules
//	tests/         data tests: each query returns the failing rows; zero rows is a pass
//	eval/          what the evaluation scores against the samples' truth files
//	lake/          the Parquet lake export's statements (warehouse.ExportLake)
//	comments/      the tables and columns warehouse.CommentTables documents
//	audit/         what is read back from the command log (the samples drawn for a visit)
//	shell/         the sql REPL's own queries (.tables, .schema, completion)
//
// Each model file is one SELECT; the runner wraps it (CREATE OR REPLACE … AS, or
// INSERT INTO int_risk_flags BY NAME for rules), so a file reads like the table it builds.
package sql

import "embed"

//go:embed schema/*.sql ingest/*.sql history/*.sql staging/*.sql transform/*.sql intermediate/*.sql rules/*.sql marts/*.sql report/*.sql tests/*.sql eval/*.sql lake/*.sql comments/*.sql audit/*.sql shell/*.sql
var FS embed.FS
