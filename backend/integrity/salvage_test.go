//go:build unix

package integrity

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"parley/backend/store"
)

func salvage(t *testing.T, src string) (SalvageReport, string) {
	t.Helper()
	exe, _ := os.Executable()
	dst := filepath.Join(t.TempDir(), "salvaged.db")
	return RunSalvage(context.Background(), exe, src, dst, 20*time.Second), dst
}

func TestAHealthyFileIsSalvagedWhole(t *testing.T) {
	rep, dst := salvage(t, realFile(t))
	if !rep.Done || rep.Values != 2000 || rep.LostValues != 0 || rep.LostParts != 0 {
		t.Fatalf("report %+v", rep)
	}
	db, err := store.Open(dst, store.Options{})
	if err != nil {
		t.Fatalf("the salvaged file does not open: %v", err)
	}
	db.Close()
}

func TestADamagedPageLosesOnlyWhatItHeldAndTheNewFileOpensAndPassesTheCheck(t *testing.T) {
	for _, kind := range []string{"leaf", "branch"} {
		t.Run(kind, func(t *testing.T) {
			src := realFile(t)
			f, err := os.OpenFile(src, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.WriteAt(make([]byte, os.Getpagesize()), usedPage(t, src, kind)*int64(os.Getpagesize())); err != nil {
				t.Fatal(err)
			}
			f.Close()
			before, _ := os.ReadFile(src)
			rep, dst := salvage(t, src)
			if !rep.Done || rep.LostParts == 0 || rep.Values >= 2000 {
				t.Fatalf("report %+v: want the damage counted", rep)
			}
			// One damaged leaf costs only its own values; a damaged
			// branch (here the bucket's root) may cost the bucket.
			if kind == "leaf" && rep.Values < 1800 {
				t.Fatalf("a damaged leaf lost %d of 2000 values: %+v", 2000-rep.Values, rep)
			}
			if after, _ := os.ReadFile(src); string(after) != string(before) {
				t.Fatal("the salvage changed the damaged file")
			}
			if r := check(t, dst); !r.OK {
				t.Fatalf("the salvaged file fails the check: %+v", r)
			}
			db, err := store.Open(dst, store.Options{})
			if err != nil {
				t.Fatalf("the salvaged file does not open: %v", err)
			}
			db.Close()
			t.Logf("%s page zeroed: kept %d values, lost %d values and %d parts", kind, rep.Values, rep.LostValues, rep.LostParts)
		})
	}
}

func TestASalvageThatDiesLeavesNoHalfWrittenFile(t *testing.T) {
	exe, _ := os.Executable()
	dst := filepath.Join(t.TempDir(), "salvaged.db")
	rep := RunSalvage(context.Background(), exe, realFile(t), dst, 20*time.Second, "PARLEY_TEST_CHECKER=fault")
	if !rep.Crashed || rep.Done {
		t.Fatalf("report %+v", rep)
	}
	if _, err := os.Stat(dst); !os.IsNotExist(err) {
		t.Fatalf("a half-written salvage file is left: %v", err)
	}
}
