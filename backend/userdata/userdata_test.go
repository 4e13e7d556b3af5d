package userdata

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"parley/backend/apperr"
	"parley/backend/store"
	"parley/backend/vault"
)

type note struct {
	Text string `json:"text"`
}

func openDB(t *testing.T) (*store.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "parley.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func newScope(t *testing.T, db *store.DB, userID string) *Scope {
	t.Helper()
	k, err := vault.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	return New(db, userID, k)
}

func put(t *testing.T, s *Scope, key string, text string, path ...string) {
	t.Helper()
	err := s.Update(func(tx *Tx) error {
		b, err := tx.CreateBucket(path...)
		if err != nil {
			return err
		}
		return b.Put([]byte(key), note{text})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func get(s *Scope, key string, path ...string) (note, bool, error) {
	var n note
	var found bool
	err := s.View(func(tx *Tx) error {
		b, err := tx.Bucket(path...)
		if err != nil || b == nil {
			return err
		}
		found, err = b.Get([]byte(key), &n)
		return err
	})
	return n, found, err
}

// rawCopy copies a sealed value byte for byte between locations, as someone
// editing the file would.
func rawCopy(t *testing.T, db *store.DB, from, to []string, fromKey, toKey string) {
	t.Helper()
	err := db.Update(func(tx *bolt.Tx) error {
		walk := func(path []string, create bool) *bolt.Bucket {
			b := tx.Bucket(store.BucketUserRoots)
			for _, p := range path {
				if create {
					b, _ = b.CreateBucketIfNotExists([]byte(p))
				} else {
					b = b.Bucket([]byte(p))
				}
			}
			return b
		}
		v := bytes.Clone(walk(from, false).Get([]byte(fromKey)))
		return walk(to, true).Put([]byte(toKey), v)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSavedTextIsNeverInTheFileInClear(t *testing.T) {
	db, path := openDB(t)
	s := newScope(t, db, "alice")
	secret := "Zebra-crossing-at-the-Cafe-7731"
	put(t, s, "r1", secret, "rooms")
	got, found, err := get(s, "r1", "rooms")
	if err != nil || !found || got.Text != secret {
		t.Fatalf("read back %q, %v, %v", got.Text, found, err)
	}
	db.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(secret)) || bytes.Contains(raw, []byte("Zebra")) {
		t.Fatal("the data file contains the saved text in clear")
	}
}

func TestAValueChangedOrMovedOnDiskIsRefused(t *testing.T) {
	cases := []struct {
		name           string
		from, to       []string
		fromKey, toKey string
		readAs         string // user whose scope reads the copy
	}{
		{"copied to another key", []string{"alice", "rooms"}, []string{"alice", "rooms"}, "r1", "r2", "alice"},
		{"moved to another bucket", []string{"alice", "rooms"}, []string{"alice", "trash"}, "r1", "r1", "alice"},
		{"moved into a nested bucket", []string{"alice", "rooms"}, []string{"alice", "rooms", "x"}, "r1", "r1", "alice"},
		{"copied to another user", []string{"alice", "rooms"}, []string{"bob", "rooms"}, "r1", "r1", "bob"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db, _ := openDB(t)
			k, _ := vault.NewKey()
			scopes := map[string]*Scope{"alice": New(db, "alice", k), "bob": New(db, "bob", k)} // even with the same key
			put(t, scopes["alice"], "r1", "my room", "rooms")
			put(t, scopes["bob"], "placeholder", "x", "rooms")
			rawCopy(t, db, c.from, c.to, c.fromKey, c.toKey)
			_, _, err := get(scopes[c.readAs], c.toKey, c.to[1:]...)
			if code := apperr.CodeOf(err); code != apperr.StoreTampered {
				t.Fatalf("code = %q, want %q (%v)", code, apperr.StoreTampered, err)
			}
		})
	}
}

func TestAByteFlippedInTheFileIsRefused(t *testing.T) {
	db, path := openDB(t)
	s := newScope(t, db, "alice")
	put(t, s, "r1", "a long enough situation text to find", "rooms")
	var sealed []byte
	_ = db.View(func(tx *bolt.Tx) error {
		sealed = bytes.Clone(tx.Bucket(store.BucketUserRoots).Bucket([]byte("alice")).Bucket([]byte("rooms")).Get([]byte("r1")))
		return nil
	})
	db.Close()
	raw, _ := os.ReadFile(path)
	at := bytes.Index(raw, sealed)
	if at < 0 || bytes.Count(raw, sealed) != 1 {
		t.Fatal("sealed value not found once in the file")
	}
	raw[at+len(sealed)/2] ^= 0x40
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	db2, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	_, _, err = get(New(db2, "alice", s.key), "r1", "rooms")
	if code := apperr.CodeOf(err); code != apperr.StoreTampered {
		t.Fatalf("code = %q, want %q (%v)", code, apperr.StoreTampered, err)
	}
}

func TestAnotherUserSeesNoneOfMyData(t *testing.T) {
	db, _ := openDB(t)
	alice, bob := newScope(t, db, "alice"), newScope(t, db, "bob")
	put(t, alice, "r1", "alice's room", "rooms")
	put(t, alice, "1", "hello", "messages", "r1")

	_, found, err := get(bob, "r1", "rooms")
	if err != nil || found {
		t.Errorf("bob read alice's room: found=%v err=%v", found, err)
	}
	_, found, err = get(bob, "1", "messages", "r1")
	if err != nil || found {
		t.Errorf("bob read alice's message: found=%v err=%v", found, err)
	}
	// Bob deleting "the same" bucket only touches his own tree.
	if err := bob.Update(func(tx *Tx) error { return tx.DeleteBucket("messages", "r1") }); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := get(alice, "1", "messages", "r1"); !found {
		t.Error("bob's delete removed alice's messages")
	}
}

func TestLoggedOutScopeCanNeitherReadNorWrite(t *testing.T) {
	db, _ := openDB(t)
	s := newScope(t, db, "alice")
	put(t, s, "r1", "mine", "rooms")
	s.key.Zero()
	checks := map[string]error{
		"view":   s.View(func(tx *Tx) error { return nil }),
		"update": s.Update(func(tx *Tx) error { return tx.DeleteBucket("rooms") }),
	}
	for name, err := range checks {
		if code := apperr.CodeOf(err); code != apperr.AuthRequired {
			t.Errorf("%s after log-out: code %q, want %q", name, code, apperr.AuthRequired)
		}
	}
	again := New(db, "alice", mustKey(t))
	if err := again.View(func(tx *Tx) error {
		if b, _ := tx.Bucket("rooms"); b == nil {
			t.Error("rooms bucket was deleted by a logged-out scope")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func mustKey(t *testing.T) *vault.Key {
	k, err := vault.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestAFailedUpdateWritesNothing(t *testing.T) {
	db, _ := openDB(t)
	s := newScope(t, db, "alice")
	boom := errors.New("validation failed")
	err := s.Update(func(tx *Tx) error {
		b, err := tx.CreateBucket("rooms")
		if err != nil {
			return err
		}
		if err := b.Put([]byte("r1"), note{"half"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update returned %v, want the callback's error unchanged", err)
	}
	if _, found, _ := get(s, "r1", "rooms"); found {
		t.Error("a failed update left a value behind")
	}
}

func TestMessagesPageFromTheNewestBackwards(t *testing.T) {
	db, _ := openDB(t)
	s := newScope(t, db, "alice")
	const total = 300
	err := s.Update(func(tx *Tx) error {
		b, err := tx.CreateBucket("messages", "r1")
		if err != nil {
			return err
		}
		for i := 0; i < total; i++ {
			n, err := b.NextSequence()
			if err != nil {
				return err
			}
			if err := b.Put(U64Key(n), note{fmt.Sprint("message ", n)}); err != nil {
				return err
			}
		}
		_, err = tx.CreateBucket("messages", "r1", "zz-sub") // sub-buckets are not messages
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	page := func(before []byte, n int) (ids []uint64, visited int) {
		err := s.View(func(tx *Tx) error {
			b, _ := tx.Bucket("messages", "r1")
			return b.ReverseFrom(before, func(k []byte, unseal Unsealer) (bool, error) {
				visited++
				var m note
				if err := unseal(&m); err != nil {
					return true, err
				}
				if m.Text != fmt.Sprint("message ", KeyU64(k)) {
					return true, fmt.Errorf("key %d holds %q", KeyU64(k), m.Text)
				}
				ids = append(ids, KeyU64(k))
				return len(ids) == n, nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		return ids, visited
	}
	cases := []struct {
		name   string
		before []byte
		n      int
		want   []uint64
	}{
		{"newest first", nil, 3, []uint64{300, 299, 298}},
		{"older page", U64Key(298), 3, []uint64{297, 296, 295}},
		{"before a missing key", U64Key(1000), 2, []uint64{300, 299}},
		{"last page is short", U64Key(3), 5, []uint64{2, 1}},
		{"nothing before the first", U64Key(1), 5, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ids, visited := page(c.before, c.n)
			if fmt.Sprint(ids) != fmt.Sprint(c.want) {
				t.Errorf("ids = %v, want %v", ids, c.want)
			}
			if visited > c.n {
				t.Errorf("visited %d values for a page of %d", visited, c.n)
			}
		})
	}
	var last note
	err = s.View(func(tx *Tx) error {
		b, _ := tx.Bucket("messages", "r1")
		return b.ReverseFrom(nil, func(k []byte, unseal Unsealer) (bool, error) {
			if KeyU64(k) != total {
				t.Errorf("newest key = %d, want %d", KeyU64(k), total)
			}
			return true, unseal(&last)
		})
	})
	if err != nil || last.Text != "message 300" {
		t.Fatalf("newest = %q, %v", last.Text, err)
	}
}

func TestBucketsAndKeysAreListedInOrder(t *testing.T) {
	db, _ := openDB(t)
	s := newScope(t, db, "alice")
	put(t, s, "b", "2", "rooms")
	put(t, s, "a", "1", "rooms")
	put(t, s, "1", "m", "messages", "room-b")
	put(t, s, "1", "m", "messages", "room-a")
	var keys, buckets []string
	err := s.View(func(tx *Tx) error {
		rooms, _ := tx.Bucket("rooms")
		if err := rooms.ForEach(func(k []byte) error { keys = append(keys, string(k)); return nil }); err != nil {
			return err
		}
		msgs, _ := tx.Bucket("messages")
		return msgs.ForEachBucket(func(name string) error { buckets = append(buckets, name); return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(keys) != "[a b]" || fmt.Sprint(buckets) != "[room-a room-b]" {
		t.Errorf("keys %v, buckets %v", keys, buckets)
	}
	// A missing bucket reads as nil, and deleting it is harmless.
	err = s.Update(func(tx *Tx) error {
		if b, err := tx.Bucket("nothing", "here"); b != nil || err != nil {
			return fmt.Errorf("missing bucket: %v, %v", b, err)
		}
		if err := tx.DeleteBucket("nothing", "here"); err != nil {
			return err
		}
		if err := tx.DeleteBucket("messages", "room-a"); err != nil {
			return err
		}
		if b, _ := tx.Bucket("messages", "room-a"); b != nil {
			return errors.New("deleted bucket still there")
		}
		if _, err := tx.Bucket(); err == nil {
			return errors.New("empty path accepted")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A user who never wrote anything sees no buckets in a read transaction.
	err = newScope(t, db, "carol").View(func(tx *Tx) error {
		b, err := tx.Bucket("rooms")
		if b != nil || err != nil {
			return fmt.Errorf("new user's rooms: %v, %v", b, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestNumericKeysSortInNumericOrder(t *testing.T) {
	for _, pair := range [][2]uint64{{1, 2}, {255, 256}, {65535, 65536}, {1 << 40, 1<<40 + 1}} {
		if bytes.Compare(U64Key(pair[0]), U64Key(pair[1])) >= 0 {
			t.Errorf("U64Key(%d) does not sort before U64Key(%d)", pair[0], pair[1])
		}
		if KeyU64(U64Key(pair[1])) != pair[1] {
			t.Errorf("KeyU64 does not round-trip %d", pair[1])
		}
	}
	if KeyU64([]byte("short")) != 0 {
		t.Error("KeyU64 of a non-numeric key is not 0")
	}
}
