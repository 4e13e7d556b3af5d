package store

import (
	"bytes"
	"crypto/rand"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"parley/backend/apperr"
)

func TestANewDataFileIsPrivateToTheUser(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX modes only")
	}
	dir := filepath.Join(t.TempDir(), "Parley")
	path := filepath.Join(dir, "parley.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer db.Close()
	for p, want := range map[string]os.FileMode{dir: 0o700, path: 0o600} {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s mode = %o, want %o", filepath.Base(p), got, want)
		}
	}
	v, err := db.SchemaVersion()
	if err != nil || v != len(Migrations) {
		t.Fatalf("schema version = %d, %v; want %d", v, err, len(Migrations))
	}
	err = db.View(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{BucketMeta, BucketUsers, BucketUserRoots} {
			if tx.Bucket(name) == nil {
				t.Errorf("bucket %q missing", name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if backups, _ := filepath.Glob(path + ".*.bak"); len(backups) != 0 {
		t.Errorf("a brand-new file got backups %v", backups)
	}
}

func TestASecondCopyOfParleyIsToldItIsAlreadyRunning(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	second, err := Open(path, Options{})
	if err == nil {
		second.Close()
		t.Fatal("second Open succeeded while the first holds the file")
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("second Open took %v, want < 2s", elapsed)
	}
	if code := apperr.CodeOf(err); code != apperr.StoreLocked {
		t.Errorf("code = %q, want %q (%v)", code, apperr.StoreLocked, err)
	}
	if !strings.Contains(err.Error(), "already running") {
		t.Errorf("message %q does not say Parley is already running", err)
	}
}

func TestADamagedDataFileIsReportedNotPanicked(t *testing.T) {
	junk := make([]byte, 64*1024)
	if _, err := rand.Read(junk); err != nil {
		t.Fatal(err)
	}
	cases := map[string][]byte{
		"random bytes":  junk,
		"text file":     bytes.Repeat([]byte("not a database\n"), 1000),
		"a few bytes":   []byte("PK\x03\x04"),
		"zeroed header": make([]byte, 16*1024),
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "parley.db")
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				db, err := Open(path, Options{})
				if err == nil {
					db.Close()
				}
				done <- err
			}()
			select {
			case err := <-done:
				if code := apperr.CodeOf(err); code != apperr.StoreCorrupt {
					t.Errorf("code = %q, want %q (%v)", code, apperr.StoreCorrupt, err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Open hung on a damaged file")
			}
		})
	}
}

// An old file without a schema version (v0) is migrated, and a backup of it is left beside it.
func TestUpgradingAFileLeavesABackupInTheBackupsFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(BucketUsers).Put([]byte("k"), []byte("kept through the upgrade"))
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	steps := append(append([]Migration{}, Migrations...),
		Migration{To: 2, Name: "add later", Apply: func(tx *bolt.Tx) error {
			_, err := tx.CreateBucket([]byte("later"))
			return err
		}})
	now := time.Date(2026, 11, 25, 22, 0, 0, 0, time.UTC)
	db, err = Open(path, Options{Migrations: steps, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	v, _ := db.SchemaVersion()
	if v != 2 {
		t.Errorf("schema version after upgrade = %d, want 2", v)
	}
	db.Close()

	backup := filepath.Join(BackupDir(path), "pre-migration-v1-20261125T220000.db")
	info, err := os.Stat(backup)
	if err != nil {
		t.Fatalf("no backup in the backups folder: %v", err)
	}
	dirInfo, _ := os.Stat(BackupDir(path))
	if runtime.GOOS != "windows" && (info.Mode().Perm() != 0o600 || dirInfo.Mode().Perm() != 0o700) {
		t.Errorf("backup mode = %o in a %o folder, want 600 in 700", info.Mode().Perm(), dirInfo.Mode().Perm())
	}
	bk, err := bolt.Open(backup, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatalf("backup is not a readable database: %v", err)
	}
	defer bk.Close()
	err = bk.View(func(tx *bolt.Tx) error {
		if tx.Bucket([]byte("later")) != nil {
			t.Error("backup already has the new schema; it must be the file before migrating")
		}
		if b := tx.Bucket(BucketUsers); b == nil || string(b.Get([]byte("k"))) != "kept through the upgrade" {
			t.Error("backup lost the old data")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAFailingMigrationChangesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	steps := append(append([]Migration{}, Migrations...),
		Migration{To: 2, Name: "half done", Apply: func(tx *bolt.Tx) error {
			if _, err := tx.CreateBucket([]byte("half")); err != nil {
				return err
			}
			return os.ErrInvalid
		}})
	if _, err := Open(path, Options{Migrations: steps}); err == nil {
		t.Fatal("Open succeeded although a migration failed")
	}
	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	v, _ := db.SchemaVersion()
	if v != 1 {
		t.Errorf("schema version = %d after a failed migration, want 1", v)
	}
	_ = db.View(func(tx *bolt.Tx) error {
		if tx.Bucket([]byte("half")) != nil {
			t.Error("a failed migration left a half-written bucket")
		}
		return nil
	})
}

func TestAFileFromANewerParleyIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	steps := append(append([]Migration{}, Migrations...),
		Migration{To: 2, Name: "future", Apply: func(tx *bolt.Tx) error { return nil }})
	db, err := Open(path, Options{Migrations: steps})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = Open(path, Options{})
	if code := apperr.CodeOf(err); code != apperr.StoreTooNew {
		t.Fatalf("code = %q, want %q (%v)", code, apperr.StoreTooNew, err)
	}
	// The refusal must release the lock so the newer app can still open it.
	db, err = Open(path, Options{Migrations: steps})
	if err != nil {
		t.Fatalf("file stayed locked after refusing it: %v", err)
	}
	db.Close()
}

func TestAPanicInsideATransactionBecomesACodedError(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "parley.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error { panic("bad page") })
	if code := apperr.CodeOf(err); code != apperr.StoreCorrupt {
		t.Fatalf("code = %q, want %q", code, apperr.StoreCorrupt)
	}
	// The database is still usable afterwards.
	if err := db.Update(func(tx *bolt.Tx) error { return tx.Bucket(BucketMeta).Put([]byte("x"), []byte("y")) }); err != nil {
		t.Fatalf("database unusable after a recovered panic: %v", err)
	}
}

func TestABackupIsPrivateEvenOverALeftoverTemporaryFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX modes only")
	}
	dir := t.TempDir()
	db, err := Open(filepath.Join(dir, "parley.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	dest := filepath.Join(dir, "parley.db.v1-test.bak")
	// A crash mid-backup, or another program, left a world-readable file behind.
	if err := os.WriteFile(dest+".tmp", []byte("stale"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dest+".tmp", 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Backup(dest); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(dest)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != 0o600 {
		t.Fatalf("backup mode = %o, want 600", got)
	}
}

func TestAnEmptyDataFileIsReportedAsDamagedAndLeftAsItIs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := Open(path, Options{})
	if err == nil {
		db.Close()
		t.Fatal("an empty file opened as a new database")
	}
	if apperr.CodeOf(err) != apperr.StoreCorrupt {
		t.Fatalf("Open(empty) = %v, want %s", err, apperr.StoreCorrupt)
	}
	if info, err := os.Stat(path); err != nil || info.Size() != 0 {
		t.Fatalf("the empty file was changed: %v, %v", info, err)
	}
}
