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

// A log-in hands its leftover memory back to the OS once, a while after it:
// not during the log-in, not for a failed one, and once for a burst.
func TestLogInReleasesMemoryOnceAfterwards(t *testing.T) {
	var released atomic.Int32
	const after = 500 * time.Millisecond
	c, err := Open(filepath.Join(t.TempDir(), "parley.db"), Options{Params: vault.TestParams(),
		releaseAfter: after, release: func() { released.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	signUp(t, c, "ann")
	if err := c.Accounts().LogOut(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.LogIn(account.LogInRequest{Username: "ann", Password: "wrong password here"}); apperr.CodeOf(err) != apperr.AuthBadCredentials {
		t.Fatalf("wrong password: %v", err)
	}
	time.Sleep(2 * after)
	if n := released.Load(); n != 0 {
		t.Fatalf("a failed log-in released %d times", n)
	}
	for range 3 {
		if _, err := c.LogIn(account.LogInRequest{Username: "ann", Password: "correct horse battery"}); err != nil {
			t.Fatal(err)
		}
		if n := released.Load(); n != 0 {
			t.Fatalf("released during the log-ins (%d)", n)
		}
		if err := c.Accounts().LogOut(); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for released.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(2 * after)
	if n := released.Load(); n != 1 {
		t.Fatalf("released %d times after three log-ins, want once", n)
	}
}

// Closing the file cancels a release still pending.
func TestCloseCancelsAPendingRelease(t *testing.T) {
	var released atomic.Int32
	c, err := Open(filepath.Join(t.TempDir(), "parley.db"), Options{Params: vault.TestParams(),
		releaseAfter: 100 * time.Millisecond, release: func() { released.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	signUp(t, c, "ann")
	c.Accounts().LogOut()
	if _, err := c.LogIn(account.LogInRequest{Username: "ann", Password: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if n := released.Load(); n != 0 {
		t.Fatalf("released %d times after Close", n)
	}
}

// An index build (here one a search starts after the index was dropped)
// hands its scratch memory back the same way, once, a while after it.
func TestASearchIndexBuildReleasesMemoryAfterwards(t *testing.T) {
	var released atomic.Int32
	const after = 200 * time.Millisecond
	c, err := Open(filepath.Join(t.TempDir(), "parley.db"), Options{Params: vault.TestParams(),
		releaseAfter: after, release: func() { released.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	signUp(t, c, "ann")
	s, err := c.Scope()
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(3 * after)
	base := released.Load()
	c.Search().Drop()
	if _, err := c.Search().Search(s, search.Request{Query: "coffee"}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for released.Load() == base && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(2 * after)
	if n := released.Load() - base; n != 1 {
		t.Fatalf("released %d times after a build, want once", n)
	}
}
