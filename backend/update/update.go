// Package update tells the learner whether a newer Parley has been released.
//
// It reads one GitHub-releases-style JSON document (a release object, or a
// list of them) from the address the build was given, compares the newest
// published release with the running version and returns a link to its page.
// It never downloads or runs anything, and it makes a request only when
// called: the learner's "Check now", or, when they turned it on, once per
// start after log-in (see Checker.CheckOnce).
package update

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"parley/backend/apperr"
)

const (
	// Timeout bounds a whole check, connection to last byte.
	Timeout = 10 * time.Second
	// MaxResponse bounds the answer: a list of 30 releases with long notes
	// is a few hundred KiB.
	MaxResponse = 2 << 20
	// EnvURL overrides the build's release address (tests point it at a
	// loopback server).
	EnvURL = "PARLEY_RELEASES_URL"
)

// Result is what a check found.
type Result struct {
	Current string `json:"current"` // the running version
	Latest  string `json:"latest"`  // the newest published release's tag
	URL     string `json:"url"`     // its page, for OpenExternal
	Newer   bool   `json:"newer"`   // Latest is newer than Current
	// Dev: the running build is a development build ("dev", a bare commit),
	// which cannot be ordered against releases, so Newer is never set for it.
	Dev bool `json:"dev"`
	// Checked is false when a check at start was not made (the setting is
	// off, or this start already checked); the other fields are then empty.
	Checked bool `json:"checked"`
}

// release is the part of a GitHub release the check reads.
type release struct {
	TagName    string `json:"tag_name"`
	HTMLURL    string `json:"html_url"`
	Draft      bool   `json:"draft"`
	Prerelease bool   `json:"prerelease"`
}

// Check fetches the releases at address and compares the newest published
// one (drafts and pre-releases are ignored) with current. A nil client
// means a plain one; the proxy comes from the environment.
func Check(ctx context.Context, client *http.Client, address, current string) (Result, error) {
	if strings.TrimSpace(address) == "" {
		return Result{}, apperr.New(apperr.UpdateUnavailable, "this build does not know where releases are published")
	}
	u, err := url.Parse(address)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Result{}, apperr.New(apperr.UpdateUnavailable, "the release address of this build is not an http(s) address")
	}
	if client == nil {
		client = &http.Client{}
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	body, err := fetch(ctx, client, u.String(), current)
	if err != nil {
		return Result{}, err
	}
	latest, err := newest(body)
	if err != nil {
		return Result{}, err
	}
	res := Result{Current: current, Latest: latest.TagName, URL: latest.HTMLURL, Checked: true}
	running, ok := ParseVersion(current)
	if !ok {
		res.Dev = true
		return res, nil
	}
	v, _ := ParseVersion(latest.TagName) // newest kept only parseable tags
	res.Newer = Compare(v, running) > 0
	return res, nil
}

func fetch(ctx context.Context, client *http.Client, address, current string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, address, nil)
	if err != nil {
		return nil, apperr.Wrap(apperr.UpdateUnavailable, err, "the release address of this build is not valid")
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	// GitHub refuses requests without a User-Agent.
	req.Header.Set("User-Agent", "Parley/"+current)
	resp, err := client.Do(req)
	if err != nil {
		return nil, classify(ctx, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound:
		// GitHub's /releases/latest answers 404 until something is published.
		return nil, apperr.New(apperr.UpdateNoRelease, "no release has been published yet")
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return nil, apperr.New(apperr.UpdateServer, fmt.Sprintf("the release server answered %d", resp.StatusCode))
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponse+1))
	if err != nil {
		return nil, classify(ctx, err)
	}
	if len(body) > MaxResponse {
		return nil, apperr.New(apperr.UpdateMalformed, "the release server's answer is too large")
	}
	return body, nil
}

// classify names a failed request: out of time, canceled, or unreachable.
func classify(ctx context.Context, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return apperr.Wrap(apperr.UpdateTimeout, err, "the release server did not answer in time")
	}
	if ctx.Err() != nil {
		return apperr.Wrap(apperr.LLMCanceled, ctx.Err(), "the check was canceled")
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return apperr.Wrap(apperr.UpdateTimeout, err, "the release server did not answer in time")
	}
	return apperr.Wrap(apperr.UpdateUnreachable, err, "cannot reach the release server")
}

// newest reads a release or a list of releases and returns the newest
// published one whose tag is a version and whose page is an http(s) link.
func newest(body []byte) (release, error) {
	var list []release
	trimmed := strings.TrimSpace(string(body))
	switch {
	case strings.HasPrefix(trimmed, "["):
		if err := json.Unmarshal(body, &list); err != nil {
			return release{}, apperr.Wrap(apperr.UpdateMalformed, err, "the release server's answer is not a release list")
		}
	case strings.HasPrefix(trimmed, "{"):
		var one release
		if err := json.Unmarshal(body, &one); err != nil {
			return release{}, apperr.Wrap(apperr.UpdateMalformed, err, "the release server's answer is not a release")
		}
		if one.TagName == "" {
			return release{}, apperr.New(apperr.UpdateMalformed, "the release server's answer has no tag_name")
		}
		list = []release{one}
	default:
		return release{}, apperr.New(apperr.UpdateMalformed, "the release server's answer is not JSON")
	}
	var best release
	var bestV Version
	found := false
	for _, r := range list {
		if r.Draft || r.Prerelease || !isWebLink(r.HTMLURL) {
			continue
		}
		v, ok := ParseVersion(r.TagName)
		if !ok {
			continue
		}
		if !found || Compare(v, bestV) > 0 {
			best, bestV, found = r, v, true
		}
	}
	if !found {
		return release{}, apperr.New(apperr.UpdateNoRelease, "no release has been published yet")
	}
	return best, nil
}

func isWebLink(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil
}

// Checker is the running build's checker: its version, its release address
// and the memory of whether this start has checked. Safe for concurrent use.
type Checker struct {
	Address string
	Current string
	Client  *http.Client // nil: a plain client

	mu      sync.Mutex
	checked bool // CheckOnce has made its check this start
}

// NewChecker returns the checker for a build of version current whose
// releases are at address ("" when the build was given none); EnvURL, when
// set, takes the place of address.
func NewChecker(address, current string, getenv func(string) string) *Checker {
	if v := strings.TrimSpace(getenv(EnvURL)); v != "" {
		address = v
	}
	return &Checker{Address: address, Current: current}
}

// Available reports whether this build knows where releases are published.
func (c *Checker) Available() bool { return strings.TrimSpace(c.Address) != "" }

// Check checks now: the learner asked.
func (c *Checker) Check(ctx context.Context) (Result, error) {
	return Check(ctx, c.Client, c.Address, c.Current)
}

// CheckOnce checks the first time it is called in this start and returns an
// unchecked Result after that; a check that was canceled (log-out) does not
// count. Callers call it only when the learner turned checking on.
func (c *Checker) CheckOnce(ctx context.Context) (Result, error) {
	c.mu.Lock()
	if c.checked || !c.Available() {
		c.mu.Unlock()
		return Result{}, nil
	}
	c.checked = true
	c.mu.Unlock()
	res, err := c.Check(ctx)
	if apperr.CodeOf(err) == apperr.LLMCanceled {
		c.mu.Lock()
		c.checked = false
		c.mu.Unlock()
	}
	return res, err
}
