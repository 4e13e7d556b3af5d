package update

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"parley/backend/apperr"
)

func serve(t *testing.T, status int, body string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Method != http.MethodGet || r.Header.Get("User-Agent") == "" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

const releases = `[
  {"tag_name":"v1.4.0-rc.1","html_url":"https://example.org/r/v1.4.0-rc.1","draft":false,"prerelease":true},
  {"tag_name":"v1.5.0","html_url":"https://example.org/r/v1.5.0","draft":true,"prerelease":false},
  {"tag_name":"v1.3.0","html_url":"https://example.org/r/v1.3.0","draft":false,"prerelease":false},
  {"tag_name":"v1.2.9","html_url":"https://example.org/r/v1.2.9","draft":false,"prerelease":false}
]`

func TestALearnerIsToldWhenANewerReleaseIsOutAndWhenTheyHaveTheNewest(t *testing.T) {
	srv, _ := serve(t, 200, releases)
	cases := []struct {
		current string
		newer   bool
	}{
		{"v1.2.3", true},
		{"v1.2.9-4-gabcdef0", true},        // past the older release, before the newest
		{"v1.3.0-rc.2", true},              // a pre-release of the newest
		{"v1.3.0", false},                  // the same
		{"v1.3.0-dirty", false},            // the same, with local edits
		{"v1.3.0-4-gabcdef0-dirty", false}, // past the newest
		{"v1.4.0", false},                  // newer than any published release
	}
	for _, c := range cases {
		res, err := Check(context.Background(), nil, srv.URL, c.current)
		if err != nil {
			t.Fatalf("%s: %v", c.current, err)
		}
		// Drafts and pre-releases are never offered, however new.
		want := Result{Current: c.current, Latest: "v1.3.0", URL: "https://example.org/r/v1.3.0", Newer: c.newer, Checked: true}
		if res != want {
			t.Errorf("%s: %+v, want %+v", c.current, res, want)
		}
	}
}

func TestADevelopmentBuildSaysSoInsteadOfClaimingAnUpdate(t *testing.T) {
	srv, _ := serve(t, 200, `{"tag_name":"v2.0.0","html_url":"https://example.org/r/v2.0.0","draft":false,"prerelease":false}`)
	for _, current := range []string{"dev", "abcdef1", "abcdef1-dirty", ""} {
		res, err := Check(context.Background(), nil, srv.URL, current)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Dev || res.Newer || res.Latest != "v2.0.0" || res.URL != "https://example.org/r/v2.0.0" {
			t.Errorf("%q: %+v, want a development build with the latest release named", current, res)
		}
	}
}

func TestALatestReleaseObjectThatIsADraftOrPreReleaseIsNotOffered(t *testing.T) {
	for _, body := range []string{
		`{"tag_name":"v9.0.0","html_url":"https://example.org/r/v9","draft":true,"prerelease":false}`,
		`{"tag_name":"v9.0.0-beta","html_url":"https://example.org/r/v9b","draft":false,"prerelease":true}`,
		`[]`,
	} {
		srv, _ := serve(t, 200, body)
		if _, err := Check(context.Background(), nil, srv.URL, "v1.0.0"); apperr.CodeOf(err) != apperr.UpdateNoRelease {
			t.Errorf("%s: %v, want %s", body, err, apperr.UpdateNoRelease)
		}
	}
	srv, _ := serve(t, 404, `{"message":"Not Found"}`)
	if _, err := Check(context.Background(), nil, srv.URL, "v1.0.0"); apperr.CodeOf(err) != apperr.UpdateNoRelease {
		t.Errorf("404: %v, want %s", err, apperr.UpdateNoRelease)
	}
}

func TestABadAnswerIsACodedErrorNotAnOffer(t *testing.T) {
	cases := []struct {
		name, body string
		status     int
		code       string
	}{
		{"malformed JSON", `{"tag_name":`, 200, apperr.UpdateMalformed},
		{"not JSON", `<html>hello</html>`, 200, apperr.UpdateMalformed},
		{"no tag", `{"html_url":"https://example.org/r"}`, 200, apperr.UpdateMalformed},
		{"too large", `[` + strings.Repeat(`{"tag_name":"v0.0.1","html_url":"https://example.org/x"},`, MaxResponse/50) + `{}]`, 200, apperr.UpdateMalformed},
		{"server error", `{"message":"oops"}`, 502, apperr.UpdateServer},
		{"rate limited", `{"message":"API rate limit exceeded"}`, 403, apperr.UpdateServer},
		// A link the app must not open is dropped, and nothing else is left.
		{"javascript link", `[{"tag_name":"v9.0.0","html_url":"javascript:alert(1)"}]`, 200, apperr.UpdateNoRelease},
	}
	for _, c := range cases {
		srv, _ := serve(t, c.status, c.body)
		res, err := Check(context.Background(), nil, srv.URL, "v1.0.0")
		if apperr.CodeOf(err) != c.code || res != (Result{}) {
			t.Errorf("%s: %+v, %v; want %s", c.name, res, err, c.code)
		}
	}
}

func TestASlowServerTimesOut(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	// The check's own 10 s limit is tested through a caller deadline that
	// is shorter, so the test does not wait 10 s; both take the same path.
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Check(ctx, nil, srv.URL, "v1.0.0")
	if apperr.CodeOf(err) != apperr.UpdateTimeout {
		t.Fatalf("err = %v, want %s", err, apperr.UpdateTimeout)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("the check took %s", d)
	}
}

func TestTheCheckIsBoundedByTenSeconds(t *testing.T) {
	if Timeout != 10*time.Second {
		t.Fatalf("Timeout = %s", Timeout)
	}
	var deadline time.Time
	client := &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
		deadline, _ = r.Context().Deadline()
		return nil, context.DeadlineExceeded
	})}
	before := time.Now()
	_, _ = Check(context.Background(), client, "https://example.org/releases", "v1.0.0")
	if left := deadline.Sub(before); left < 9*time.Second || left > 11*time.Second {
		t.Fatalf("the request's deadline is %s away, want 10 s", left)
	}
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestOfflineIsUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	if _, err := Check(context.Background(), nil, "http://"+addr+"/releases", "v1.0.0"); apperr.CodeOf(err) != apperr.UpdateUnreachable {
		t.Fatalf("err = %v, want %s", err, apperr.UpdateUnreachable)
	}
}

