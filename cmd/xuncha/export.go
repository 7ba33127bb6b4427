package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/xuncha/xuncha/warehouse"
)

func init() {
	register(command{name: "export", summary: "export parquet --out DIR: conformed tables and marts as a hive-partitioned Parquet lake", run: runExport, logged: true})
}

func runExport(e *env, args []string) error {
	if len(args) == 0 || args[0] != "parquet" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return e.groupHelp("export", "parquet --out DIR [--tables a,b]")
		}
		return usagef("usage: xuncha export parquet --out DIR")
	}
	fs := e.newFlags("export parquet", "--out DIR [--tables stg_procurement,mart_risk_flags] [--force]")
	out := fs.String("out", "", "lake directory: DIR/<table>/year=Y/institution=C/*.parquet")
	force := fs.Bool("force", false, "write into a folder that is not empty and holds no earlier lake, or over files an export did not write (the table folders written are replaced)")
	only := fs.String("tables", "", "comma-separated tables to export (default: every stg_, int_ and mart_ table, and the rule and file ledgers)")
	if err := e.parse(fs, args[1:]); err != nil {
		return err
	}
	if *out == "" {
		return usagef("--out DIR is required")
	}
	if strings.ContainsAny(*out, "'\x00") {
		return usagef("--out %q: quotes are not allowed in the path", *out)
	}
	dir, err := filepath.Abs(*out)
	if err != nil {
		return err
	}
	// Read-only, but with file access: COPY … TO writes the lake.
	db, err := warehouse.Open(e.ctx, e.dbPath, warehouse.Options{ReadOnly: true, AllowExternal: true, MemoryLimit: e.memory})
	if err != nil {
		return err
	}
	defer db.Close()
	var names []string
	for _, n := range strings.Split(*only, ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	tables, err := db.LakeTables(e.ctx, names)
	if errors.Is(err, warehouse.ErrNoTable) {
		return usagef("--tables: %v", err)
	}
	if err != nil {
		return err
	}
	if len(tables) == 0 {
		return errNotBuilt
	}
	tw := newTable(e.stdout)
	fmt.Fprintln(tw, "table\trows\tpartitioned by\tseconds")
	m, err := db.ExportLake(e.ctx, dir, Version, tables, *force, func(t warehouse.LakeTable, d time.Duration) {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%.2f\n", t.Name, t.Rows, strings.Join(t.PartitionBy, ", "), d.Seconds())
	})
	if err != nil {
		return err
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %d tables to %s (manifest: _manifest.json)\n", len(m.Tables), dir)
	return nil
}
