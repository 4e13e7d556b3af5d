package llm

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"parley/backend/apperr"
	"parley/backend/llm/fakeopenai"
)

// backoffLog records the pauses the client asked for, without pausing long.
type backoffLog struct {
	mu      sync.Mutex
	retries []int
}

func (b *backoffLog) backoff(retry int) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.retries = append(b.retries, retry)
	return time.Millisecond
}

func (b *backoffLog) got() []int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]int(nil), b.retries...)
}

func newFake(t *testing.T) *fakeopenai.Server {
	t.Helper()
	srv := fakeopenai.New()
	t.Cleanup(srv.Close)
	return srv
}

// testConfig points at srv with fast retries. Its first-token and stall
// timeouts are generous, so a loaded machine (-race, -count, shared cores)
// never turns a slow but healthy reply into llm.timeout; a test of those
// timeouts sets them short itself (see shortTimeouts).
func testConfig(baseURL string) Config {
	return Config{
		APIKey:            "sk-test-1234",
		BaseURL:           baseURL,
		Model:             "gpt-4o-mini",
		Temperature:       0.5,
		FirstTokenTimeout: 5 * time.Second,
		StallTimeout:      5 * time.Second,
		RequestTimeout:    3 * time.Second,
		Backoff:           func(int) time.Duration { return time.Millisecond },
	}
}

// shortTimeouts makes a stalling fake time out fast. Only the timer under
// test is short: the other stays generous so load cannot trip it instead.
func shortTimeouts(cfg Config, b fakeopenai.Behavior) Config {
	if b.Fail != fakeopenai.FailStall {
		return cfg
	}
	if b.AfterTokens > 0 {
		cfg.StallTimeout = 300 * time.Millisecond
	} else {
		cfg.FirstTokenTimeout = 300 * time.Millisecond
	}
	return cfg
}

func newTestClient(t *testing.T, cfg Config) *Client {
	t.Helper()
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

var hello = Request{Messages: []Message{
	{Role: RoleSystem, Content: "You are a barista in Seoul."},
	{Role: RoleUser, Content: "Hi!"},
	{Role: RoleAssistant, Content: "Welcome! What can I get you?"},
	{Role: RoleUser, Content: "A latte, please."},
}}

// readAll receives a whole stream and returns its pieces and how it ended.
func readAll(t *testing.T, s *Stream) ([]string, error) {
	t.Helper()
	var pieces []string
	for {
		p, err := s.Recv()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return pieces, nil
			}
			return pieces, err
		}
		pieces = append(pieces, p)
	}
}

// wantCode fails the test unless err is an *apperr.Error with code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var e *apperr.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("error %v, want code %s", err, code)
	}
	if errors.Is(err, io.EOF) {
		t.Fatalf("coded error %v matches io.EOF, which callers read as a complete reply", err)
	}
}

// streamOnce opens a stream on c and reads it to the end.
func streamOnce(t *testing.T, c *Client) (text string, err error) {
	t.Helper()
	s, err := c.Stream(context.Background(), hello)
	if err != nil {
		return "", err
	}
	defer s.Close()
	pieces, err := readAll(t, s)
	return strings.Join(pieces, ""), err
}
