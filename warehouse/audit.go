package warehouse

import (
	"context"
	"os"
	"os/user"
	"regexp"
	"time"
)

// Command is one entry of meta.command_log, the audit trail of what was run.
type Command struct {
	Started time.Time
	Args    string // shell-quoted
	Version string
	Inputs  string // what it read besides its arguments (a --config: its sha256 and text)
}

// LogCommand records a finished command. Read-only sessions cannot write, so the
// caller logs those through a short read-write open, or, when the warehouse is held by
// another process, through AppendSideLog.
func (db *DB) LogCommand(ctx context.Context, c Command, exitCode int, outcome string) error {
	return db.insertCommand(ctx, c.entry(exitCode, outcome))
}

var (
	// 身份证号: 17 digits and a check digit or X (15 digits for the old cards)
	idNumber = regexp.MustCompile(`\b\d{17}[\dXx]\b|\b\d{15}\b`)
	// a quoted string of 10 or more digits (医保个人编号, phone numbers, card numbers)
	quotedDigits = regexp.MustCompile(`'\d{10,}[Xx]?'|"\d{10,}[Xx]?"`)
)

// RedactIdentifiers replaces values that look like personal identifiers in text kept
// outside the pseudonymised tables (the command log, the REPL's history).
func RedactIdentifiers(s string) string {
	s = quotedDigits.ReplaceAllStringFunc(s, func(m string) string { return m[:1] + "[redacted]" + m[len(m)-1:] })
	return idNumber.ReplaceAllString(s, "[redacted]")
}

func osUser() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}
