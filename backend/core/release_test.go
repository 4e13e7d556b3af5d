package core

import (
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"parley/backend/account"
	"parley/backend/apperr"
	"parley/backend/search"
	"parley/backend/vault"
)

// The release's own wait is an hour in these tests, so nothing fires by itself on a slow or
// loaded machine: what is scheduled is read with pending(), and the timer's turn is run().

func openReleasing(t *testing.T, after time.Duration, released *atomic.Int32) *Core {
	t.Helper()
	c, err := Open(filepath.Join(t.TempDir(), "parley.db"), Options{Params: vault.TestParams(),
		releaseAfter: after, release: func() { released.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// waitUntil polls cond for up to 10 s (a background build, a real timer), failing with what.
func waitUntil(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal(what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitPending waits for a background index build to have scheduled its release.
func waitPending(t *testing.T, c *Core) {
	t.Helper()
	waitUntil(t, c.released.pending, "no release was scheduled")
}

// A log-in hands its leftover memory back to the OS once, a while after it:
// not during the log-in, not for a failed one, and once for a burst.
func TestLogInReleasesMemoryOnceAfterwards(t *testing.T) {
	var released atomic.Int32
	c := openReleasing(t, time.Hour, &released)
	defer c.Close()
	signUp(t, c, "ann")
	if err := c.Accounts().LogOut(); err != nil {
		t.Fatal(err)
	}
	c.released.run() // anything the set-up scheduled, out of the way
	if _, err := c.LogIn(account.LogInRequest{Username: "ann", Password: "wrong password here"}); apperr.CodeOf(err) != apperr.AuthBadCredentials {
		t.Fatalf("wrong password: %v", err)
	}
	if c.released.pending() {
		t.Fatal("a failed log-in scheduled a release")
	}
	for range 3 {
		if _, err := c.LogIn(account.LogInRequest{Username: "ann", Password: "correct horse battery"}); err != nil {
			t.Fatal(err)
		}
		if err := c.Accounts().LogOut(); err != nil {
			t.Fatal(err)
		}
	}
	if !c.released.pending() {
		t.Fatal("no release scheduled after the log-ins")
	}
	if n := released.Load(); n != 0 {
		t.Fatalf("released %d times during the log-ins", n)
	}
	c.released.run()
	c.released.run() // the timer's turn after a burst comes once; a second is nothing
	if n := released.Load(); n != 1 {
		t.Fatalf("released %d times after three log-ins, want once", n)
	}
}

// The release does come by itself, after its wait.
func TestTheReleaseComesAfterItsWait(t *testing.T) {
	var released atomic.Int32
	c := openReleasing(t, 20*time.Millisecond, &released)
	defer c.Close()
	signUp(t, c, "ann")
	c.Accounts().LogOut()
	if _, err := c.LogIn(account.LogInRequest{Username: "ann", Password: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, func() bool { return released.Load() > 0 }, "the release never came")
}

// Closing the file cancels a release still pending, and schedules none after.
func TestCloseCancelsAPendingRelease(t *testing.T) {
	var released atomic.Int32
	c := openReleasing(t, time.Hour, &released)
	signUp(t, c, "ann")
	c.Accounts().LogOut()
	if _, err := c.LogIn(account.LogInRequest{Username: "ann", Password: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	if !c.released.pending() {
		t.Fatal("no release scheduled after the log-in")
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	c.released.soon() // as an index build ending after Close would
	c.released.run()  // and the timer's turn, had it not been stopped
	if c.released.pending() || released.Load() != 0 {
		t.Fatalf("after Close: pending %v, released %d times", c.released.pending(), released.Load())
	}
}

// An index build (here one a search starts after the index was dropped)
// hands its scratch memory back the same way, once, a while after it.
func TestASearchIndexBuildReleasesMemoryAfterwards(t *testing.T) {
	var released atomic.Int32
	c := openReleasing(t, time.Hour, &released)
	defer c.Close()
	signUp(t, c, "ann")
	s, err := c.Scope()
	if err != nil {
		t.Fatal(err)
	}
	c.released.run() // anything the set-up scheduled, out of the way
	base := released.Load()
	c.Search().Drop()
	if _, err := c.Search().Search(s, search.Request{Query: "coffee"}); err != nil {
		t.Fatal(err)
	}
	waitPending(t, c)
	c.released.run()
	if n := released.Load() - base; n != 1 {
		t.Fatalf("released %d times after a build, want once", n)
	}
}
