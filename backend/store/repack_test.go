package store

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// oldFile writes a data file as Parley wrote them before PageSize: 4 KiB
// pages, schema current, n values in a bucket of its own.
func oldFile(t *testing.T, n int) (path string, val []byte) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "parley.db")
	b, err := bolt.Open(path, 0o600, &bolt.Options{PageSize: 4096})
	if err != nil {
		t.Fatal(err)
	}
	val = bytes.Repeat([]byte{0x5A}, 520)
	err = b.Update(func(tx *bolt.Tx) error {
		for _, m := range Migrations {
			if err := m.Apply(tx); err != nil {
				return err
			}
		}
		if err := writeVersion(tx, len(Migrations)); err != nil {
			return err
		}
		bk, err := tx.CreateBucket([]byte("msgs"))
		if err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			if err := bk.Put([]byte{byte(i >> 8), byte(i)}, val); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	return path, val
}

func countValues(t *testing.T, db *DB, want []byte) int {
	t.Helper()
	n := 0
	err := db.View(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("msgs")).ForEach(func(_, v []byte) error {
			if !bytes.Equal(v, want) {
				t.Fatal("a value changed")
			}
			n++
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A file from before 8 KiB pages is rewritten with them when opened, once,
// keeping every value, and today's backup keeps it as it was.
func TestOpeningAnOldFileRewritesItWithTheNewPageSize(t *testing.T) {
	path, val := oldFile(t, 3000)
	before, _ := os.Stat(path)
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if got := db.bolt.Info().PageSize; got != PageSize {
		t.Errorf("page size after opening = %d, want %d", got, PageSize)
	}
	if db.RepackError() != nil {
		t.Errorf("repack: %v", db.RepackError())
	}
	if n := countValues(t, db, val); n != 3000 {
		t.Fatalf("kept %d of 3000 values", n)
	}
	// Still writable, and the next open leaves it alone.
	if err := db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("msgs")).Put([]byte("new"), val) }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	after, _ := os.Stat(path)
	if after.Size() >= before.Size() {
		t.Errorf("file grew from %d to %d bytes", before.Size(), after.Size())
	}
	if db, err = Open(path, Options{}); err != nil || countValues(t, db, val) != 3001 {
		t.Fatalf("reopen: %v", err)
	}
	db.Close()

	list, err := Backups(path)
	if err != nil || len(list) != 1 {
		t.Fatalf("backups %v, %v; want today's", list, err)
	}
	bk, err := bolt.Open(filepath.Join(BackupDir(path), list[0].Name), 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bk.Close()
	if got := bk.Info().PageSize; got != 4096 {
		t.Errorf("the backup's page size = %d, want the old 4096", got)
	}
}

// An old file is left as it was, and opens, without room for a copy, or when it is too large to
// rewrite while the window opens (left for later).
func TestAnOldFileIsLeftAsItWasWhenItCannotBeRewrittenNow(t *testing.T) {
	for _, c := range []struct {
		name    string
		opts    Options
		maxSize int64
	}{
		{"no room for a copy", Options{FreeSpace: func(string) (uint64, error) { return 1 << 20, nil }}, maxRepackSize},
		{"too large to rewrite at open", Options{}, 64 << 10},
	} {
		t.Run(c.name, func(t *testing.T) {
			path, val := oldFile(t, 500)
			defer func(n int64) { maxRepackSize = n }(maxRepackSize)
			maxRepackSize = c.maxSize
			db, err := Open(path, c.opts)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer db.Close()
			if got := db.bolt.Info().PageSize; got != 4096 {
				t.Errorf("page size = %d, want the file's own 4096", got)
			}
			if n := countValues(t, db, val); n != 500 {
				t.Fatalf("kept %d of 500 values", n)
			}
		})
	}
}
