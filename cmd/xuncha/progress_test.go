package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuncha/xuncha/ingest"
	"github.com/xuncha/xuncha/transform"
)

func fakeProgress(tty bool) (*progress, *bytes.Buffer, *time.Time) {
	var b bytes.Buffer
	now := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	p := newProgress(&env{stderr: &b, isTTY: tty})
	p.start = now
	p.now = func() time.Time { return now }
	return p, &b, &now
}

func TestIngestProgressLine(t *testing.T) {
	p, b, now := fakeProgress(true)
	at := ingest.Progress{Path: "data/A1/采购.xlsx", File: 3, Files: 10, Institution: "A1", Rows: 234, RowsBefore: 39_766, Done: 300, Total: 1200}
	*now = now.Add(time.Second)
	p.ingest(at)
	if b.Len() != 0 {
		t.Fatalf("drawn before %v: %q", progressAfter, b)
	}
	*now = now.Add(9 * time.Second) // 10 s in, a quarter of the bytes done
	p.ingest(at)
	want := "\ringest  file 3 of 10  采购.xlsx  A1  40,000 rows  4,000 rows/s  about 30s left\033[K"
	if b.String() != want {
		t.Errorf("got  %q\nwant %q", b, want)
	}
	b.Reset()
	p.ingest(at) // within progressEvery of the last: not redrawn
	if b.Len() != 0 {
		t.Errorf("redrawn at once: %q", b)
	}
	p.done()
	if b.String() != "\r\033[K" {
		t.Errorf("done: %q", b)
	}
}

func TestBuildProgressLine(t *testing.T) {
	p, b, now := fakeProgress(true)
	*now = now.Add(3 * time.Second)
	bar := p.buildBar()
	bar(transform.Step{Model: "stg_procurement"})
	if !strings.HasPrefix(b.String(), "\rbuild  staging  model 1 of ") || !strings.Contains(b.String(), "stg_procurement  3s") {
		t.Errorf("%q", b)
	}
	b.Reset()
	*now = now.Add(time.Second)
	bar(transform.Step{Model: "risk_proc_off_platform", Rule: "PROC_OFF_PLATFORM"})
	if !strings.Contains(b.String(), "build  rules  model 2 of ") {
		t.Errorf("%q", b)
	}
}

func TestDistrictProgressLine(t *testing.T) {
	p, b, now := fakeProgress(true)
	p.district(0, 12, "区人民医院（A1）")
	if b.Len() != 0 {
		t.Fatalf("drawn before %v: %q", progressAfter, b)
	}
	*now = now.Add(5 * time.Second)
	p.district(6, 12, "区中医院（A2）")
	if want := "\rreport district  institution 7 of 12  区中医院（A2）  5s\033[K"; b.String() != want {
		t.Errorf("got  %q\nwant %q", b, want)
	}
}

// Not on a terminal (a pipe, a file, CI): nothing at all.
func TestProgressQuietOffTerminal(t *testing.T) {
	p, b, now := fakeProgress(false)
	*now = now.Add(time.Minute)
	p.ingest(ingest.Progress{Path: "x.csv", File: 1, Files: 1, Rows: 10})
	p.buildBar()(transform.Step{Model: "stg_x"})
	p.step("wrote x")
	p.district(0, 1, "A1")
	p.done()
	if b.Len() != 0 {
		t.Errorf("%q", b)
	}
}
