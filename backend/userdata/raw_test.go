package userdata

import (
	"testing"

	"parley/backend/apperr"
)

// A Raw destination gets the value's JSON as Put stored it, opened into the
// caller's buffer, and is refused like any value that was moved on disk.
func TestRawGivesTheStoredJSONInTheCallersBuffer(t *testing.T) {
	db, _ := openDB(t)
	s := newScope(t, db, "alice")
	put(t, s, "a", "first note", "notes")
	put(t, s, "b", "second", "notes")
	buf := make([]byte, 0, 256)
	var got []string
	err := s.View(func(tx *Tx) error {
		b, err := tx.Bucket("notes")
		if err != nil {
			return err
		}
		return b.ForwardFrom(nil, func(_ []byte, unseal Unsealer) (bool, error) {
			raw := Raw{JSON: buf}
			if err := unseal(&raw); err != nil {
				return true, err
			}
			if &raw.JSON[:1][0] != &buf[:1][0] {
				t.Errorf("opened into new memory, not the buffer given")
			}
			got = append(got, string(raw.JSON))
			return false, nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != `{"text":"first note"}` || got[1] != `{"text":"second"}` {
		t.Fatalf("raw values %q", got)
	}

	rawCopy(t, db, []string{"alice", "notes"}, []string{"alice", "notes"}, "a", "b")
	err = s.View(func(tx *Tx) error {
		b, _ := tx.Bucket("notes")
		var raw Raw
		_, err := b.Get([]byte("b"), &raw)
		return err
	})
	if apperr.CodeOf(err) != apperr.StoreTampered {
		t.Fatalf("a value copied to another key, read raw: %v", err)
	}
}
