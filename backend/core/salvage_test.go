//go:build unix

package core

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"parley/backend/apperr"
	"parley/backend/chat"
	"parley/backend/integrity"
	"parley/backend/store"
	"parley/backend/userdata"
	"parley/backend/vault"
)

func TestSalvageKeepsWhatReadsFromADamagedFileAndKeepsTheDamagedFileAside(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	c, err := openChecked(path, "", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	s := signUp(t, c, "ann")
	// Twenty rooms of 60 long messages: most pages of the file hold messages.
	for r := range 20 {
		in := tokyo
		in.Title = fmt.Sprintf("Room %d", r)
		rm, err := c.Rooms().Create(s, in)
		if err != nil {
			t.Fatal(err)
		}
		err = s.Update(func(tx *userdata.Tx) error {
			b, err := tx.CreateBucket("msgs", rm.ID)
			if err != nil {
				return err
			}
			for i := range 60 {
				id, _ := b.NextSequence()
				if err := b.Put(userdata.U64Key(id), chat.Message{ID: id, Role: chat.RoleUser, Status: chat.StatusDone,
					Text: fmt.Sprintf("%03d %s", i, bytes.Repeat([]byte("practice "), 20))}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	c.Close()

	// Zero a page two thirds into the file: a message page.
	raw, _ := os.ReadFile(path)
	page := int64(os.Getpagesize())
	at := int64(len(raw)) * 2 / 3 / page * page
	clear(raw[at : at+page])
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := integrity.Opened(path); err != nil { // as after a crash
		t.Fatal(err)
	}
	if c, err := openChecked(path, "", time.Minute); apperr.CodeOf(err) != apperr.StoreCorrupt {
		if c != nil {
			c.Close()
		}
		t.Fatalf("Open(damaged) = %v", err)
	}

	exe, _ := os.Executable()
	c, res, err := SalvageFile(path, Options{Params: vault.TestParams(), Checker: exe})
	if err != nil {
		t.Fatalf("salvage: %v (%+v)", err, res)
	}
	defer c.Close()
	if !res.Report.Done || res.Report.Accounts != 1 || res.Report.LostParts == 0 {
		t.Fatalf("report %+v", res.Report)
	}
	kept, err := os.ReadFile(filepath.Join(store.BackupDir(path), res.Replaced))
	if err != nil || !bytes.Equal(kept, raw) {
		t.Fatalf("the damaged file was not kept as it was: %v", err)
	}
	if _, err := c.LogIn(loginAnn); err != nil {
		t.Fatalf("log-in after salvage: %v", err)
	}
	s, _ = c.Scope()
	rooms, err := c.ListRooms(s)
	if err != nil || len(rooms) == 0 {
		t.Fatalf("rooms after salvage: %d, %v", len(rooms), err)
	}
	total := 0
	for _, r := range rooms {
		total += len(allMessages(t, c, r.ID))
	}
	dmg, _ := c.Damage(s)
	t.Logf("salvage kept %d rooms and %d of 1200 messages; report %+v; damage after %+v", len(rooms), total, res.Report, dmg)
	if total == 0 || total >= 1200 {
		t.Fatalf("messages after salvage: %d of 1200", total)
	}
}
