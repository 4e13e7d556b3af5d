package store

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"parley/backend/apperr"
)

func clock(t time.Time) func() time.Time { return func() time.Time { return t } }

func plenty(string) (uint64, error) { return 1 << 40, nil }

// openAt opens path as the app would on the given day, with a roomy disk.
func openAt(t *testing.T, path string, now time.Time) *DB {
	t.Helper()
	db, err := Open(path, Options{Now: clock(now), FreeSpace: plenty})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestTheFirstStartOfEachDayBacksUpTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	day := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	db := openAt(t, path, day)
	if r := db.BackupReport(); r.Path != "" || r.Skipped != "" {
		t.Fatalf("a brand-new file has nothing to back up, got %+v", r)
	}
	db.Close()

	db = openAt(t, path, day.Add(time.Hour))
	want := filepath.Join(BackupDir(path), "parley-20261129.db")
	if r := db.BackupReport(); r.Path != want {
		t.Fatalf("report %+v, want a copy at %s", r, want)
	}
	db.Close()
	first, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(want); runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %o, want 600", info.Mode().Perm())
	}

	// A second start the same day makes no new copy.
	db = openAt(t, path, day.Add(2*time.Hour))
	_ = db.Update(func(tx *bolt.Tx) error { return tx.Bucket(BucketUsers).Put([]byte("new"), []byte("x")) })
	db.Close()
	db = openAt(t, path, day.Add(3*time.Hour))
	db.Close()
	again, _ := os.ReadFile(want)
	if !bytes.Equal(first, again) {
		t.Fatal("today's backup was rewritten by a later start the same day")
	}
	// The next day gets its own.
	db = openAt(t, path, day.Add(24*time.Hour))
	db.Close()
	if _, err := os.Stat(filepath.Join(BackupDir(path), "parley-20261130.db")); err != nil {
		t.Fatalf("no backup on the next day: %v", err)
	}
}

func TestABackupThatWouldFillTheDiskIsSkippedAndReported(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	db := openAt(t, path, time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC))
	db.Close()
	nearlyFull := func(string) (uint64, error) { return MinFreeAfterBackup, nil }
	db, err := Open(path, Options{Now: clock(time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)), FreeSpace: nearlyFull})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if r := db.BackupReport(); r.Skipped != "low_space" || r.Path != "" {
		t.Fatalf("report %+v, want skipped for low space", r)
	}
	if files, _ := filepath.Glob(filepath.Join(BackupDir(path), "*.db")); len(files) != 0 {
		t.Fatalf("a backup was written anyway: %v", files)
	}
}

func TestDailyBackupsKeepAWeekOfDaysAndFourWeeksBefore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	start := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC) // a Tuesday
	for i := range 60 {
		openAt(t, path, start.AddDate(0, 0, i)).Close()
	}
	files, _ := filepath.Glob(filepath.Join(BackupDir(path), "parley-*.db"))
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	// The last day is Oct 30 (Fri); the first start made no copy. Kept: Oct
	// 24–30, then the newest copy of each of the four weeks before (the
	// Sundays that close ISO weeks, plus Oct 23, the Friday of Oct 24's week).
	want := []string{
		"parley-20261004.db", "parley-20261011.db", "parley-20261018.db", "parley-20261023.db",
		"parley-20261024.db", "parley-20261025.db", "parley-20261026.db", "parley-20261027.db",
		"parley-20261028.db", "parley-20261029.db", "parley-20261030.db",
	}
	if len(names) != len(want) {
		t.Fatalf("kept %v, want %v", names, want)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Fatalf("kept %v, want %v", names, want)
		}
	}
}

func TestAMigrationBackupIsNeverRotatedAway(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	openAt(t, path, time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)).Close()
	kept := filepath.Join(BackupDir(path), "pre-migration-v1-20260101T090000.db")
	if err := os.MkdirAll(BackupDir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(kept, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	for i := range 40 {
		openAt(t, path, time.Date(2026, 1, 2+i, 9, 0, 0, 0, time.UTC)).Close()
	}
	if _, err := os.Stat(kept); err != nil {
		t.Fatalf("the pre-migration copy was rotated away: %v", err)
	}
}

// A damaged version record must be named, and the file left exactly as it
// was: "migrating" it as if it were new would write over the damage.
func TestAFileWithoutAReadableVersionIsDamagedAndLeftAlone(t *testing.T) {
	cases := map[string]func(tx *bolt.Tx) error{
		"meta bucket gone": func(tx *bolt.Tx) error { return tx.DeleteBucket(BucketMeta) },
		"version unreadable": func(tx *bolt.Tx) error {
			return tx.Bucket(BucketMeta).Put(keySchemaVersion, []byte{1})
		},
		"users bucket renamed": func(tx *bolt.Tx) error {
			if err := tx.DeleteBucket(BucketUsers); err != nil {
				return err
			}
			_, err := tx.CreateBucket([]byte("uSers"))
			return err
		},
	}
	for name, damage := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "parley.db")
			db := openAt(t, path, time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC))
			if err := db.Update(func(tx *bolt.Tx) error {
				if err := tx.Bucket(BucketUsers).Put([]byte("alice"), []byte("record")); err != nil {
					return err
				}
				return damage(tx)
			}); err != nil {
				t.Fatal(err)
			}
			db.Close()
			before, _ := os.ReadFile(path)
			_, err := Open(path, Options{FreeSpace: plenty})
			if apperr.CodeOf(err) != apperr.StoreCorrupt {
				t.Fatalf("Open: %v, want store.corrupt", err)
			}
			after, _ := os.ReadFile(path)
			if !bytes.Equal(before, after) {
				t.Fatal("the damaged file was changed")
			}
		})
	}
}

func TestExpiredKeepsSevenDaysThenOnePerWeek(t *testing.T) {
	var days []time.Time
	for i := range 10 {
		days = append(days, time.Date(2026, 11, 20-i, 0, 0, 0, 0, time.UTC))
	}
	// Nov 20 … Nov 14 are the seven days kept; Nov 13 is then the newest
	// copy of its ISO week (Nov 9–15), kept as that week's; Nov 12 and 11
	// are older copies of the same week.
	drop := expired(days)
	if len(drop) != 2 || !drop[0].Equal(time.Date(2026, 11, 12, 0, 0, 0, 0, time.UTC)) ||
		!drop[1].Equal(time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("dropped %v", drop)
	}
}
