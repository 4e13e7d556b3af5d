package integrity

import (
	"encoding/json"
	"errors"
	"os"
	"time"
)

// The app keeps a small note beside the data file (never inside it: reading
// the file is what may fault) saying whether it has the file open and on
// which day the file last passed a check. A note still saying "open" at
// start means the last run ended without closing the file: a crash, a kill,
// a power cut, or a fault in a damaged page.
type state struct {
	Open    bool   `json:"open"`
	Checked string `json:"checked,omitempty"` // YYYY-MM-DD, local day
	// Schema is the schema version of the build whose check passed: a
	// build with another one may migrate the file, which must first pass.
	Schema int `json:"schema,omitempty"`
}

const dayLayout = "2006-01-02"

func statePath(dbPath string) string { return dbPath + ".state" }

func readState(dbPath string) state {
	var s state
	raw, err := os.ReadFile(statePath(dbPath))
	if err != nil || json.Unmarshal(raw, &s) != nil {
		// Missing or unreadable: assume the worst, so the file is checked.
		return state{Open: true}
	}
	return s
}

func writeState(dbPath string, s state) error {
	raw, _ := json.Marshal(s)
	tmp := statePath(dbPath) + ".tmp"
	if err := os.WriteFile(tmp, raw, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, statePath(dbPath))
}

// Due reports whether the file at dbPath should pass the checker before the
// app opens it: after a run that did not close it, and once a day (before
// that day's backup copies it). A file that does not exist yet is not due.
func Due(dbPath string, now time.Time) bool {
	if _, err := os.Stat(dbPath); errors.Is(err, os.ErrNotExist) {
		return false
	}
	s := readState(dbPath)
	return s.Open || s.Checked != now.Format(dayLayout)
}

// Passed records that the file passed a check today.
func Passed(dbPath string, now time.Time) error {
	s := readState(dbPath)
	s.Checked = now.Format(dayLayout)
	return writeState(dbPath, s)
}

// DueForSchema is Due, and also true when the file last passed a check
// under a build with another schema version than schema: that build may
// migrate the file, and migration runs only on a file that passed.
func DueForSchema(dbPath string, now time.Time, schema int) bool {
	if _, err := os.Stat(dbPath); errors.Is(err, os.ErrNotExist) {
		return false
	}
	return Due(dbPath, now) || readState(dbPath).Schema != schema
}

// PassedForSchema is Passed, recording the schema version of the build.
func PassedForSchema(dbPath string, now time.Time, schema int) error {
	s := readState(dbPath)
	s.Checked, s.Schema = now.Format(dayLayout), schema
	return writeState(dbPath, s)
}

// Opened records that the app has the file open; Closed that it let go of
// it cleanly.
func Opened(dbPath string) error { return setOpen(dbPath, true) }

// Closed: see Opened.
func Closed(dbPath string) error { return setOpen(dbPath, false) }

func setOpen(dbPath string, open bool) error {
	s := readState(dbPath)
	if _, err := os.Stat(statePath(dbPath)); err != nil {
		s = state{} // first run: no earlier check to keep
	}
	s.Open = open
	return writeState(dbPath, s)
}

// Forget drops the note, so the next start checks the file whatever the
// note said: the file was replaced (a restored backup) and nothing is known
// of it yet.
func Forget(dbPath string) error {
	err := os.Remove(statePath(dbPath))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}
