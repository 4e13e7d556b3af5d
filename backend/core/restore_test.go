//go:build unix

package core

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"parley/backend/apperr"
	"parley/backend/store"
	"parley/backend/vault"
)

func TestRestoringYesterdaysBackupBringsBackADeletedRoomAndCanBeUndone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	exe, _ := os.Executable()
	day := time.Date(2026, 11, 29, 9, 0, 0, 0, time.Local)
	opt := func(at time.Time) Options {
		return Options{Params: vault.TestParams(), LockTimeout: 200 * time.Millisecond, Checker: exe, Now: func() time.Time { return at }}
	}
	c, err := Open(path, opt(day))
	if err != nil {
		t.Fatal(err)
	}
	s := signUp(t, c, "ann")
	r, err := c.Rooms().Create(s, tokyo)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	c, err = Open(path, opt(day.Add(24*time.Hour))) // today's backup holds the room
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.LogIn(loginAnn); err != nil {
		t.Fatal(err)
	}
	s, _ = c.Scope()
	if err := c.Rooms().Delete(s, []string{r.ID}); err != nil {
		t.Fatal(err)
	}
	if err := c.Rooms().EmptyTrash(s); err != nil {
		t.Fatal(err)
	}
	c.Close()

	list, err := store.Backups(path)
	if err != nil || len(list) != 1 {
		t.Fatalf("backups = %+v, %v", list, err)
	}
	c, res, err := RestoreBackup(path, list[0].Name, opt(day.Add(25*time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.LogIn(loginAnn); err != nil {
		t.Fatal(err)
	}
	s, _ = c.Scope()
	if got, err := c.Rooms().Get(s, r.ID); err != nil || got.Title != tokyo.Title {
		t.Fatalf("after the restore the room is %+v, %v", got, err)
	}
	c.Close()

	// Undo: the file as it was before the restore comes back.
	c, _, err = RestoreBackup(path, res.Replaced, opt(day.Add(26*time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.LogIn(loginAnn); err != nil {
		t.Fatal(err)
	}
	s, _ = c.Scope()
	if _, err := c.Rooms().Get(s, r.ID); apperr.CodeOf(err) != apperr.RoomNotFound {
		t.Fatalf("after undo the room = %v, want it gone again", err)
	}
}
