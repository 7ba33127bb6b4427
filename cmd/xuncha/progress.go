package main

import (
	"fmt"
	"path/filepath"
	"sync"
	"time"
)

// progress draws one status line on a terminal; elsewhere it stays silent.
type progress struct {
	e     *env
	mu    sync.Mutex
	shown bool
	start time.Time
}

func newProgress(e *env) *progress { return &progress{e: e, start: time.Now()} }

func (p *progress) update(file string, done, total int64) {
	if !p.e.isTTY {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.shown = true
	if total > 0 {
		pct := float64(done) / float64(total)
		n := int(pct * 30)
		bar := ""
		for i := 0; i < 30; i++ {
			if i < n {
				bar += "█"
			} else {
				bar += "·"
			}
		}
		fmt.Fprintf(p.e.stderr, "\r%s %s %3.0f%%  ", truncate(filepath.Base(file), 40), bar, 100*pct)
		return
	}
	fmt.Fprintf(p.e.stderr, "\r%s  %d rows  %.0fs  ", truncate(filepath.Base(file), 40), done, time.Since(p.start).Seconds())
}

func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.e.stderr, "\r\033[K")
	}
}
