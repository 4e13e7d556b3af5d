package account

import (
	"path/filepath"
	"testing"
	"time"

	"parley/backend/apperr"
	"parley/backend/store"
	"parley/backend/userdata/userdatatest"
	"parley/backend/vault"
)

type fixture struct {
	t     *testing.T
	path  string
	db    *store.DB
	svc   *Service
	clock *userdatatest.Clock
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	start := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	f := &fixture{t: t, path: filepath.Join(t.TempDir(), "parley.db"), clock: userdatatest.NewClock(start)}
	f.open()
	t.Cleanup(func() { f.db.Close() })
	return f
}

// open (re)opens the database and a fresh service, as a restart of the app would.
func (f *fixture) open() {
	f.t.Helper()
	db, err := store.Open(f.path, store.Options{})
	if err != nil {
		f.t.Fatal(err)
	}
	f.db = db
	f.svc = New(db, Options{Params: vault.TestParams(), Now: f.clock.Now})
}

func (f *fixture) restart() {
	f.t.Helper()
	f.db.Close()
	f.open()
}

func (f *fixture) signUp(name, password string) SignUpResult {
	f.t.Helper()
	res, err := f.svc.SignUp(SignUpRequest{Username: name, Password: password})
	if err != nil {
		f.t.Fatalf("SignUp(%q): %v", name, err)
	}
	return res
}

func (f *fixture) logOut() {
	f.t.Helper()
	if err := f.svc.LogOut(); err != nil {
		f.t.Fatal(err)
	}
}

func wantCode(t *testing.T, err error, code, field string) {
	t.Helper()
	e := apperr.As(err)
	if e == nil || e.Code != code || e.Field != field {
		t.Fatalf("error = %v; want code %q field %q", err, code, field)
	}
}
