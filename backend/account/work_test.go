package account

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"parley/backend/apperr"
	"parley/backend/vault"
)

// work records what the service did through its derive and update hooks.
type work struct {
	derives []vault.Params // one entry per argon2id run
	writes  int            // write transactions
}

// countWork hooks the service so every argon2id run and every write is
// recorded in the returned work, which reset empties. (The vault test proves
// that a refused derivation allocates nothing.)
func (f *fixture) countWork() (w *work, reset func()) {
	w = &work{}
	derive, update := f.svc.derive, f.svc.update
	f.svc.derive = func(k vault.KDF, secret []byte) (*vault.Derived, error) {
		d, err := derive(k, secret)
		if err == nil { // the vault refuses bad parameters before running argon2id
			w.derives = append(w.derives, k.Params)
		}
		return d, err
	}
	f.svc.update = func(fn func(*bolt.Tx) error) error {
		w.writes++
		return update(fn)
	}
	return w, func() { *w = work{} }
}

func (w *work) String() string {
	return fmt.Sprintf("%d argon2id runs %v, %d writes", len(w.derives), w.derives, w.writes)
}

func (w *work) same(o *work) bool {
	if len(w.derives) != len(o.derives) || w.writes != o.writes {
		return false
	}
	for i := range w.derives {
		if w.derives[i] != o.derives[i] {
			return false
		}
	}
	return true
}

// An unknown name must cost what a wrong password costs, or the time a
// refusal takes tells which names have accounts. Counting the work instead of
// timing it makes the proof independent of how busy the machine is.
func TestAnUnknownUserCostsTheSameWorkAsAWrongPassword(t *testing.T) {
	f := newFixture(t)
	res := f.signUp("mina", "password1")
	f.logOut()
	w, reset := f.countWork()
	attempt := func(call func() error) work {
		f.clock.Advance(time.Hour) // stay clear of the throttle
		reset()
		if err := call(); err == nil {
			t.Fatal("a bad attempt succeeded")
		}
		return *w
	}
	logIn := func(name string) func() error {
		return func() error { _, err := f.svc.LogIn(LogInRequest{Username: name, Password: "password2"}); return err }
	}
	recover := func(name string) func() error {
		return func() error {
			_, err := f.svc.RecoverAccount(RecoverRequest{Username: name, RecoveryCode: "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA", NewPassword: "password3"})
			return err
		}
	}
	for _, c := range []struct {
		name           string
		known, unknown func() error
	}{{"log-in", logIn("mina"), logIn("ghost")}, {"recovery", recover("mina"), recover("ghost")}} {
		known, unknown := attempt(c.known), attempt(c.unknown)
		if len(known.derives) != 1 || known.writes != 1 {
			t.Errorf("%s, wrong secret: %v; want one argon2id run and one write", c.name, &known)
		}
		if !known.same(&unknown) {
			t.Errorf("%s: wrong secret did %v, unknown name did %v", c.name, &known, &unknown)
		}
	}
	if _, err := f.svc.RecoverAccount(RecoverRequest{Username: "mina", RecoveryCode: res.RecoveryCode, NewPassword: "password3"}); err != nil {
		t.Fatal(err)
	}
}

// Logging in used to run argon2id twice (verify a hash, then derive the key);
// one run now both checks the password and unwraps the key.
func TestLoggingInRunsArgon2idOnce(t *testing.T) {
	f := newFixture(t)
	f.signUp("mina", "password1")
	f.logOut()
	w, reset := f.countWork()
	for i := 0; i < 2; i++ {
		reset()
		if err := f.logIn("mina", "password1"); err != nil {
			t.Fatal(err)
		}
		if len(w.derives) != 1 || w.writes != 1 {
			t.Errorf("log-in %d: %v; want one argon2id run and one write", i+1, w)
		}
		f.logOut()
	}
	if err := f.logIn("mina", "password1"); err != nil {
		t.Fatal(err)
	}
	reset()
	if err := f.svc.ChangePassword(ChangePasswordRequest{Current: "password1", Next: "password2"}); err != nil {
		t.Fatal(err)
	}
	if len(w.derives) != 2 { // check the current password, lock under the new one
		t.Errorf("password change: %v; want two argon2id runs", w)
	}
}

