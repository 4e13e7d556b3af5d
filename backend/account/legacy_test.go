package account

import (
	"bytes"
	"os"
	"testing"

	bolt "go.etcd.io/bbolt"

	"parley/backend/store"
	"parley/backend/vault"
)

// testdata/record_v1.json is an account record exactly as Parley wrote it
// before lock version 2 (a separate password hash, the argon2id output used
// as the key-encryption key, no parameters in the associated data): user
// "Mina", password "password1", display name "민아" sealed with the data key,
// and this recovery code, with vault.TestParams.
const legacyRecoveryCode = "WP5B-13B2-XKSV-CAJ0-7TK8-G064"

func putLegacyRecord(t *testing.T, f *fixture) {
	t.Helper()
	raw, err := os.ReadFile("testdata/record_v1.json")
	if err != nil {
		t.Fatal(err)
	}
	err = f.db.Update(func(tx *bolt.Tx) error {
		users, err := tx.CreateBucketIfNotExists(store.BucketUsers)
		if err != nil {
			return err
		}
		return users.Put([]byte("mina"), raw)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func rawRecord(t *testing.T, f *fixture) []byte {
	t.Helper()
	var raw []byte
	_ = f.db.View(func(tx *bolt.Tx) error {
		raw = bytes.Clone(tx.Bucket(store.BucketUsers).Get([]byte("mina")))
		return nil
	})
	return raw
}

func TestAnAccountFromBeforeLockVersion2LogsInOnceAndIsUpgraded(t *testing.T) {
	f := newFixture(t)
	putLegacyRecord(t, f)
	w, reset := f.countWork()

	wantCode(t, f.logIn("mina", "password2"), "auth.bad_credentials", "")
	reset()
	u, err := f.svc.LogIn(LogInRequest{Username: "mina", Password: "password1"})
	if err != nil {
		t.Fatalf("an old account does not log in: %v", err)
	}
	if u.DisplayName != "민아" { // sealed with the data key: the key unwrapped is the right one
		t.Errorf("display name = %q", u.DisplayName)
	}
	if len(w.derives) != 1 || w.writes != 1 {
		t.Errorf("upgrading log-in did %v; want one argon2id run and one write", w)
	}
	raw := rawRecord(t, f)
	if bytes.Contains(raw, []byte(`"password":`)) {
		t.Error("the old password hash is still stored")
	}
	rec, err := f.svc.load("mina")
	if err != nil {
		t.Fatal(err)
	}
	if rec.PasswordLock != vault.LockVersion || len(rec.PasswordCheck) == 0 {
		t.Errorf("password lock after log-in: version %d, check %x", rec.PasswordLock, rec.PasswordCheck)
	}
	if rec.RecoveryLock == vault.LockVersion {
		t.Error("the recovery lock changed without the recovery code")
	}
	f.logOut()

	// The next log-in opens the new lock, and nothing more is rewritten in it.
	if err := f.logIn("mina", "password1"); err != nil {
		t.Fatalf("log-in after the upgrade: %v", err)
	}
	f.logOut()
	if got, _ := f.svc.load("mina"); got.PasswordLock != vault.LockVersion || !bytes.Equal(got.KeyByPassword, rec.KeyByPassword) {
		t.Error("the upgraded lock was replaced again")
	}
	// The recovery code from before the upgrade still works, and its lock is renewed.
	res, err := f.svc.RecoverAccount(RecoverRequest{Username: "mina", RecoveryCode: legacyRecoveryCode, NewPassword: "password3"})
	if err != nil {
		t.Fatalf("old recovery code: %v", err)
	}
	if res.User.DisplayName != "민아" {
		t.Errorf("display name after recovery = %q", res.User.DisplayName)
	}
	if got, _ := f.svc.load("mina"); got.RecoveryLock != vault.LockVersion {
		t.Errorf("recovery lock version %d after recovery", got.RecoveryLock)
	}
}
