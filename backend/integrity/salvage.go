package integrity

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"

	"parley/backend/store"
)

// SalvageFlag makes the Parley binary copy what it can read of the damaged
// file named by the next argument into a new file named by the one after,
// print a SalvageReport as JSON and exit. Like the check, it runs in a
// process of its own: reading a damaged page may fault it.
const SalvageFlag = "--salvage-data-file"

// SalvageReport says what a salvage copied and what it could not read.
type SalvageReport struct {
	// Done is true when the new file was written and closed.
	Done bool `json:"done"`
	// Accounts is how many account records were copied.
	Accounts int `json:"accounts"`
	// Values and Buckets copied in all.
	Values  int `json:"values"`
	Buckets int `json:"buckets"`
	// LostValues counts values that could not be read (or, for account
	// records, did not parse); LostParts counts buckets whose reading broke
	// off (once per bucket), after which the rest of that bucket is lost too.
	LostValues int `json:"lostValues"`
	LostParts  int `json:"lostParts"`
	// LostIn counts the lost parts by what they held: "users" (accounts),
	// or the name of the user's bucket ("rooms", "msgs", "settings", …).
	LostIn map[string]int `json:"lostIn,omitempty"`
	lost   map[string]bool
	// Problems are bbolt's words, for the log.
	Problems []string `json:"problems,omitempty"`
	Crashed  bool     `json:"crashed,omitempty"`
	TimedOut bool     `json:"timedOut,omitempty"`
}

// Salvage copies every bucket and value of src that can be read into a new
// bbolt file dst, read-only on src. Account records are kept only when they
// parse; sealed values are copied as they are, and any that were changed
// fail their authentication when read, where the app names them. The meta,
// users and per-user buckets are made if they were lost, so the new file
// opens.
func Salvage(src, dst string) (rep SalvageReport) {
	debug.SetPanicOnFault(true)
	defer func() {
		if r := recover(); r != nil {
			rep.Done = false
			rep.Problems = append(rep.Problems, fmt.Sprintf("salvage failed: %v", r))
		}
	}()
	in, err := bolt.Open(src, 0o600, &bolt.Options{ReadOnly: true, Timeout: 5 * time.Second})
	if err != nil {
		rep.Problems = append(rep.Problems, err.Error())
		return rep
	}
	defer in.Close()
	if _, err := os.Stat(dst); err == nil {
		rep.Problems = append(rep.Problems, "the salvage file already exists")
		return rep
	}
	out, err := bolt.Open(dst, 0o600, nil)
	if err != nil {
		rep.Problems = append(rep.Problems, err.Error())
		return rep
	}
	err = out.Update(func(otx *bolt.Tx) error {
		_ = in.View(func(itx *bolt.Tx) error {
			copyChildren(itx.Cursor(), func(name []byte) *bolt.Bucket { return itx.Bucket(name) },
				func(name []byte) (*bolt.Bucket, error) { return otx.CreateBucketIfNotExists(name) }, nil, &rep)
			return nil
		})
		return ensureShape(otx)
	})
	if closeErr := out.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		rep.Problems = append(rep.Problems, err.Error())
		return rep
	}
	rep.Done = true
	return rep
}

// copyChildren copies the buckets a cursor lists (the top level, or a
// bucket's sub-buckets when copying values too: see copyBucket).
func copyChildren(c *bolt.Cursor, open func([]byte) *bolt.Bucket, create func([]byte) (*bolt.Bucket, error), path [][]byte, rep *SalvageReport) {
	var names [][]byte
	safely(rep, path, func() {
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if v == nil {
				names = append(names, bytes.Clone(k))
			}
		}
	})
	for _, name := range names {
		var src *bolt.Bucket
		if !safely(rep, append(path, name), func() { src = open(name) }) || src == nil {
			continue
		}
		dst, err := create(name)
		if err != nil {
			rep.LostParts++
			continue
		}
		copyBucket(src, dst, append(append([][]byte(nil), path...), name), rep)
	}
}