func editRecord(t *testing.T, f *fixture, key string, edit func(rec *record)) {
	t.Helper()
	err := f.db.Update(func(tx *bolt.Tx) error {
		rec, err := loadRecord(tx, key)
		if err != nil || rec == nil {
			return fmt.Errorf("record %q: %v", key, err)
		}
		edit(rec)
		return saveRecord(tx, key, rec)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Parameters are read from the file before any key exists: a record asking
// for gigabytes or thousands of passes is refused as tampered, before argon2id
// runs, and the refusal is not counted as a wrong password.
func TestARecordAskingForHugeArgon2CostsIsRefusedWithoutRunningIt(t *testing.T) {
	edits := map[string]func(*vault.KDF){
		"4 GiB":         func(k *vault.KDF) { k.Params.MemoryKiB = 4 << 20 },
		"10,000 passes": func(k *vault.KDF) { k.Params.Time = 10000 },
		"255 lanes":     func(k *vault.KDF) { k.Params.Threads, k.Params.MemoryKiB = 255, 255*8 },
		"no salt":       func(k *vault.KDF) { k.Salt = nil },
	}
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			res := f.signUp("mina", "password1")
			f.logOut()
			editRecord(t, f, "mina", func(rec *record) { edit(&rec.PasswordKDF); edit(&rec.RecoveryKDF) })
			w, _ := f.countWork()
			_, err := f.svc.LogIn(LogInRequest{Username: "mina", Password: "password1"})
			wantCode(t, err, apperr.StoreTampered, "")
			_, err = f.svc.RecoverAccount(RecoverRequest{Username: "mina", RecoveryCode: res.RecoveryCode, NewPassword: "password2"})
			wantCode(t, err, apperr.StoreTampered, "")
			if len(w.derives) != 0 || w.writes != 0 {
				t.Errorf("refusing did %v; want nothing", w)
			}
			if who, _ := f.svc.WhoAmI(); who.LoggedIn {
				t.Error("logged in with a tampered record")
			}
		})
	}
}

// A parameter changed within the caps derives another key, so log-in fails
// like a wrong password instead of logging in at other costs; put back, the
// account opens again.
func TestAChangedArgon2ParameterDoesNotLogIn(t *testing.T) {
	f := newFixture(t)
	f.signUp("mina", "password1")
	f.logOut()
	editRecord(t, f, "mina", func(rec *record) { rec.PasswordKDF.Params.Time++ })
	wantCode(t, f.logIn("mina", "password1"), apperr.AuthBadCredentials, "")
	editRecord(t, f, "mina", func(rec *record) { rec.PasswordKDF.Params.Time-- })
	if err := f.logIn("mina", "password1"); err != nil {
		t.Fatalf("the restored record does not log in: %v", err)
	}
}

func unknownNamesStored(t *testing.T, f *fixture) int {
	t.Helper()
	n := 0
	_ = f.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketUnknownNames); b != nil {
			return b.ForEach(func(k, _ []byte) error {
				if len(k) == nameHashSize {
					n++
				}
				return nil
			})
		}
		return nil
	})
	return n
}

// A flood of made-up names cannot grow the file without bound, nor wash out
// the counter of a name someone is locked out of (the old in-memory map
// forgot every name at 1,024 entries).
func TestAFloodOfUnknownNamesStaysBoundedAndKeepsLockedNamesLocked(t *testing.T) {
	f := newFixture(t)
	f.svc.maxUnknown = 20
	for i := 0; i < FreeAttempts; i++ {
		wantCode(t, f.logIn("ghost", "password1"), apperr.AuthBadCredentials, "")
	}
	for i := 0; i < 3*f.svc.maxUnknown; i++ {
		f.clock.Advance(time.Millisecond)
		wantCode(t, f.logIn(fmt.Sprint("flood", i), "password1"), apperr.AuthBadCredentials, "")
	}
	if n := unknownNamesStored(t, f); n != f.svc.maxUnknown {
		t.Errorf("%d names stored after the flood; want the cap, %d", n, f.svc.maxUnknown)
	}
	wantCode(t, f.logIn("ghost", "password1"), apperr.AuthThrottled, "")
	// The flood's newest names are still counted: the oldest went first.
	last := fmt.Sprint("flood", 3*f.svc.maxUnknown-1)
	if a, _ := f.svc.unknownAttempts(usernameKey(last)); a.Failed != 1 {
		t.Errorf("the newest flooding name has %d failures stored, want 1", a.Failed)
	}
	if a, _ := f.svc.unknownAttempts(usernameKey("flood0")); a.Failed != 0 {
		t.Errorf("the oldest flooding name is still stored")
	}
	// Signing a name up drops its unknown-name counter.
	f.clock.Advance(time.Hour)
	f.signUp(last, "password1")
	if a, _ := f.svc.unknownAttempts(usernameKey(last)); a.Failed != 0 {
		t.Error("a name kept its unknown-name counter after signing up")
	}
	if raw := rawBucket(t, f); bytes.Contains(raw, []byte("ghost")) || bytes.Contains(raw, []byte("flood")) {
		t.Error("attempted names are stored in clear")
	}
}

func rawBucket(t *testing.T, f *fixture) []byte {
	t.Helper()
	var out []byte
	_ = f.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketUnknownNames).ForEach(func(k, v []byte) error {
			out = append(append(out, k...), v...)
			return nil
		})
	})
	return out
}
