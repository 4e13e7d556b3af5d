package room

import (
	"slices"
	"testing"
	"time"

	"parley/backend/apperr"
	"parley/backend/userdata"
)

func TestADeletedRoomWaitsInTheTrashAndCanBeRestored(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	keep := e.create(alice, "keep")
	gone := e.create(alice, "gone")
	putMessage(t, alice, gone.ID, "hello")

	e.clock.Advance(time.Minute)
	if err := e.svc.Delete(alice, []string{gone.ID}); err != nil {
		t.Fatal(err)
	}
	if got := titles(e.list(alice)); !slices.Equal(got, []string{"keep"}) {
		t.Fatalf("rooms after delete: %v", got)
	}
	tr := e.trash(alice)
	if len(tr) != 1 || tr[0].ID != gone.ID || tr[0].DeletedAt == nil || !tr[0].DeletedAt.Equal(e.clock.Now()) {
		t.Fatalf("trash = %+v", tr)
	}
	_, err := e.svc.Get(alice, gone.ID)
	wantCode(t, err, apperr.RoomNotFound)
	_, err = e.svc.Update(alice, gone.ID, gone.RoomInput)
	wantCode(t, err, apperr.RoomNotFound)
	wantCode(t, e.svc.Delete(alice, []string{gone.ID}), apperr.RoomNotFound)
	wantCode(t, e.svc.Restore(alice, []string{keep.ID}), apperr.RoomNotFound)

	if err := e.svc.Restore(alice, []string{gone.ID}); err != nil {
		t.Fatal(err)
	}
	back, err := e.svc.Get(alice, gone.ID)
	if err != nil || back.DeletedAt != nil || back != gone {
		t.Fatalf("restored room = %+v, %v; want %+v", back, err, gone)
	}
	if !hasMessages(t, alice, gone.ID) {
		t.Fatal("restoring lost the room's messages")
	}
	if len(e.trash(alice)) != 0 {
		t.Fatal("trash not empty after restore")
	}
}

func TestBulkDeleteAndRestoreAreAllOrNothing(t *testing.T) {
	e := newEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	a := e.create(alice, "a")
	b := e.create(alice, "b")
	c := e.create(alice, "c")
	bobs := e.create(bob, "bob's")

	for name, bad := range map[string]string{
		"unknown id":      "ffffffffffffffff",
		"malformed id":    "../../users",
		"another user's":  bobs.ID,
		"empty id":        "",
		"upper-case twin": "ABCDEF0123456789",
	} {
		err := e.svc.Delete(alice, []string{a.ID, b.ID, bad})
		wantCode(t, err, apperr.RoomNotFound)
		if got := len(e.list(alice)); got != 3 {
			t.Fatalf("%s: a failed bulk delete removed rooms (%d left)", name, got)
		}
	}

	if err := e.svc.Delete(alice, []string{a.ID, b.ID, a.ID}); err != nil {
		t.Fatalf("selecting a room twice: %v", err)
	}
	if got := titles(e.list(alice)); !slices.Equal(got, []string{"c"}) {
		t.Fatalf("after bulk delete: %v", got)
	}
	// c is not in the trash: restoring a, b and c restores none of them.
	wantCode(t, e.svc.Restore(alice, []string{a.ID, b.ID, c.ID}), apperr.RoomNotFound)
	if got := len(e.trash(alice)); got != 2 {
		t.Fatalf("a failed bulk restore changed the trash (%d left)", got)
	}
	// b is already in the trash: deleting b and c deletes neither.
	wantCode(t, e.svc.Delete(alice, []string{c.ID, b.ID}), apperr.RoomNotFound)
	if got := titles(e.list(alice)); !slices.Equal(got, []string{"c"}) {
		t.Fatalf("a failed bulk delete changed the rooms: %v", got)
	}
	if err := e.svc.Restore(alice, []string{b.ID, a.ID}); err != nil {
		t.Fatal(err)
	}
	if got := len(e.list(alice)); got != 3 {
		t.Fatalf("%d rooms after bulk restore", got)
	}
	if err := e.svc.Delete(alice, nil); err != nil {
		t.Fatalf("deleting nothing: %v", err)
	}
}

