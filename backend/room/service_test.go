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
	if r.Title != "Morning coffee" || r.Language != "ko" || r.Formality != "polite" || r.PromptVersion != 3 {
		t.Fatalf("stored room %+v", r)
	}
	now := e.clock.Now()
	if !r.CreatedAt.Equal(now) || !r.UpdatedAt.Equal(now) || !r.LastActivityAt.Equal(now) || r.DeletedAt != nil {
		t.Fatalf("times: %+v", r)
	}
	rooms := e.list(alice)
	if len(rooms) != 1 || rooms[0].Room != r || rooms[0].MessageCount != 0 || rooms[0].Preview != "" {
		t.Fatalf("list = %+v", rooms)
	}
	if ok, err := e.svc.Exists(alice, r.ID); !ok || err != nil {
		t.Fatalf("Exists = %v, %v", ok, err)
	}
	got, err = e.svc.Get(alice, r.ID)
	if err != nil || got.PromptVersion != 3 {
		t.Fatalf("PromptVersion = %d, %v; want the version the service was given", got.PromptVersion, err)
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

func TestEditingARoomKeepsItsHistoryAndTimes(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	r := e.create(alice, "Old title")
	e.clock.Advance(time.Hour)
	if err := e.svc.Touch(alice, r.ID, Activity{Preview: "안녕하세요", Role: "assistant", Added: 1}); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Hour)
	in := r.Input()
	in.Title = "New title"
	in.Language = "en"
	up, err := e.svc.Update(alice, r.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if up.Title != "New title" || up.Language != "en" || up.Formality != "" {
		t.Fatalf("update = %+v", up)
	}
	if !up.CreatedAt.Equal(r.CreatedAt) || !up.UpdatedAt.Equal(e.clock.Now()) ||
		!up.LastActivityAt.Equal(r.CreatedAt.Add(time.Hour)) || up.PromptVersion != r.PromptVersion || up.ID != r.ID {
		t.Fatalf("times or identity changed: before %+v after %+v", r, up)
	}
	rooms := e.list(alice)
	if len(rooms) != 1 || rooms[0].Preview != "안녕하세요" || rooms[0].MessageCount != 1 || rooms[0].Title != "New title" {
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
	in := r.Input()
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

func TestRoomsAreListedByLatestActivity(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	first := e.create(alice, "first")
	e.clock.Advance(time.Minute)
	e.create(alice, "second")
	e.clock.Advance(time.Minute)
	e.create(alice, "third")
	if got := titles(e.list(alice)); !slices.Equal(got, []string{"third", "second", "first"}) {
		t.Fatalf("newest rooms first: %v", got)
	}

	e.clock.Advance(time.Minute)
	if err := e.svc.Touch(alice, first.ID, Activity{Preview: "Hello\nthere,   barista!", Role: "user", Added: 1}); err != nil {
		t.Fatal(err)
	}
	rooms := e.list(alice)
	if got := titles(rooms); !slices.Equal(got, []string{"first", "third", "second"}) {
		t.Fatalf("the room I just wrote in should come first: %v", got)
	}
	top := rooms[0]
	if top.Preview != "Hello there, barista!" || top.PreviewRole != "user" || top.MessageCount != 1 ||
		!top.LastActivityAt.Equal(e.clock.Now()) {
		t.Fatalf("summary = %+v", top)
	}

	// An older timestamp (a late report) never moves a room back in the list.
	err := e.svc.Touch(alice, first.ID, Activity{Preview: "Reply", Role: "assistant", Added: 1, At: first.CreatedAt})
	if err != nil {
		t.Fatal(err)
	}
	rooms = e.list(alice)
	if rooms[0].Title != "first" || rooms[0].MessageCount != 2 || rooms[0].Preview != "Reply" || rooms[0].PreviewRole != "assistant" {
		t.Fatalf("after a late touch: %+v", rooms[0])
	}
}

func TestTheListPreviewIsOneShortLine(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	r := e.create(alice, "long")
	long := strings.Repeat("긴 문장입니다 ", 40)
	if err := e.svc.Touch(alice, r.ID, Activity{Preview: long, Role: "assistant", Added: 1}); err != nil {
		t.Fatal(err)
	}
	p := e.list(alice)[0].Preview
	if n := len([]rune(p)); n != PreviewLen || !strings.HasSuffix(p, "…") || strings.Contains(p, "\n") {
		t.Fatalf("preview is %d characters: %q", n, p)
	}

	// A reply that has not written anything yet keeps the preview it follows.
	if err := e.svc.Touch(alice, r.ID, Activity{Role: "assistant", Added: 1}); err != nil {
		t.Fatal(err)
	}
	if s := e.list(alice)[0]; s.Preview != p || s.MessageCount != 2 {
		t.Fatalf("an empty reply changed the preview: %+v", s)
	}

	// Removing the last messages clears the preview; the count never goes negative.
	if err := e.svc.Touch(alice, r.ID, Activity{Added: -5}); err != nil {
		t.Fatal(err)
	}
	s := e.list(alice)[0]
	if s.MessageCount != 0 || s.Preview != "" || s.PreviewRole != "" {
		t.Fatalf("after clearing: %+v", s)
	}
	err := e.svc.Touch(alice, r.ID, Activity{Preview: "x", Role: "system", Added: 1})
	wantCode(t, err, apperr.Internal)
}

func TestTheListShowsWhichRoomsAreStreaming(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	busy := e.create(alice, "busy")
	e.create(alice, "idle")
	e.svc = NewService(Options{Now: e.clock.Now, Streaming: func(userID, roomID string) bool {
		return userID == "alice" && roomID == busy.ID
	}})
	for _, r := range e.list(alice) {
		if r.Streaming != (r.ID == busy.ID) {
			t.Fatalf("%q streaming = %v", r.Title, r.Streaming)
		}
	}
}

func TestConcurrentActivityIsNeverLost(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	r := e.create(alice, "busy")
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			if err := e.svc.Touch(alice, r.ID, Activity{Preview: fmt.Sprint(i), Role: "user", Added: 1}); err != nil {
				t.Error(err)
			}
			if _, err := e.svc.Create(alice, goodInput()); err != nil {
				t.Error(err)
			}
			if _, err := e.svc.List(alice); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	rooms := e.list(alice)
	if len(rooms) != 21 {
		t.Fatalf("%d rooms, want 21", len(rooms))
	}
	for _, s := range rooms {
		if s.ID == r.ID && s.MessageCount != 20 {
			t.Fatalf("message count %d, want 20", s.MessageCount)
		}
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
