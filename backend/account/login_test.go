package account

import (
	"bytes"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"parley/backend/apperr"
	"parley/backend/userdata"
	"parley/backend/vault"
)

func TestAWrongPasswordAndAnUnknownUserLookTheSame(t *testing.T) {
	f := newFixture(t)
	f.signUp("mina", "password1")
	f.logOut()
	_, wrong := f.svc.LogIn(LogInRequest{Username: "mina", Password: "password2"})
	_, unknown := f.svc.LogIn(LogInRequest{Username: "nobody", Password: "password2"})
	if wrong == nil || unknown == nil {
		t.Fatal("a bad log-in succeeded")
	}
	wantCode(t, wrong, apperr.AuthBadCredentials, "")
	if wrong.Error() != unknown.Error() {
		t.Errorf("errors differ: %q vs %q", wrong, unknown)
	}
}

func TestRepeatedFailuresLockTheNameForGrowingDelaysEvenAfterARestart(t *testing.T) {
	for _, name := range []string{"mina", "ghost"} { // known and unknown names behave alike
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			f.signUp("mina", "password1")
			f.logOut()
			try := func(password string) error {
				_, err := f.svc.LogIn(LogInRequest{Username: name, Password: password})
				if err == nil {
					f.logOut()
				}
				return err
			}
			for i := 1; i <= FreeAttempts; i++ {
				wantCode(t, try("wrong-pass"), apperr.AuthBadCredentials, "")
			}
			err := try("password1")
			wantCode(t, err, apperr.AuthThrottled, "")
			if !strings.Contains(err.Error(), "try again in 1 s") {
				t.Errorf("throttle message %q does not give the seconds left", err)
			}
			f.clock.Advance(time.Second)
			wantCode(t, try("wrong-pass"), apperr.AuthBadCredentials, "")
			err = try("wrong-pass")
			if !strings.Contains(err.Error(), "try again in 2 s") {
				t.Errorf("second delay: %v, want 2 s", err)
			}
			f.restart()
			err = try("password1")
			wantCode(t, err, apperr.AuthThrottled, "")
			f.clock.Advance(2 * time.Second)
			if name != "mina" {
				wantCode(t, try("password1"), apperr.AuthBadCredentials, "")
				return
			}
			if err := try("password1"); err != nil {
				t.Fatalf("right password after the delay: %v", err)
			}
			// Success resets the counter: five more free attempts.
			for i := 1; i <= FreeAttempts; i++ {
				wantCode(t, try("wrong-pass"), apperr.AuthBadCredentials, "")
			}
		})
	}
}

func TestLockoutDelaysDoubleUpToFiveMinutes(t *testing.T) {
	cases := map[int]time.Duration{0: 0, 4: 0, 5: time.Second, 6: 2 * time.Second, 7: 4 * time.Second,
		13: 256 * time.Second, 14: 5 * time.Minute, 60: 5 * time.Minute, 1 << 30: 5 * time.Minute}
	for failures, want := range cases {
		if got := lockoutAfter(failures); got != want {
			t.Errorf("lockoutAfter(%d) = %v, want %v", failures, got, want)
		}
	}
}

func TestLoggingOutZeroesTheKeyAndClosesTheScope(t *testing.T) {
	f := newFixture(t)
	f.signUp("mina", "password1")
	scope, err := f.svc.Scope()
	if err != nil {
		t.Fatal(err)
	}
	f.svc.mu.RLock()
	key := f.svc.cur.data
	f.svc.mu.RUnlock()
	var hookSaw error
	f.svc.OnLogout(func() {
		// Hooks run before the key is wiped, so a stopped reply can still be saved.
		hookSaw = scope.Update(func(tx *userdata.Tx) error {
			b, err := tx.CreateBucket("rooms")
			if err != nil {
				return err
			}
			return b.Put([]byte("r1"), "saved while logging out")
		})
	})
	f.logOut()
	if hookSaw != nil {
		t.Errorf("log-out hook could not save: %v", hookSaw)
	}
	if !key.IsZeroed() {
		t.Error("data key is still in memory after log-out")
	}
	wantCode(t, scope.View(func(*userdata.Tx) error { return nil }), apperr.AuthRequired, "")
	_, err = f.svc.Scope()
	wantCode(t, err, apperr.AuthRequired, "")
	f.logOut() // twice is fine

	if _, err := f.svc.LogIn(LogInRequest{Username: "mina", Password: "password1"}); err != nil {
		t.Fatal(err)
	}
	if got := readRoom(t, f.svc, "r1"); got != "saved while logging out" {
		t.Errorf("room = %q", got)
	}
}

