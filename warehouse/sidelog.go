package warehouse

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// SideLogPath is where commands are logged while the warehouse cannot be opened for
// writing (a REPL or another reader holds it); the next writer merges them.
func SideLogPath(dbPath string) string { return dbPath + ".audit.jsonl" }

// sideEntry is one line of the side log: a meta.command_log row.
type sideEntry struct {
	Started  time.Time `json:"started_at"`
	Finished time.Time `json:"finished_at"`
	User     string    `json:"os_user"`
	Args     string    `json:"args"`
	Version  string    `json:"version"`
	Exit     int       `json:"exit_code"`
	Outcome  string    `json:"outcome"`
	Inputs   string    `json:"inputs,omitempty"`
}

// AppendSideLog logs a command beside the warehouse, one JSON line appended in one write.
func AppendSideLog(dbPath string, c Command, exitCode int, outcome string) error {
	b, err := json.Marshal(c.entry(exitCode, outcome))
	if err != nil {
		return err
	}
	f, err := os.OpenFile(SideLogPath(dbPath), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(append(b, '\n'))
	return errors.Join(err, f.Close())
}

func (c Command) entry(exitCode int, outcome string) sideEntry {
	return sideEntry{Started: c.Started, Finished: time.Now(), User: OSUser(), Args: RedactIdentifiers(c.Args),
		Version: c.Version, Exit: exitCode, Outcome: RedactIdentifiers(outcome), Inputs: RedactIdentifiers(c.Inputs)}
}

// mergeSideLog moves the side log into meta.command_log. The file is renamed first, so
// that a command logging meanwhile starts a new one rather than being lost with this one;
// a renamed file whose merge failed (or was killed) is merged by the next writer. A line
// that does not parse is kept as its text, never dropped.
func (db *DB) mergeSideLog(ctx context.Context) error {
	if db.Path == InMemory {
		return nil
	}
	path := SideLogPath(db.Path)
	err := os.Rename(path, fmt.Sprintf("%s.merging.%d", path, time.Now().UnixNano()))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	taken, err := filepath.Glob(path + ".merging.*")
	if err != nil {
		return err
	}
	sort.Strings(taken)
	for _, name := range taken {
		if err := db.mergeFile(ctx, name); err != nil {
			return fmt.Errorf("merge the audit side log %s: %w", name, err)
		}
	}
	return nil
}

func (db *DB) mergeFile(ctx context.Context, name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	err = db.Atomic(ctx, func(tx *DB) error {
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
		for n := 1; sc.Scan(); n++ {
			var e sideEntry
			if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
				e = sideEntry{Args: RedactIdentifiers(sc.Text()), Exit: -1, Outcome: fmt.Sprintf("side log line %d unreadable: %v", n, err)}
			}
			if err := tx.insertCommand(ctx, e); err != nil {
				return err
			}
		}
		return sc.Err()
	})
	if err != nil {
		return err
	}
	return os.Remove(name)
}

func (db *DB) insertCommand(ctx context.Context, e sideEntry) error {
	var started, finished, inputs any
	if !e.Started.IsZero() {
		started = e.Started
	} else {
		started = time.Now()
	}
	if !e.Finished.IsZero() {
		finished = e.Finished
	}
	if e.Inputs != "" {
		inputs = e.Inputs
	}
	_, err := db.ExecContext(ctx, `insert into meta.command_log (started_at, finished_at, os_user, args, version, exit_code, outcome, inputs)
		values (?, ?, ?, ?, ?, ?, ?, ?)`, started, finished, e.User, e.Args, e.Version, e.Exit, e.Outcome, inputs)
	return err
}
