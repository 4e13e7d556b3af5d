package account

import (
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"parley/backend/apperr"
	"parley/backend/store"
)

func (f *fixture) logIn(name, password string) error {
	_, err := f.svc.LogIn(LogInRequest{Username: name, Password: password})
	return err
}

func TestChangingThePasswordKeepsMyRooms(t *testing.T) {
	f := newFixture(t)
	res := f.signUp("mina", "password1")
	writeRoom(t, f.svc, "r1", "Job interview")

	err := f.svc.ChangePassword(ChangePasswordRequest{Current: "password9", Next: "password2"})
	wantCode(t, err, apperr.AuthBadCredentials, "current")
	wantCode(t, f.svc.ChangePassword(ChangePasswordRequest{Current: "password1", Next: "short"}), apperr.AuthWeakPassword, "next")
	wantCode(t, f.svc.ChangePassword(ChangePasswordRequest{Current: "", Next: "password2"}), apperr.InputRequired, "current")

	if err := f.svc.ChangePassword(ChangePasswordRequest{Current: "password1", Next: "password2"}); err != nil {
		t.Fatal(err)
	}
	f.logOut()
	wantCode(t, f.logIn("mina", "password1"), apperr.AuthBadCredentials, "")
	if err := f.logIn("mina", "password2"); err != nil {
		t.Fatalf("new password: %v", err)
	}
	if got := readRoom(t, f.svc, "r1"); got != "Job interview" {
		t.Errorf("room after password change = %q", got)
	}
	f.logOut()
	// The recovery code from sign-up still unwraps the same data key.
	if _, err := f.svc.RecoverAccount(RecoverRequest{Username: "mina", RecoveryCode: res.RecoveryCode, NewPassword: "password3"}); err != nil {
		t.Fatalf("recovery after a password change: %v", err)
	}
	if got := readRoom(t, f.svc, "r1"); got != "Job interview" {
		t.Errorf("room after recovery = %q", got)
	}
}

func TestChangingThePasswordNeedsASession(t *testing.T) {
	f := newFixture(t)
	wantCode(t, f.svc.ChangePassword(ChangePasswordRequest{Current: "password1", Next: "password2"}), apperr.AuthRequired, "")
	wantCode(t, f.svc.DeleteAccount("password1"), apperr.AuthRequired, "")
}

func TestTheRecoveryCodeSetsANewPasswordAndKeepsMyData(t *testing.T) {
	f := newFixture(t)
	res := f.signUp("mina", "password1")
	writeRoom(t, f.svc, "r1", "At the doctor's")
	f.logOut()

	bad := []struct {
		name        string
		req         RecoverRequest
		code, field string
	}{
		{"wrong code", RecoverRequest{Username: "mina", RecoveryCode: "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA", NewPassword: "password2"}, apperr.AuthBadRecovery, "recoveryCode"},
		{"garbled code", RecoverRequest{Username: "mina", RecoveryCode: "not a code", NewPassword: "password2"}, apperr.AuthBadRecovery, "recoveryCode"},
		{"unknown user", RecoverRequest{Username: "ghost", RecoveryCode: res.RecoveryCode, NewPassword: "password2"}, apperr.AuthBadRecovery, "recoveryCode"},
		{"empty code", RecoverRequest{Username: "mina", NewPassword: "password2"}, apperr.InputRequired, "recoveryCode"},
		{"weak new password", RecoverRequest{Username: "mina", RecoveryCode: res.RecoveryCode, NewPassword: "pw"}, apperr.AuthWeakPassword, "newPassword"},
		{"no username", RecoverRequest{RecoveryCode: res.RecoveryCode, NewPassword: "password2"}, apperr.InputRequired, "username"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			_, err := f.svc.RecoverAccount(c.req)
			wantCode(t, err, c.code, c.field)
		})
	}

	typed := strings.ToLower(strings.ReplaceAll(res.RecoveryCode, "-", " "))
	again, err := f.svc.RecoverAccount(RecoverRequest{Username: "MINA", RecoveryCode: typed, NewPassword: "password2"})
	if err != nil {
		t.Fatalf("recovery: %v", err)
	}
	if again.User.ID != res.User.ID || again.RecoveryCode == "" || again.RecoveryCode == res.RecoveryCode {
		t.Fatalf("recovery result %+v", again)
	}
	if got := readRoom(t, f.svc, "r1"); got != "At the doctor's" {
		t.Errorf("room after recovery = %q", got)
	}
	f.logOut()
	wantCode(t, f.logIn("mina", "password1"), apperr.AuthBadCredentials, "")
	if err := f.logIn("mina", "password2"); err != nil {
		t.Fatalf("new password after recovery: %v", err)
	}
	f.logOut()
	_, err = f.svc.RecoverAccount(RecoverRequest{Username: "mina", RecoveryCode: res.RecoveryCode, NewPassword: "password3"})
	wantCode(t, err, apperr.AuthBadRecovery, "recoveryCode")
	if _, err := f.svc.RecoverAccount(RecoverRequest{Username: "mina", RecoveryCode: again.RecoveryCode, NewPassword: "password3"}); err != nil {
		t.Fatalf("the new recovery code does not work: %v", err)
	}
}

func TestDeletingMyAccountRemovesAllItsDataAndNoOneElses(t *testing.T) {
	f := newFixture(t)
	f.signUp("jun", "password1")
	writeRoom(t, f.svc, "r1", "jun's room")
	f.logOut()
	mina := f.signUp("mina", "password1")
	writeRoom(t, f.svc, "r1", "mina's room")
	hookRuns := 0
	f.svc.OnLogout(func() { hookRuns++ })

	wantCode(t, f.svc.DeleteAccount("password9"), apperr.AuthBadCredentials, "password")
	if who, _ := f.svc.WhoAmI(); !who.LoggedIn {
		t.Fatal("a refused deletion logged out")
	}
	if err := f.svc.DeleteAccount("password1"); err != nil {
		t.Fatal(err)
	}
	if who, _ := f.svc.WhoAmI(); who.LoggedIn {
		t.Error("still logged in after deleting the account")
	}
	if hookRuns != 1 {
		t.Errorf("log-out hooks ran %d times, want 1", hookRuns)
	}
	err := f.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(store.BucketUsers).Get([]byte("mina")) != nil {
			t.Error("account record is still there")
		}
		if tx.Bucket(store.BucketUserRoots).Bucket([]byte(mina.User.ID)) != nil {
			t.Error("the user's data buckets are still there")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, f.logIn("mina", "password1"), apperr.AuthBadCredentials, "")

	if err := f.logIn("jun", "password1"); err != nil {
		t.Fatal(err)
	}
	if got := readRoom(t, f.svc, "r1"); got != "jun's room" {
		t.Errorf("jun's room after mina left = %q", got)
	}
	f.logOut()
	// The name is free again, with fresh empty data.
	f.signUp("mina", "password1")
	if got := readRoom(t, f.svc, "r1"); got != "" {
		t.Errorf("a new account under the old name sees %q", got)
	}
}
