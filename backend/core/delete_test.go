package core

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"parley/backend/account"
	"parley/backend/store"
	"parley/backend/vault"
)

// sealedRoom returns the sealed bytes of a room record as stored.
func sealedRoom(t *testing.T, c *Core, userID, roomID string) []byte {
	t.Helper()
	var out []byte
	err := c.db.View(func(tx *bolt.Tx) error {
		out = bytes.Clone(tx.Bucket(store.BucketUserRoots).Bucket([]byte(userID)).Bucket([]byte("rooms")).Get([]byte(roomID)))
		return nil
	})
	if err != nil || len(out) < 32 {
		t.Fatalf("sealed room: %d bytes, %v", len(out), err)
	}
	return out
}

func TestADeletedAccountsSealedBytesAreGoneFromTheFileAndOnRequestFromTheBackups(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	day := time.Date(2026, 11, 29, 9, 0, 0, 0, time.Local)
	opt := func(at time.Time) Options {
		return Options{Params: vault.TestParams(), LockTimeout: 200 * time.Millisecond, Now: func() time.Time { return at }}
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
	sealed := sealedRoom(t, c, s.UserID(), r.ID)
	c.Close()
	c, err = Open(path, opt(day.Add(24*time.Hour))) // today's backup holds ann
	if err != nil {
		t.Fatal(err)
	}
	defer func() { c.Close() }()
	signUp(t, c, "bob") // someone who stays
	_ = c.Accounts().LogOut()
	if _, err := c.LogIn(loginAnn); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	if !bytes.Contains(raw, sealed) || !bytes.Contains(raw, []byte(`"username":"ann"`)) {
		t.Fatal("fixture: the file does not hold ann's bytes before the deletion")
	}

	c, res, err := DeleteAccount(c, loginAnn.Password, true)
	if err != nil || !res.Compacted || !res.BackupsPurged {
		t.Fatalf("DeleteAccount = %+v, %v", res, err)
	}
	raw, _ = os.ReadFile(path)
	if bytes.Contains(raw, sealed) || bytes.Contains(raw, []byte(`"username":"ann"`)) {
		t.Fatal("the deleted account's bytes are still in the data file")
	}
	list, _ := store.Backups(path)
	if len(list) == 0 {
		t.Fatal("no backups")
	}
	for _, b := range list {
		raw, _ := os.ReadFile(filepath.Join(store.BackupDir(path), b.Name))
		if bytes.Contains(raw, sealed) || bytes.Contains(raw, []byte(`"username":"ann"`)) {
			t.Fatalf("backup %s still holds the deleted account", b.Name)
		}
	}
	// Bob is still there, in the file and the reopened app.
	if _, err := c.LogIn(loginBob); err != nil {
		t.Fatalf("bob after ann's deletion: %v", err)
	}
}

func TestWithoutAskingTheBackupsKeepTheDeletedAccount(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	day := time.Date(2026, 11, 29, 9, 0, 0, 0, time.Local)
	c, err := Open(path, Options{Params: vault.TestParams(), Now: func() time.Time { return day }})
	if err != nil {
		t.Fatal(err)
	}
	s := signUp(t, c, "ann")
	r, _ := c.Rooms().Create(s, tokyo)
	sealed := sealedRoom(t, c, s.UserID(), r.ID)
	c.Close()
	c, err = Open(path, Options{Params: vault.TestParams(), Now: func() time.Time { return day.Add(24 * time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.LogIn(loginAnn); err != nil {
		t.Fatal(err)
	}
	c, res, err := DeleteAccount(c, loginAnn.Password, false)
	if err != nil || !res.Compacted || res.BackupsPurged {
		t.Fatalf("DeleteAccount = %+v, %v", res, err)
	}
	defer c.Close()
	list, _ := store.Backups(path)
	raw, _ := os.ReadFile(filepath.Join(store.BackupDir(path), list[0].Name))
	if !bytes.Contains(raw, sealed) {
		t.Fatal("the backup lost the account without being asked")
	}
}

var loginBob = account.LogInRequest{Username: "bob", Password: "correct horse battery"}
