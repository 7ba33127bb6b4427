package warehouse

import (
	"context"
	"os"
	"os/user"
	"time"
)

// Command is one entry of meta.command_log, the audit trail of what was run.
type Command struct {
	Started time.Time
	Args    string // shell-quoted
	Version string
}

// LogCommand records a finished command. Read-only sessions cannot write, so the
// caller logs those through a short read-write open when the warehouse is free.
func (db *DB) LogCommand(ctx context.Context, c Command, exitCode int, outcome string) error {
	_, err := db.ExecContext(ctx,
		`insert into meta.command_log values (?, ?, ?, ?, ?, ?, ?)`,
		c.Started, time.Now(), osUser(), c.Args, c.Version, exitCode, outcome)
	return err
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
