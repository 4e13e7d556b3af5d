package room

import (
	"bytes"
	"os"
	"testing"
	"time"

	"parley/backend/apperr"
	"parley/backend/userdata"
)

func TestAnotherUserCannotReachMyRoomsByAnyID(t *testing.T) {
	e := newEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	mine := e.create(alice, "alice's room")
	trashed := e.create(alice, "alice's trashed room")
	putMessage(t, alice, mine.ID, "private")
	putMessage(t, alice, trashed.ID, "private too")
	if err := e.svc.Delete(alice, []string{trashed.ID}); err != nil {
		t.Fatal(err)
	}
	bobs := e.create(bob, "bob's room")

	if got := titles(e.list(bob)); len(got) != 1 || got[0] != "bob's room" {
		t.Fatalf("bob's list shows %v", got)
	}
	if got := e.trash(bob); len(got) != 0 {
		t.Fatalf("bob's trash shows %v", titles(got))
	}
	ids := []string{mine.ID, trashed.ID, "alice", "../alice/rooms", "", "0000000000000000"}
	for _, id := range ids {
		_, err := e.svc.Get(bob, id)
		wantCode(t, err, apperr.RoomNotFound)
		_, err = e.svc.Update(bob, id, goodInput())
		wantCode(t, err, apperr.RoomNotFound)
		wantCode(t, e.svc.Delete(bob, []string{id}), apperr.RoomNotFound)
		wantCode(t, e.svc.Delete(bob, []string{bobs.ID, id}), apperr.RoomNotFound)
		wantCode(t, e.svc.Restore(bob, []string{id}), apperr.RoomNotFound)
	}
	if err := e.svc.EmptyTrash(bob); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(TrashRetention + time.Hour)
	if n, err := e.svc.PurgeExpired(bob); err != nil || n != 0 {
		t.Fatalf("bob's purge removed %d rooms (%v)", n, err)
	}

	// Alice's rooms, trash and messages are exactly as she left them.
	got, err := e.svc.Get(alice, mine.ID)
	if err != nil || got != mine {
		t.Fatalf("alice's room after bob's attempts: %+v, %v", got, err)
	}
	if s := e.list(alice); len(s) != 1 || s[0] != mine {
		t.Fatalf("bob's attempts reached alice's list: %+v", s)
	}
	if !hasMessages(t, alice, mine.ID) || !hasMessages(t, alice, trashed.ID) {
		t.Fatal("bob's purge or empty-trash removed alice's messages")
	}
	var stillTrashed bool
	err = alice.View(func(tx *userdata.Tx) error {
		rec, err := e.svc.load(tx, trashed.ID)
		stillTrashed = err == nil && rec.InTrash()
		return err
	})
	if err != nil || !stillTrashed {
		t.Fatalf("alice's trashed room is gone after bob's purge: %v", err)
	}
	if _, err := e.svc.Get(bob, bobs.ID); err != nil {
		t.Fatalf("bob lost his own room: %v", err)
	}
}

func TestRoomTextIsNeverInTheFileInClear(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	in := RoomInput{
		Title:     "Picnic-title-marker 제주 소풍",
		Language:  "ko",
		Level:     "B1",
		Situation: "Situation-marker: 우리는 제주도 해변에서 소풍을 하고 있습니다.",
		MyRole:    "Myrole-marker 여행자",
		AIRole:    "Airole-marker 해녀",
		Goal:      "Goal-marker 해산물 주문하기",
		Formality: "casual",
	}
	r, err := e.svc.Create(alice, in)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(e.path)
	if err != nil {
		t.Fatal(err)
	}
	// The id is a key, stored in clear: finding it proves we read the file
	// the room went to.
	if !bytes.Contains(raw, []byte(r.ID)) {
		t.Fatal("room id not found in the file; the test is reading the wrong bytes")
	}
	for _, secret := range []string{"Picnic-title-marker", "제주 소풍", "Situation-marker", "제주도 해변",
		"Myrole-marker", "Airole-marker", "해녀", "Goal-marker", "해산물"} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("%q is in the database file in clear", secret)
		}
	}
}
