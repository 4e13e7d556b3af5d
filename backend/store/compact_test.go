package store

import (
	"bytes"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// A file made before Parley used 8 KiB pages is rewritten with them when it is
// compacted (after an account is deleted), keeping every key: the compacted
// file is as dense as a new one.
func TestCompactingAnOldFileKeepsItsDataAndUsesTheNewPageSize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	old, err := bolt.Open(path, 0o600, &bolt.Options{PageSize: 4096})
	if err != nil {
		t.Fatal(err)
	}
	val := bytes.Repeat([]byte{0xA5}, 500)
	err = old.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte("msgs"))
		if err != nil {
			return err
		}
		for i := 0; i < 2000; i++ {
			if err := b.Put([]byte{byte(i >> 8), byte(i)}, val); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	if err := Compact(path); err != nil {
		t.Fatalf("Compact: %v", err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := db.Info().PageSize; got != PageSize {
		t.Errorf("compacted page size = %d, want %d", got, PageSize)
	}
	n := 0
	err = db.View(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("msgs")).ForEach(func(_, v []byte) error {
			if !bytes.Equal(v, val) {
				t.Fatal("a value changed in compaction")
			}
			n++
			return nil
		})
	})
	if err != nil || n != 2000 {
		t.Fatalf("kept %d of 2000 values (%v)", n, err)
	}
}
