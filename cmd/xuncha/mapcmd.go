package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuncha/xuncha/ingest"
)

func init() {
	register(command{name: "map", summary: "propose a mapping file (kind and columns) for extracts detection gets wrong", run: runMap})
}

func runMap(e *env, args []string) error {
	fs := e.newFlags("map", "[--kind K] [-w] FILE...")
	kind := fs.String("kind", "", "dataset kind to propose ("+strings.Join(ingest.Kinds(), ", ")+")")
	write := fs.Bool("w", false, "append the proposal to "+ingest.MapFileName+" in each file's folder instead of printing it")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("name at least one file")
	}
	for _, path := range fs.Args() {
		text, err := ingest.ProposeMapping(path, *kind)
		if err != nil {
			return err
		}
		if !*write {
			fmt.Fprint(e.stdout, text)
			continue
		}
		target := filepath.Join(filepath.Dir(path), ingest.MapFileName)
		if err := appendFile(target, text); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "%s: proposal for %s appended; review it, then run ingest again\n", target, filepath.Base(path))
	}
	return nil
}

func appendFile(path, text string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if st, err := f.Stat(); err == nil && st.Size() > 0 {
		text = "\n" + text
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
