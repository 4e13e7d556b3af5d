// Package integrity checks a Parley data file in a process of its own.
//
// bbolt reads the file through a memory map, so a damaged page can fault the
// reader with SIGSEGV, which recover cannot catch: opening a damaged file in
// the app itself would kill the window on every launch. The app therefore
// re-runs its own binary as a read-only checker (Main, behind Flag) and reads
// its verdict (Run); a fault then kills the checker, and the app names the
// damage instead of vanishing.
package integrity

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Flag makes the Parley binary check the file named by the next argument,
// print a Report as JSON and exit, without opening a window.
const Flag = "--check-data-file"

// maxProblems bounds a report: one damaged page can yield thousands.
const maxProblems = 20

// Report is a checker's verdict on one file.
type Report struct {
	// OK is true when every page and every value could be read.
	OK bool `json:"ok"`
	// Problems are what the checker found (bbolt's own words; for the log
	// and a support request, not for the learner's screen).
	Problems []string `json:"problems,omitempty"`
	// Crashed: the checker died reading the file, as a damaged page makes it.
	Crashed bool `json:"crashed,omitempty"`
	// TimedOut: the checker did not finish in time; nothing is known.
	TimedOut bool `json:"timedOut,omitempty"`
}

// Damaged reports whether the file must not be opened by the app.
func (r Report) Damaged() bool { return !r.OK && !r.TimedOut }

// Check reads every page and value of the file at path, read-only. It runs
// in the checker process; a fault there is turned into a panic it reports.
func Check(path string) (rep Report) {
	debug.SetPanicOnFault(true)
	defer func() {
		if r := recover(); r != nil {
			rep = Report{Problems: append(rep.Problems, fmt.Sprintf("reading the file failed: %v", r))}
		}
	}()
	info, err := os.Stat(path)
	if err != nil {
		return Report{Problems: []string{err.Error()}}
	}
	if info.Size() == 0 {
		return Report{Problems: []string{"the file is empty"}}
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: 5 * time.Second})
	if err != nil {
		return Report{Problems: []string{err.Error()}}
	}
	defer db.Close()
	var problems []string
	add := func(p string) bool {
		problems = append(problems, p)
		return len(problems) < maxProblems
	}
	err = db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			if !add(err.Error()) {
				return nil
			}
		}
		// Check verifies the page structure; reading every value also
		// touches every leaf, as the app will.
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error { return walk(b, name, add) })
	})
	if err != nil {
		add(err.Error())
	}
	return Report{OK: len(problems) == 0, Problems: problems}
}

var errEnough = errors.New("enough problems found")

func walk(b *bolt.Bucket, path []byte, add func(string) bool) error {
	return b.ForEach(func(k, v []byte) error {
		if v != nil {
			return nil
		}
		child := b.Bucket(k)
		if child == nil {
			if !add(fmt.Sprintf("bucket %q lists %q but it cannot be opened", path, k)) {
				return errEnough
			}
			return nil
		}
		return walk(child, append(append(append([]byte{}, path...), '/'), k...), add)
	})
}

// Main is the checker process: it writes Check's report to w as JSON and
// returns the exit code.
func Main(path string, w io.Writer) int {
	if err := json.NewEncoder(w).Encode(Check(path)); err != nil {
		return 1
	}
	return 0
}

// Run checks path by running exe with Flag, for at most timeout. A checker
// that dies (a fault in a damaged page) or prints no verdict gives Crashed.
func Run(ctx context.Context, exe, path string, timeout time.Duration, env ...string) Report {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, Flag, path)
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout = &out
	err := cmd.Run()
	if ctx.Err() != nil {
		return Report{TimedOut: true, Problems: []string{"the check did not finish in time"}}
	}
	var rep Report
	if decodeErr := json.Unmarshal(out.Bytes(), &rep); err != nil || decodeErr != nil {
		msg := "the checker printed no verdict"
		if err != nil {
			msg = "the checker died: " + err.Error()
		}
		return Report{Crashed: true, Problems: []string{msg}}
	}
	return rep
}