func writeRoom(t *testing.T, svc *Service, id, text string) {
	t.Helper()
	scope, err := svc.Scope()
	if err != nil {
		t.Fatal(err)
	}
	err = scope.Update(func(tx *userdata.Tx) error {
		b, err := tx.CreateBucket("rooms")
		if err != nil {
			return err
		}
		return b.Put([]byte(id), text)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func readRoom(t *testing.T, svc *Service, id string) string {
	t.Helper()
	scope, err := svc.Scope()
	if err != nil {
		t.Fatal(err)
	}
	var text string
	err = scope.View(func(tx *userdata.Tx) error {
		b, err := tx.Bucket("rooms")
		if err != nil || b == nil {
			return err
		}
		_, err = b.Get([]byte(id), &text)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return text
}

func TestAnotherUserCannotReadMyRooms(t *testing.T) {
	f := newFixture(t)
	f.signUp("mina", "password1")
	writeRoom(t, f.svc, "r1", "Ordering coffee in Seoul")
	f.logOut()
	f.signUp("jun", "password1")
	if got := readRoom(t, f.svc, "r1"); got != "" {
		t.Errorf("jun read mina's room: %q", got)
	}
}

func TestNoSecretOrPersonalTextIsInTheFileInClear(t *testing.T) {
	f := newFixture(t)
	res, err := f.svc.SignUp(SignUpRequest{Username: "mina", Password: "Horse-Battery-1234", DisplayName: "Kim Mina-Unique-Name"})
	if err != nil {
		t.Fatal(err)
	}
	writeRoom(t, f.svc, "r1", "Situation-Airport-Checkin-5566")
	f.logOut()
	f.db.Close()
	raw, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}
	canon, _ := vault.NormalizeRecoveryCode(res.RecoveryCode)
	for _, secret := range []string{"Horse-Battery-1234", "Kim Mina-Unique-Name", "Situation-Airport-Checkin-5566", res.RecoveryCode, canon} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("the data file contains %q in clear", secret)
		}
	}
	f.open()
}

func TestSessionCallsAreSafeFromManyGoroutines(t *testing.T) {
	f := newFixture(t)
	f.signUp("mina", "password1")
	f.logOut()
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for j := 0; j < 5; j++ {
				if _, err := f.svc.LogIn(LogInRequest{Username: "mina", Password: "password1"}); err != nil && apperr.CodeOf(err) != apperr.AuthLoggedIn {
					t.Error(err)
				}
				_ = f.svc.LogOut()
			}
		}()
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				_, _ = f.svc.WhoAmI()
				if s, err := f.svc.Scope(); err == nil {
					err := s.View(func(*userdata.Tx) error { return nil })
					if err != nil && apperr.CodeOf(err) != apperr.AuthRequired {
						t.Error(err)
					}
				}
			}
		}()
	}
	wg.Wait()
}

func TestASwappedWrappedKeyDoesNotLogIn(t *testing.T) {
	f := newFixture(t)
	f.signUp("mina", "password1")
	f.logOut()
	f.signUp("jun", "password1")
	f.logOut()
	// Give jun's record mina's password lock (salt, check value and wrapped
	// key), as someone editing the file might.
	err := f.db.Update(func(tx *bolt.Tx) error {
		mina, _ := loadRecord(tx, "mina")
		jun, _ := loadRecord(tx, "jun")
		jun.setPasswordLock(mina.passwordLock())
		return saveRecord(tx, "jun", jun)
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.LogIn(LogInRequest{Username: "jun", Password: "password1"})
	wantCode(t, err, apperr.StoreTampered, "")
	if who, _ := f.svc.WhoAmI(); who.LoggedIn {
		t.Error("logged in with a swapped key")
	}
}

func TestADamagedDisplayNameDoesNotLockTheLearnerOut(t *testing.T) {
	f := newFixture(t)
	if _, err := f.svc.SignUp(SignUpRequest{Username: "mina", Password: "password1", DisplayName: "민아"}); err != nil {
		t.Fatal(err)
	}
	f.logOut()
	err := f.db.Update(func(tx *bolt.Tx) error {
		rec, err := loadRecord(tx, "mina")
		if err != nil {
			return err
		}
		rec.Profile[len(rec.Profile)/2] ^= 0x40
		return saveRecord(tx, "mina", rec)
	})
	if err != nil {
		t.Fatal(err)
	}
	u, err := f.svc.LogIn(LogInRequest{Username: "mina", Password: "password1"})
	if err != nil {
		t.Fatalf("log-in with a damaged profile: %v", err)
	}
	if u.Username != "mina" || u.DisplayName != "mina" {
		t.Fatalf("user = %+v, want the username as display name", u)
	}
}
