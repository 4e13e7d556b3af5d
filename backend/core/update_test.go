package core

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"parley/backend/apperr"
	"parley/backend/settings"
	"parley/backend/update"
)

// releaseServer counts requests; stall makes it hold them until the client gives up.
func releaseServer(t *testing.T, stall bool) (*update.Checker, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if stall {
			<-r.Context().Done()
			return
		}
		_, _ = w.Write([]byte(`{"tag_name":"v1.3.0","html_url":"https://example.org/r/v1.3.0","draft":false,"prerelease":false}`))
	}))
	t.Cleanup(srv.Close)
	return update.NewChecker(srv.URL, "v1.2.0", func(string) string { return "" }), &hits
}

func TestParleyAsksForUpdatesOnlyWhenTheLearnerClickedOrTurnedItOn(t *testing.T) {
	u, hits := releaseServer(t, false)
	c, _ := open(t, filepath.Join(t.TempDir(), "parley.db"))
	s := signUp(t, c, "ann")

	// Off by default: the check after log-in makes no request.
	res, err := c.CheckForUpdatesAtStart(s, "start-1", u)
	if err != nil || res.Checked {
		t.Fatalf("check at start with the setting off = %+v, %v", res, err)
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("%d requests with the setting off and no click", n)
	}

	// Check now asks, setting or not.
	res, err = c.CheckForUpdates("now-1", u)
	if err != nil || !res.Checked || !res.Newer || res.Latest != "v1.3.0" {
		t.Fatalf("Check now = %+v, %v", res, err)
	}
	if n := hits.Load(); n != 1 {
		t.Fatalf("%d requests after one click", n)
	}

	// Turned on: once per start.
	if _, err := c.Settings().Save(s, settings.SettingsUpdate{Temperature: 0.7, CheckUpdates: true}); err != nil {
		t.Fatal(err)
	}
	res, err = c.CheckForUpdatesAtStart(s, "start-2", u)
	if err != nil || !res.Checked || !res.Newer {
		t.Fatalf("check at start with the setting on = %+v, %v", res, err)
	}
	if res, err := c.CheckForUpdatesAtStart(s, "start-3", u); err != nil || res.Checked {
		t.Fatalf("a second check at start = %+v, %v", res, err)
	}
	if n := hits.Load(); n != 2 {
		t.Fatalf("%d requests, want 2 (one click, one start)", n)
	}
}

func TestLoggingOutCancelsAnUpdateCheck(t *testing.T) {
	u, hits := releaseServer(t, true)
	c, _ := open(t, filepath.Join(t.TempDir(), "parley.db"))
	signUp(t, c, "ann")
	got := make(chan error, 1)
	go func() { _, err := c.CheckForUpdates("now-1", u); got <- err }()
	deadline := time.Now().Add(5 * time.Second)
	for hits.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if err := c.Accounts().LogOut(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-got:
		if apperr.CodeOf(err) != apperr.LLMCanceled {
			t.Fatalf("got %v, want %s", err, apperr.LLMCanceled)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("the check was still running after log-out")
	}
}
