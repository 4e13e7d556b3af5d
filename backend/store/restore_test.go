package store

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"parley/backend/apperr"
)

func putUser(t *testing.T, db *DB, name string) {
	t.Helper()
	if err := db.Update(func(tx *bolt.Tx) error { return tx.Bucket(BucketUsers).Put([]byte(name), []byte("x")) }); err != nil {
		t.Fatal(err)
	}
}

func users(t *testing.T, path string) []string {
	t.Helper()
	db, err := Open(path, Options{FreeSpace: plenty, Now: clock(time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC))})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []string
	_ = db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(BucketUsers).ForEach(func(k, _ []byte) error { out = append(out, string(k)); return nil })
	})
	return out
}

func TestRestoringABackupKeepsTheReplacedFileAndCanBeUndone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	day := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	db := openAt(t, path, day)
	putUser(t, db, "ann")
	db.Close()
	db = openAt(t, path, day.Add(24*time.Hour)) // backs up the file with ann
	putUser(t, db, "bob")
	db.Close()

	list, err := Backups(path)
	if err != nil || len(list) != 1 || list[0].Kind != KindDaily || list[0].Size == 0 {
		t.Fatalf("Backups = %+v, %v", list, err)
	}
	before, _ := os.ReadFile(path)
	res, err := Restore(path, list[0].Name, day.Add(25*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got := users(t, path); len(got) != 1 || got[0] != "ann" {
		t.Fatalf("after the restore the file holds %v, want the backup's [ann]", got)
	}
	aside, err := os.ReadFile(filepath.Join(BackupDir(path), res.Replaced))
	if err != nil || !bytes.Equal(aside, before) {
		t.Fatalf("the replaced file was not kept as it was: %v", err)
	}
	list, _ = Backups(path)
	kinds := map[string]string{}
	for _, b := range list {
		kinds[b.Name] = b.Kind
	}
	if kinds[res.Replaced] != KindReplaced {
		t.Fatalf("the replaced file is not listed: %+v", list)
	}

	// Undo: restore the replaced file.
	if _, err := Restore(path, res.Replaced, day.Add(26*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := users(t, path); len(got) != 2 {
		t.Fatalf("after undo the file holds %v, want ann and bob", got)
	}
}

func TestRestoreRefusesNamesOutsideTheBackupsFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	db := openAt(t, path, time.Now())
	db.Close()
	for _, name := range []string{"../parley.db", "parley.db", "parley-20261129.db.tmp", "/etc/passwd", "parley-20261129.db"} {
		if _, err := Restore(path, name, time.Now()); apperr.CodeOf(err) != apperr.InputInvalid {
			t.Errorf("Restore(%q) = %v, want %s", name, err, apperr.InputInvalid)
		}
	}
}
