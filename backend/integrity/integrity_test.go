//go:build unix

package integrity

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The test binary doubles as the checker, as the Parley binary does: run
// with Flag, it checks the file and exits.
func TestMain(m *testing.M) {
	if len(os.Args) >= 3 && (os.Args[1] == Flag || os.Args[1] == SalvageFlag) {
		switch os.Getenv("PARLEY_TEST_CHECKER") {
		case "fault":
			_ = syscall.Kill(os.Getpid(), syscall.SIGSEGV) // what a damaged page does
			time.Sleep(time.Second)
		case "hang":
			time.Sleep(time.Minute)
		}
		if os.Args[1] == SalvageFlag {
			os.Exit(SalvageMain(os.Args[2], os.Args[3], os.Stdout))
		}
		os.Exit(Main(os.Args[2], os.Stdout))
	}
	os.Exit(m.Run())
}

// realFile writes a file shaped like Parley's: nested buckets over several pages.
func realFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "parley.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range []string{"meta", "users", "u"} {
			if _, err := tx.CreateBucket([]byte(name)); err != nil {
				return err
			}
		}
		msgs, err := tx.Bucket([]byte("u")).CreateBucket([]byte("user-1"))
		if err != nil {
			return err
		}
		for i := range 2000 {
			if err := msgs.Put([]byte(fmt.Sprintf("%08d", i)), []byte(strings.Repeat("sealed", 20))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	return path
}

// usedPage finds a page of the given type ("leaf", "branch") that holds data.
func usedPage(t *testing.T, path, kind string) int64 {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil) // Page needs the free list, which read-only skips
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var found int64
	_ = db.View(func(tx *bolt.Tx) error {
		for id := 2; found == 0; id++ {
			info, err := tx.Page(id)
			if err != nil || info == nil {
				break
			}
			if info.Type == kind {
				found = int64(id)
			}
		}
		return nil
	})
	if found == 0 {
		t.Fatalf("no %s page in the fixture", kind)
	}
	return found
}

func check(t *testing.T, path string, env ...string) Report {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return Run(context.Background(), exe, path, 20*time.Second, env...)
}

func TestAHealthyFileIsOK(t *testing.T) {
	if r := check(t, realFile(t)); !r.OK || r.Damaged() {
		t.Fatalf("report %+v", r)
	}
}

func TestDamagedFilesAreNamedNotOpened(t *testing.T) {
	damage := map[string]func(t *testing.T, path string){
		"64 flipped bytes in a data page": func(t *testing.T, path string) {
			f, err := os.OpenFile(path, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			junk := make([]byte, 64)
			for i := range junk {
				junk[i] = 0xA5
			}
			// A leaf page's header: its id, flags and count.
			if _, err := f.WriteAt(junk, usedPage(t, path, "leaf")*int64(os.Getpagesize())); err != nil {
				t.Fatal(err)
			}
		},
		"truncated": func(t *testing.T, path string) {
			info, _ := os.Stat(path)
			if err := os.Truncate(path, info.Size()/3); err != nil {
				t.Fatal(err)
			}
		},
		"zero length": func(t *testing.T, path string) {
			if err := os.Truncate(path, 0); err != nil {
				t.Fatal(err)
			}
		},
		"a zeroed page": func(t *testing.T, path string) {
			f, err := os.OpenFile(path, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.WriteAt(make([]byte, os.Getpagesize()), usedPage(t, path, "branch")*int64(os.Getpagesize())); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, spoil := range damage {
		t.Run(name, func(t *testing.T) {
			path := realFile(t)
			spoil(t, path)
			before, _ := os.ReadFile(path)
			r := check(t, path)
			if !r.Damaged() || len(r.Problems) == 0 {
				t.Fatalf("report %+v, want damage named", r)
			}
			if after, _ := os.ReadFile(path); string(after) != string(before) {
				t.Fatal("the checker changed the file")
			}
		})
	}
}

func TestACheckerKilledByAFaultMeansDamage(t *testing.T) {
	r := check(t, realFile(t), "PARLEY_TEST_CHECKER=fault")
	if !r.Crashed || !r.Damaged() {
		t.Fatalf("report %+v, want a crash read as damage", r)
	}
}

func TestACheckerThatHangsIsStoppedAndKnowsNothing(t *testing.T) {
	exe, _ := os.Executable()
	r := Run(context.Background(), exe, realFile(t), 300*time.Millisecond, "PARLEY_TEST_CHECKER=hang")
	if !r.TimedOut || r.Damaged() || r.OK {
		t.Fatalf("report %+v, want timed out and no verdict", r)
	}
}
