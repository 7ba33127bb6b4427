package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-runewidth"
	"golang.org/x/term"

	"github.com/xuncha/xuncha/ingest"
	"github.com/xuncha/xuncha/marts"
	"github.com/xuncha/xuncha/transform"
)

// progress draws one status line on stderr when it is a terminal (not in a pipe, not
// under CI), once a step has taken longer than progressAfter; elsewhere it is silent.
type progress struct {
	e     *env
	mu    sync.Mutex
	shown bool
	start time.Time
	last  time.Time
	now   func() time.Time
}

const (
	progressAfter = 2 * time.Second
	progressEvery = 100 * time.Millisecond
	progressWidth = 79 // when the terminal does not say
)

func newProgress(e *env) *progress { return &progress{e: e, start: time.Now(), now: time.Now} }

// draw replaces the status line, at most every progressEvery.
func (p *progress) draw(force bool, format string, a ...any) {
	if !p.e.isTTY {
		return
	}
	now := p.now()
	if now.Sub(p.start) < progressAfter || (!force && now.Sub(p.last) < progressEvery) {
		return
	}
	p.last = now
	p.shown = true
	fmt.Fprintf(p.e.stderr, "\r%s\033[K", runewidth.Truncate(fmt.Sprintf(format, a...), p.width(), "…"))
}

// width is the terminal's width less one, so that the line never wraps (a wrapped line
// is not replaced by the next).
func (p *progress) width() int {
	if f, ok := p.e.stderr.(*os.File); ok {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 20 {
			return w - 1
		}
	}
	return progressWidth
}

// ingest shows: file i of N, the institution, rows, rows a second, time left.
func (p *progress) ingest(at ingest.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	elapsed := p.now().Sub(p.start)
	var b strings.Builder
	fmt.Fprintf(&b, "ingest  file %d of %d  %s", at.File, at.Files, filepath.Base(at.Path))
	if at.Institution != "" {
		fmt.Fprintf(&b, "  %s", at.Institution)
	}
	rows := at.RowsBefore + at.Rows
	fmt.Fprintf(&b, "  %s rows", groupDigits(fmt.Sprint(rows)))
	if s := elapsed.Seconds(); s >= 1 && rows > 0 {
		fmt.Fprintf(&b, "  %s rows/s", groupDigits(fmt.Sprint(int64(float64(rows)/s))))
	}
	if at.Done > 0 && at.Total > at.Done {
		left := time.Duration(float64(elapsed) * float64(at.Total-at.Done) / float64(at.Done))
		fmt.Fprintf(&b, "  about %s left", roundDuration(left))
	}
	p.draw(at.Rows == 0, "%s", b.String())
}

// buildBar shows: phase, model i of N.
func (p *progress) buildBar() func(transform.Step) {
	of, _ := marts.Steps()
	i := 0
	return func(s transform.Step) {
		p.mu.Lock()
		defer p.mu.Unlock()
		i++
		phase := "intermediate"
		switch {
		case strings.HasPrefix(s.Model, "stg_"):
			phase = "staging"
		case s.Rule != "":
			phase = "rules"
		case strings.HasPrefix(s.Model, "mart_"):
			phase = "marts"
		}
		p.draw(false, "build  %s  model %d of %d  %s  %s", phase, i, max(i, of), s.Model, roundDuration(p.now().Sub(p.start)))
	}
}

// step shows a step of a longer job (demo): what runs now and for how long.
func (p *progress) step(what string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.draw(false, "%s  %s", what, roundDuration(p.now().Sub(p.start)))
}

// district shows: institution i+1 of N, its name, time so far.
func (p *progress) district(i, n int, label string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.draw(true, "report district  institution %d of %d  %s  %s", i+1, n, label, roundDuration(p.now().Sub(p.start)))
}

// done clears the status line.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.e.stderr, "\r\033[K")
		p.shown = false
	}
}

func roundDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return d.Round(time.Second).String()
	case d < time.Hour:
		return d.Round(10 * time.Second).String()
	}
	return d.Round(time.Minute).String()
}
