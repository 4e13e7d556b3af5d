// Package userdatatest gives the services' tests what each of them needs
// around user data: a real database file in a temp dir, a logged-in user's
// scope without going through accounts, and a clock the test moves.
package userdatatest

import (
	"path/filepath"
	"sync"
	"testing"
	"time"

	"parley/backend/store"
	"parley/backend/userdata"
	"parley/backend/vault"
)

// OpenDB opens a fresh data file, closed when the test ends; it returns its path too.
func OpenDB(tb testing.TB) (*store.DB, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "parley.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db, path
}

// Scope is the scope userID would get at log-in: their id and a fresh data
// key (deriving it from a password is the account service's business).
func Scope(tb testing.TB, db *store.DB, userID string) *userdata.Scope {
	tb.Helper()
	k, err := vault.NewKey()
	if err != nil {
		tb.Fatal(err)
	}
	return userdata.New(db, userID, k)
}

// Clock is a time source a test sets and moves; safe for concurrent use.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock starts a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
