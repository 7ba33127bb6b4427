package warehouse

import (
	"context"
	"fmt"
	"os"
	"os/user"
	"regexp"
	"time"

	xsql "github.com/xuncha/xuncha/sql"
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

// OSUser is the operating-system user, for the audit trail.
func OSUser() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

// SampleDraw is a sample drawn for a visit (`xuncha sample`) as the command log records it:
// enough to draw the same items again.
type SampleDraw struct {
	Institution string // code
	Year        int
	Of, Method  string
	Size        int
	Seed        int64
	Population  int       // the population's size when drawn
	At          time.Time // when (zero for a draw being logged)
}

// Inputs is the command log's inputs line for the draw.
func (d SampleDraw) Inputs() string {
	return fmt.Sprintf("sample institution=%s year=%d of=%s method=%s size=%d seed=%d population=%d",
		d.Institution, d.Year, d.Of, d.Method, d.Size, d.Seed, d.Population)
}

var sampleDrawsSQL = func() string {
	b, err := xsql.FS.ReadFile("audit/sample_draws.sql")
	if err != nil {
		panic("warehouse: missing audit/sample_draws.sql") // a build error in all but name
	}
	return string(b)
}()

// SampleDraws lists the latest successful draw of each population for an institution-year,
// from the command log.
func (db *DB) SampleDraws(ctx context.Context, code string, year int) ([]SampleDraw, error) {
	rows, err := db.QueryContext(ctx, sampleDrawsSQL, code, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SampleDraw
	for rows.Next() {
		d := SampleDraw{Institution: code, Year: year}
		if err := rows.Scan(&d.Of, &d.Method, &d.Size, &d.Seed, &d.Population, &d.At); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