func TestABuildWithoutAReleaseAddressMakesNoRequest(t *testing.T) {
	for _, addr := range []string{"", "  ", "file:///etc/passwd", "ftp://example.org/x", "not a url"} {
		if _, err := Check(context.Background(), nil, addr, "v1.0.0"); apperr.CodeOf(err) != apperr.UpdateUnavailable {
			t.Errorf("%q: %v, want %s", addr, err, apperr.UpdateUnavailable)
		}
	}
	c := NewChecker("", "v1.0.0", func(string) string { return "" })
	if c.Available() {
		t.Fatal("a checker without an address says it is available")
	}
	if res, err := c.CheckOnce(context.Background()); err != nil || res.Checked {
		t.Fatalf("CheckOnce without an address = %+v, %v", res, err)
	}
}

func TestTheEnvironmentOverridesTheBuildsAddress(t *testing.T) {
	env := func(k string) string {
		if k == EnvURL {
			return "http://127.0.0.1:9/releases"
		}
		return ""
	}
	if c := NewChecker("https://example.org/built-in", "v1", env); c.Address != "http://127.0.0.1:9/releases" {
		t.Fatalf("address = %q", c.Address)
	}
	if c := NewChecker("https://example.org/built-in", "v1", func(string) string { return "" }); c.Address != "https://example.org/built-in" {
		t.Fatalf("address = %q", c.Address)
	}
}

func TestCheckOnceChecksOncePerStart(t *testing.T) {
	srv, hits := serve(t, 200, releases)
	c := NewChecker(srv.URL, "v1.2.0", func(string) string { return "" })
	res, err := c.CheckOnce(context.Background())
	if err != nil || !res.Checked || !res.Newer {
		t.Fatalf("first CheckOnce = %+v, %v", res, err)
	}
	if res, err := c.CheckOnce(context.Background()); err != nil || res.Checked {
		t.Fatalf("second CheckOnce = %+v, %v; want no check", res, err)
	}
	if n := hits.Load(); n != 1 {
		t.Fatalf("%d requests, want 1", n)
	}
	// Check now always asks.
	if _, err := c.Check(context.Background()); err != nil || hits.Load() != 2 {
		t.Fatalf("Check now: %v, %d requests", err, hits.Load())
	}
}

func TestACanceledCheckAtStartDoesNotCount(t *testing.T) {
	srv, hits := serve(t, 200, releases)
	c := NewChecker(srv.URL, "v1.2.0", func(string) string { return "" })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.CheckOnce(ctx); apperr.CodeOf(err) != apperr.LLMCanceled {
		t.Fatalf("canceled CheckOnce: %v", err)
	}
	if res, err := c.CheckOnce(context.Background()); err != nil || !res.Checked {
		t.Fatalf("CheckOnce after a canceled one = %+v, %v", res, err)
	}
	if n := hits.Load(); n != 1 {
		t.Fatalf("%d requests, want 1", n)
	}
}