func copyBucket(src, dst *bolt.Bucket, path [][]byte, rep *SalvageReport) {
	rep.Buckets++
	var seq uint64
	safely(rep, path, func() { seq = src.Sequence() })
	_ = dst.SetSequence(seq)
	accounts := len(path) == 1 && bytes.Equal(path[0], store.BucketUsers)
	put := func(k, v []byte) {
		if accounts && !json.Valid(v) {
			rep.LostValues++
			return
		}
		if err := dst.Put(bytes.Clone(k), bytes.Clone(v)); err != nil {
			rep.LostValues++
			return
		}
		rep.Values++
		if accounts {
			rep.Accounts++
		}
	}
	// Forward until a damaged page breaks the walk, then backward from the
	// end until it breaks again or meets the forward walk: one damaged leaf
	// then costs only the values on it.
	var last []byte
	forward := safely(rep, path, func() {
		c := src.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if v != nil {
				put(k, v)
			}
			last = bytes.Clone(k)
		}
	})
	if !forward {
		safely(rep, path, func() {
			c := src.Cursor()
			for k, v := c.Last(); k != nil && (last == nil || bytes.Compare(k, last) > 0); k, v = c.Prev() {
				if v != nil {
					put(k, v)
				}
			}
		})
	}
	copyChildren(src.Cursor(), func(name []byte) *bolt.Bucket { return src.Bucket(name) },
		func(name []byte) (*bolt.Bucket, error) { return dst.CreateBucketIfNotExists(name) }, path, rep)
}

// safely runs fn, turning a panic or fault (a damaged page) into a lost part.
func safely(rep *SalvageReport, path [][]byte, fn func()) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			where := string(bytes.Join(path, []byte("/")))
			if rep.lost == nil {
				rep.lost = map[string]bool{}
			}
			ok = false
			if rep.lost[where] {
				return
			}
			rep.lost[where] = true
			rep.LostParts++
			if rep.LostIn == nil {
				rep.LostIn = map[string]int{}
			}
			rep.LostIn[lostKind(path)]++
			if len(rep.Problems) < maxProblems {
				rep.Problems = append(rep.Problems, fmt.Sprintf("%q: %v", where, r))
			}
		}
	}()
	fn()
	return true
}

// lostKind names what a bucket at path holds, for the learner: the account
// list, or the kind of a user's bucket (u/<user>/<kind>/…).
func lostKind(path [][]byte) string {
	switch {
	case len(path) >= 3 && bytes.Equal(path[0], store.BucketUserRoots):
		return string(path[2])
	case len(path) == 2 && bytes.Equal(path[0], store.BucketUserRoots):
		return "account"
	case len(path) >= 1:
		return string(path[0])
	}
	return "file"
}

// ensureShape gives the new file what every Parley file has, so it opens:
// the version record (the current schema when it was lost) and the users
// and per-user buckets.
func ensureShape(tx *bolt.Tx) error {
	meta, err := tx.CreateBucketIfNotExists(store.BucketMeta)
	if err != nil {
		return err
	}
	if len(meta.Get([]byte("schema_version"))) != 8 {
		var raw [8]byte
		binary.BigEndian.PutUint64(raw[:], uint64(len(store.Migrations)))
		if err := meta.Put([]byte("schema_version"), raw[:]); err != nil {
			return err
		}
	}
	for _, name := range [][]byte{store.BucketUsers, store.BucketUserRoots} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return nil
}

// SalvageMain is the salvage process: it writes Salvage's report to w as
// JSON and returns the exit code.
func SalvageMain(src, dst string, w io.Writer) int {
	if err := json.NewEncoder(w).Encode(Salvage(src, dst)); err != nil {
		return 1
	}
	return 0
}

// RunSalvage salvages src into dst by running exe with SalvageFlag, for at
// most timeout. A salvage that dies or prints nothing gives Crashed; dst is
// then removed, since it may be half-written.
func RunSalvage(ctx context.Context, exe, src, dst string, timeout time.Duration, env ...string) SalvageReport {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, SalvageFlag, src, dst)
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout = &out
	err := cmd.Run()
	var rep SalvageReport
	switch {
	case ctx.Err() != nil:
		rep = SalvageReport{TimedOut: true, Problems: []string{"the salvage did not finish in time"}}
	case err != nil || json.Unmarshal(out.Bytes(), &rep) != nil:
		rep = SalvageReport{Crashed: true, Problems: []string{fmt.Sprintf("the salvage died: %v", err)}}
	}
	if !rep.Done {
		_ = os.Remove(dst)
	}
	return rep
}
