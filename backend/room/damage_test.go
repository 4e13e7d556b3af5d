package room

import (
	"testing"

	bolt "go.etcd.io/bbolt"

	"parley/backend/apperr"
	"parley/backend/store"
)

// damageRoom flips a byte in a room's stored record, as a bad disk sector or
// a hand edit of the file would.
func (e *env) damageRoom(userID, roomID string) {
	e.t.Helper()
	err := e.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(store.BucketUserRoots).Bucket([]byte(userID)).Bucket([]byte(bucketRooms))
		v := append([]byte(nil), b.Get([]byte(roomID))...)
		v[len(v)/2] ^= 0x40
		return b.Put([]byte(roomID), v)
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

func TestOneDamagedRoomDoesNotHideTheOthersOrBlockTheTrash(t *testing.T) {
	e := newEnv(t)
	me := e.user("alice")
	good, err := e.svc.Create(me, RoomInput{Language: "en", Level: "A2", Situation: "At the bakery", MyRole: "customer", AIRole: "baker"})
	if err != nil {
		t.Fatal(err)
	}
	bad, err := e.svc.Create(me, RoomInput{Language: "ko", Level: "B1", Situation: "At the bank", MyRole: "customer", AIRole: "clerk"})
	if err != nil {
		t.Fatal(err)
	}
	trashed, err := e.svc.Create(me, RoomInput{Language: "ja", Level: "A1", Situation: "At the station", MyRole: "traveller", AIRole: "guard"})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Delete(me, []string{trashed.ID}); err != nil {
		t.Fatal(err)
	}
	e.damageRoom("alice", bad.ID)

	list, err := e.svc.List(me)
	if err != nil || len(list) != 1 || list[0].ID != good.ID {
		t.Fatalf("List = %+v, %v; want only the intact room", list, err)
	}
	if _, err := e.svc.Get(me, bad.ID); apperr.CodeOf(err) != apperr.StoreTampered {
		t.Fatalf("Get(damaged) error = %v, want %s", err, apperr.StoreTampered)
	}
	if trash, err := e.svc.ListTrash(me); err != nil || len(trash) != 1 {
		t.Fatalf("ListTrash = %+v, %v", trash, err)
	}
	if err := e.svc.EmptyTrash(me); err != nil {
		t.Fatalf("EmptyTrash: %v", err)
	}
	if trash, err := e.svc.ListTrash(me); err != nil || len(trash) != 0 {
		t.Fatalf("trash after emptying = %+v, %v", trash, err)
	}
	// The damaged record's bytes are kept, not purged on a guess.
	if _, err := e.svc.Get(me, bad.ID); apperr.CodeOf(err) != apperr.StoreTampered {
		t.Fatalf("Get(damaged) after EmptyTrash = %v", err)
	}
}
