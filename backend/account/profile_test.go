package account

import (
	"strings"
	"testing"

	"parley/backend/apperr"
)

func TestALearnerChangesTheirDisplayNameAndKeepsItAfterARestart(t *testing.T) {
	f := newFixture(t)
	f.signUp("mina", "correct horse battery")
	u, err := f.svc.ChangeDisplayName("  Mina Kim ")
	if err != nil || u.DisplayName != "Mina Kim" || u.Username != "mina" {
		t.Fatalf("ChangeDisplayName: %+v, %v", u, err)
	}
	if s, _ := f.svc.WhoAmI(); s.User.DisplayName != "Mina Kim" {
		t.Fatalf("WhoAmI after the change: %+v", s.User)
	}
	f.restart()
	got, err := f.svc.LogIn(LogInRequest{Username: "mina", Password: "correct horse battery"})
	if err != nil || got.DisplayName != "Mina Kim" {
		t.Fatalf("after a restart: %+v, %v", got, err)
	}
	// An empty name goes back to the username.
	if u, _ := f.svc.ChangeDisplayName(""); u.DisplayName != "mina" {
		t.Fatalf("empty name: %+v", u)
	}
}

func TestABadDisplayNameIsRefusedAndNothingChanges(t *testing.T) {
	f := newFixture(t)
	f.signUp("mina", "correct horse battery")
	if _, err := f.svc.ChangeDisplayName("Mina"); err != nil {
		t.Fatal(err)
	}
	_, err := f.svc.ChangeDisplayName(strings.Repeat("가", MaxDisplayNameRunes+1))
	wantCode(t, err, apperr.InputTooLong, "displayName")
	_, err = f.svc.ChangeDisplayName("Mi\x07na")
	wantCode(t, err, apperr.InputInvalid, "displayName")
	if s, _ := f.svc.WhoAmI(); s.User.DisplayName != "Mina" {
		t.Fatalf("after refused names: %+v", s.User)
	}
	f.logOut()
	_, err = f.svc.ChangeDisplayName("Someone")
	wantCode(t, err, apperr.AuthRequired, "")
}
