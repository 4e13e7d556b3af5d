package core

import (
	"path/filepath"
	"sync"
	"testing"
	"time"

	"parley/backend/apperr"
	"parley/backend/speech"
	"parley/backend/vault"
)

// heldMic is a microphone that is open until closed, like a real one.
type heldMic struct {
	mu     sync.Mutex
	open   int
	closed int
}

type heldStream struct{ m *heldMic }

func (m *heldMic) Open(func([]int16)) (speech.Stream, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.open++
	return heldStream{m}, nil
}

func (s heldStream) Close() {
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	s.m.closed++
}

func TestLoggingOutTurnsTheMicrophoneOff(t *testing.T) {
	mic := &heldMic{}
	c, err := Open(filepath.Join(t.TempDir(), "parley.db"), Options{Params: vault.TestParams(), LockTimeout: 200 * time.Millisecond, Mic: mic})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s := signUp(t, c, "ann")
	rec, err := c.Speech().StartRecording(s)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Accounts().LogOut(); err != nil {
		t.Fatal(err)
	}
	mic.mu.Lock()
	closed := mic.closed
	mic.mu.Unlock()
	if closed != 1 {
		t.Fatalf("microphone closed %d times at log-out, want 1", closed)
	}
	if _, err := c.StopRecording(s, "any", rec.ID); apperr.CodeOf(err) != apperr.SpeakNotRecording {
		t.Errorf("the recording outlived the session: %v", err)
	}
}
