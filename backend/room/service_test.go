package room

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"parley/backend/apperr"
	"parley/backend/userdata"
	"parley/backend/vault"
)

func TestACreatedRoomCanBeOpenedAndIsListed(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	in := goodInput()
	in.Title = "  Morning coffee "
	r, err := e.svc.Create(alice, in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.svc.Get(alice, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got != r {
		t.Fatalf("Get = %+v\nCreate = %+v", got, r)
	}
	if r.Title != "Morning coffee" || r.Language != "ko" || r.Formality != "polite" {
		t.Fatalf("stored room %+v", r)
	}
	now := e.clock.Now()
	if !r.CreatedAt.Equal(now) || !r.UpdatedAt.Equal(now) || r.DeletedAt != nil {
		t.Fatalf("times: %+v", r)
	}
	rooms := e.list(alice)
	if len(rooms) != 1 || rooms[0] != r {
		t.Fatalf("list = %+v", rooms)
	}
}

func TestRoomIDsAreRandomAndUnguessable(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	hex16 := regexp.MustCompile(`^[0-9a-f]{16}$`)
	seen := map[string]bool{}
	for i := range 30 {
		r := e.create(alice, fmt.Sprint("room ", i))
		if !hex16.MatchString(r.ID) || seen[r.ID] {
			t.Fatalf("id %q is not a fresh 16-hex-character id", r.ID)
		}
		seen[r.ID] = true
	}
}

func TestABadFieldIsRefusedAndNothingIsSaved(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	in := goodInput()
	in.MyRole = ""
	in.Goal = strings.Repeat("g", MaxGoal+1)
	_, err := e.svc.Create(alice, in)
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.InputRequired || ae.Field != "myRole" {
		t.Fatalf("got %v, want the first bad field (myRole) as input.required", err)
	}
	if rooms := e.list(alice); len(rooms) != 0 {
		t.Fatalf("a refused room was saved: %+v", rooms)
	}
}

func TestABlankTitleIsFilledInWhenTheRoomIsSaved(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	p, _ := PresetByID("hotel")
	in := p.Input("ko")
	in.Title = ""
	r, err := e.svc.Create(alice, in)
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "호텔 체크인" || r.PresetID != "hotel" {
		t.Fatalf("room from preset: title %q preset %q", r.Title, r.PresetID)
	}
}

func TestEditingARoomKeepsItsIdentityAndTimes(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	r := e.create(alice, "Old title")
	e.clock.Advance(2 * time.Hour)
	in := r.RoomInput
	in.Title = "New title"
	in.Language = "en"
	up, err := e.svc.Update(alice, r.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if up.Title != "New title" || up.Language != "en" || up.Formality != "" {
		t.Fatalf("update = %+v", up)
	}
	if !up.CreatedAt.Equal(r.CreatedAt) || !up.UpdatedAt.Equal(e.clock.Now()) || up.ID != r.ID {
		t.Fatalf("times or identity changed: before %+v after %+v", r, up)
	}
	rooms := e.list(alice)
	if len(rooms) != 1 || rooms[0].Title != "New title" {
		t.Fatalf("list after edit = %+v", rooms)
	}

	bad := in
	bad.Situation = ""
	_, err = e.svc.Update(alice, r.ID, bad)
	wantCode(t, err, apperr.InputRequired)
	if got, _ := e.svc.Get(alice, r.ID); got != up {
		t.Fatalf("a refused edit changed the room: %+v", got)
	}
	_, err = e.svc.Update(alice, "0123456789abcdef", in)
	wantCode(t, err, apperr.RoomNotFound)
}

func TestEditingAnOldRoomKeepsAPresetThatNoLongerExists(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	r := e.create(alice, "From a retired preset")
	// A room saved by an older Parley whose preset has since been removed.
	err := alice.Update(func(tx *userdata.Tx) error {
		rec, err := e.svc.load(tx, r.ID)
		if err != nil {
			return err
		}
		rec.PresetID = "retired-preset"
		return e.svc.save(tx, rec)
	})
	if err != nil {
		t.Fatal(err)
	}
	in := r.RoomInput
	in.PresetID = "retired-preset"
	in.Goal = "A new goal"
	up, err := e.svc.Update(alice, r.ID, in)
	if err != nil {
		t.Fatalf("editing the room failed on its old preset: %v", err)
	}
	if up.PresetID != "retired-preset" || up.Goal != "A new goal" {
		t.Fatalf("update = %+v", up)
	}
	in.PresetID = "another-unknown"
	_, err = e.svc.Update(alice, r.ID, in)
	wantCode(t, err, apperr.InputInvalid)
}

// The learner's list orders rooms by activity (core composes it); the room
// service lists the newest first, which is that order for rooms with no
// conversation.
func TestRoomsAreListedNewestFirst(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	e.create(alice, "first")
	e.clock.Advance(time.Minute)
	e.create(alice, "second")
	e.clock.Advance(time.Minute)
	e.create(alice, "third")
	if got := titles(e.list(alice)); !slices.Equal(got, []string{"third", "second", "first"}) {
		t.Fatalf("newest rooms first: %v", got)
	}
}

func TestConcurrentCreatesAreNeverLost(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if _, err := e.svc.Create(alice, goodInput()); err != nil {
				t.Error(err)
			}
			if _, err := e.svc.List(alice); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if rooms := e.list(alice); len(rooms) != 20 {
		t.Fatalf("%d rooms, want 20", len(rooms))
	}
}

func TestALoggedOutScopeCanNoLongerReachRooms(t *testing.T) {
	e := newEnv(t)
	k, err := vault.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	alice := userdata.New(e.db, "alice", k)
	r := e.create(alice, "mine")
	k.Zero()
	_, err = e.svc.Get(alice, r.ID)
	wantCode(t, err, apperr.AuthRequired)
	_, err = e.svc.List(alice)
	wantCode(t, err, apperr.AuthRequired)
}
