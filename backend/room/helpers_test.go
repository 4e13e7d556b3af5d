package room

import (
	"errors"
	"testing"
	"time"

	"parley/backend/apperr"
	"parley/backend/store"
	"parley/backend/userdata"
	"parley/backend/userdata/userdatatest"
)

// env is one database file with a room service over it.
type env struct {
	t     *testing.T
	db    *store.DB
	path  string
	clock *userdatatest.Clock
	svc   *Service
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db, path := userdatatest.OpenDB(t)
	c := userdatatest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	return &env{t: t, db: db, path: path, clock: c, svc: NewService(Options{Now: c.Now, OnPurge: []PurgeHook{dropAttached}})}
}

// user returns the scope a user would get at log-in: their own id and a fresh
// data key (the key derivation is the account service's business).
func (e *env) user(id string) *userdata.Scope {
	e.t.Helper()
	return userdatatest.Scope(e.t, e.db, id)
}

func (e *env) create(s *userdata.Scope, title string) Room {
	e.t.Helper()
	in := goodInput()
	in.Title = title
	r, err := e.svc.Create(s, in)
	if err != nil {
		e.t.Fatalf("create %q: %v", title, err)
	}
	return r
}

func (e *env) list(s *userdata.Scope) []Room {
	e.t.Helper()
	rooms, err := e.svc.List(s)
	if err != nil {
		e.t.Fatal(err)
	}
	return rooms
}

func (e *env) trash(s *userdata.Scope) []Room {
	e.t.Helper()
	rooms, err := e.svc.ListTrash(s)
	if err != nil {
		e.t.Fatal(err)
	}
	return rooms
}

func titles(rooms []Room) []string {
	var out []string
	for _, r := range rooms {
		out = append(out, r.Title)
	}
	return out
}

// attached stands in for what another service keeps per room (chat's
// messages): the OnPurge hook must remove it with the room, and nothing else
// may.
const attached = "attached"

func dropAttached(tx *userdata.Tx, roomID string) error { return tx.DeleteBucket(attached, roomID) }

// putMessage writes a stand-in message where another service keeps a room's data.
func putMessage(t *testing.T, s *userdata.Scope, roomID, text string) {
	t.Helper()
	err := s.Update(func(tx *userdata.Tx) error {
		b, err := tx.CreateBucket(attached, roomID)
		if err != nil {
			return err
		}
		n, err := b.NextSequence()
		if err != nil {
			return err
		}
		return b.Put(userdata.U64Key(n), map[string]string{"text": text})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func hasMessages(t *testing.T, s *userdata.Scope, roomID string) bool {
	t.Helper()
	var found bool
	err := s.View(func(tx *userdata.Tx) error {
		b, err := tx.Bucket(attached, roomID)
		found = b != nil
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != code {
		t.Fatalf("got error %v, want code %s", err, code)
	}
}
