package core

import (
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"parley/backend/llm/fakeopenai"
	"parley/backend/store"
	"parley/backend/vault"
)

// flipValue flips a byte of the sealed value at key in the user's bucket.
func flipValue(t *testing.T, c *Core, userID, bucket, key string) {
	t.Helper()
	err := c.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(store.BucketUserRoots).Bucket([]byte(userID)).Bucket([]byte(bucket))
		v := append([]byte(nil), b.Get([]byte(key))...)
		v[len(v)/2] ^= 0x40
		return b.Put([]byte(key), v)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDamagedRoomsAndConversationsAreCountedNotSilentlyLeftOut(t *testing.T) {
	c, ev := open(t, filepath.Join(t.TempDir(), "parley.db"))
	s := signUp(t, c, "ann")
	var ids []string
	for range 3 {
		r, err := c.Rooms().Create(s, tokyo)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	if rep, err := c.Damage(s); err != nil || rep != (DamageReport{}) {
		t.Fatalf("Damage on a healthy file = %+v, %v", rep, err)
	}
	fake := fakeopenai.New()
	defer fake.Close()
	useServer(t, c, s, fake)
	if _, err := c.Chat().SendMessage(s, ids[2], "Hello"); err != nil {
		t.Fatal(err)
	}
	waitDone(t, ev)
	flipValue(t, c, s.UserID(), "rooms", ids[0])
	flipValue(t, c, s.UserID(), "rooms", ids[1])
	flipValue(t, c, s.UserID(), "chatrooms", ids[2])

	list, err := c.ListRooms(s)
	if err != nil || len(list) != 1 {
		t.Fatalf("ListRooms = %d rooms, %v; want the one intact room", len(list), err)
	}
	rep, err := c.Damage(s)
	if err != nil || rep != (DamageReport{Rooms: 2, Conversations: 1}) {
		t.Fatalf("Damage = %+v, %v; want 2 rooms and 1 conversation", rep, err)
	}
}

func TestASkippedBackupIsReportedWithTheDamage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	c, _ := open(t, path)
	signUp(t, c, "ann")
	c.Close()
	// The next start of the day would back up, but the disk is nearly full.
	c, err := Open(path, Options{Params: vault.TestParams(), freeSpace: func(string) (uint64, error) { return 1 << 20, nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.LogIn(loginAnn); err != nil {
		t.Fatal(err)
	}
	s, _ := c.Scope()
	if rep, err := c.Damage(s); err != nil || rep.BackupSkipped != "low_space" {
		t.Fatalf("Damage = %+v, %v; want the skipped backup named", rep, err)
	}
}

func TestAUserBucketWithADamagedNameIsNamedNotShownAsAnEmptyAccount(t *testing.T) {
	c, _ := open(t, filepath.Join(t.TempDir(), "parley.db"))
	s := signUp(t, c, "ann")
	if _, err := c.Rooms().Create(s, tokyo); err != nil {
		t.Fatal(err)
	}
	if rep, _ := c.Damage(s); rep.AccountData {
		t.Fatal("a healthy account reported as damaged")
	}
	// One flipped byte in the name of ann's bucket under u/.
	err := c.db.Update(func(tx *bolt.Tx) error {
		roots := tx.Bucket(store.BucketUserRoots)
		name := []byte(s.UserID())
		bad := append([]byte(nil), name...)
		bad[0] ^= 0x01
		// As bbolt sees it: a bucket under another name, and none under ann's.
		if _, err := roots.CreateBucket(bad); err != nil {
			return err
		}
		return roots.DeleteBucket(name)
	})
	if err != nil {
		t.Fatal(err)
	}
	if list, err := c.ListRooms(s); err != nil || len(list) != 0 {
		t.Fatalf("fixture: ListRooms = %v, %v", list, err)
	}
	if rep, err := c.Damage(s); err != nil || !rep.AccountData {
		t.Fatalf("Damage = %+v, %v; want the missing account data named", rep, err)
	}
}
