//go:build unix

package core

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"parley/backend/apperr"
	"parley/backend/integrity"
	"parley/backend/store"
	"parley/backend/userdata"
)

// realDataFile is a Parley file with an account, rooms and enough
// messages to span many pages, closed cleanly.
func realDataFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "parley.db")
	c, err := openChecked(path, "", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	s := signUp(t, c, "ann")
	for r := range 5 {
		in := tokyo
		in.Title = fmt.Sprintf("Room %d", r)
		rm, err := c.Rooms().Create(s, in)
		if err != nil {
			t.Fatal(err)
		}
		err = s.Update(func(tx *userdata.Tx) error {
			b, err := tx.CreateBucket("msgs", rm.ID)
			if err != nil {
				return err
			}
			for i := range 100 {
				if err := b.Put(userdata.U64Key(uint64(i+1)), map[string]string{"text": fmt.Sprintf("line %d %s", i, bytes.Repeat([]byte("x"), 100))}); err != nil {
					return err
				}
			}
			return b.RaiseSequence(100)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestEveryKindOfDamageIsNamedNeverMigratedOrCopiedAndNeverCrashesParley(t *testing.T) {
	page := store.PageSize // the data file's page, not the OS's
	damage := map[string]func(raw []byte) []byte{
		"64 flipped bytes in a data page": func(raw []byte) []byte {
			at := len(raw) / 2 / page * page
			for i := at; i < at+64; i++ {
				raw[i] ^= 0xA5
			}
			return raw
		},
		"a flipped byte in a bucket name": func(raw []byte) []byte {
			return bytes.ReplaceAll(raw, []byte("users"), []byte("usert"))
		},
		"truncated":   func(raw []byte) []byte { return raw[:len(raw)/3] },
		"zero length": func([]byte) []byte { return nil },
		"a zeroed page": func(raw []byte) []byte {
			// The last page that holds anything (past the two meta pages):
			// bbolt grows the file ahead of its data, so its tail is empty.
			for at := (len(raw)/page - 1) * page; at >= 2*page; at -= page {
				if bytes.ContainsFunc(raw[at:at+page], func(r rune) bool { return r != 0 }) {
					clear(raw[at : at+page])
					break
				}
			}
			return raw
		},
	}
	for name, spoil := range damage {
		t.Run(name, func(t *testing.T) {
			path := realDataFile(t)
			raw, _ := os.ReadFile(path)
			spoilt := spoil(bytes.Clone(raw))
			if bytes.Equal(spoilt, raw) {
				t.Fatal("fixture: nothing changed")
			}
			if err := os.WriteFile(path, spoilt, 0o600); err != nil {
				t.Fatal(err)
			}
			_ = integrity.Forget(path) // nothing is known of the file: it is checked
			backupsBefore, _ := store.Backups(path)
			c, err := openChecked(path, "", time.Minute)
			if err == nil {
				c.Close()
				t.Fatal("a damaged file was opened")
			}
			if apperr.CodeOf(err) != apperr.StoreCorrupt {
				t.Fatalf("Open = %v, want %s", err, apperr.StoreCorrupt)
			}
			if now, _ := os.ReadFile(path); !bytes.Equal(now, spoilt) {
				t.Fatal("the damaged file was changed (migrated or replaced)")
			}
			if after, _ := store.Backups(path); len(after) != len(backupsBefore) {
				t.Fatalf("the damaged file was copied into the backups: %v", after)
			}
		})
	}
}