func TestTheTrashIsEmptiedAfterThirtyDays(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	old := e.create(alice, "old")
	recent := e.create(alice, "recent")
	live := e.create(alice, "live")
	for _, r := range []Room{old, recent, live} {
		putMessage(t, alice, r.ID, "message in "+r.Title)
	}
	if err := e.svc.Delete(alice, []string{old.ID}); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(10 * 24 * time.Hour)
	if err := e.svc.Delete(alice, []string{recent.ID}); err != nil {
		t.Fatal(err)
	}

	e.clock.Advance(20*24*time.Hour - time.Second) // old has been in the trash 30 days less a second
	if got := titles(e.trash(alice)); !slices.Equal(got, []string{"recent", "old"}) {
		t.Fatalf("trash, newest deletion first: %v", got)
	}
	if n, err := e.svc.PurgeExpired(alice); err != nil || n != 0 {
		t.Fatalf("purged %d (%v) before 30 days", n, err)
	}

	e.clock.Advance(time.Second)
	if got := titles(e.trash(alice)); !slices.Equal(got, []string{"recent"}) {
		t.Fatalf("an expired room is still offered in the trash: %v", got)
	}
	wantCode(t, e.svc.Restore(alice, []string{old.ID}), apperr.RoomNotFound)
	n, err := e.svc.PurgeExpired(alice)
	if err != nil || n != 1 {
		t.Fatalf("PurgeExpired = %d, %v; want 1", n, err)
	}
	if hasMessages(t, alice, old.ID) {
		t.Fatal("the purged room's messages are still stored")
	}
	if !hasMessages(t, alice, recent.ID) || !hasMessages(t, alice, live.ID) {
		t.Fatal("purging took messages of rooms that had not expired")
	}
	if got := titles(e.list(alice)); !slices.Equal(got, []string{"live"}) {
		t.Fatalf("rooms after purge: %v", got)
	}
}

func TestEmptyingTheTrashDeletesOnlyTrashedRoomsAndTheirMessages(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	a := e.create(alice, "a")
	b := e.create(alice, "b")
	never := e.create(alice, "never written in")
	live := e.create(alice, "live")
	putMessage(t, alice, a.ID, "x")
	putMessage(t, alice, b.ID, "y")
	putMessage(t, alice, live.ID, "z")
	if err := e.svc.Delete(alice, []string{a.ID, b.ID, never.ID}); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.EmptyTrash(alice); err != nil {
		t.Fatal(err)
	}
	if len(e.trash(alice)) != 0 {
		t.Fatal("trash not empty")
	}
	if hasMessages(t, alice, a.ID) || hasMessages(t, alice, b.ID) {
		t.Fatal("messages of emptied rooms are still stored")
	}
	if !hasMessages(t, alice, live.ID) || len(e.list(alice)) != 1 {
		t.Fatal("emptying the trash touched a room outside it")
	}
	wantCode(t, e.svc.Restore(alice, []string{a.ID}), apperr.RoomNotFound)
	if err := e.svc.EmptyTrash(e.user("newcomer")); err != nil {
		t.Fatalf("emptying a new user's trash: %v", err)
	}
}

func TestASelectionLargerThanAnyLearnerMakesIsRefusedUpFront(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	a := e.create(alice, "a")
	ids := make([]string, MaxSelection+1)
	for i := range ids {
		ids[i] = a.ID
	}
	wantCode(t, e.svc.Delete(alice, ids), apperr.InputTooLong)
	wantCode(t, e.svc.Restore(alice, ids), apperr.InputTooLong)
	// Repeats within the limit are one room, deleted once.
	if err := e.svc.Delete(alice, ids[:MaxSelection]); err != nil {
		t.Fatal(err)
	}
	if got := len(e.list(alice)); got != 0 {
		t.Fatalf("%d rooms left", got)
	}
}

// A purge hook runs in the purge's transaction: when it fails, the room and
// everything kept about it stay, so nothing is left half deleted.
func TestAFailingPurgeHookKeepsTheRoom(t *testing.T) {
	e := newEnv(t)
	e.svc = NewService(Options{Now: e.clock.Now, OnPurge: []PurgeHook{dropAttached, func(*userdata.Tx, string) error {
		return apperr.New(apperr.StoreIO, "disk full")
	}}})
	alice := e.user("alice")
	r := e.create(alice, "doomed")
	putMessage(t, alice, r.ID, "hello")
	if err := e.svc.Delete(alice, []string{r.ID}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, e.svc.EmptyTrash(alice), apperr.StoreIO)
	if tr := e.trash(alice); len(tr) != 1 || !hasMessages(t, alice, r.ID) {
		t.Fatalf("a failed purge changed the trash (%d rooms) or the room's data", len(tr))
	}
}
