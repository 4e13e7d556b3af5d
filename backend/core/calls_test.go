package core

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"parley/backend/apperr"
	"parley/backend/llm/fakeopenai"
	"parley/backend/settings"
)

// slowCall starts one provider call against a server that never answers and
// returns the channel its error arrives on, once the server has the request.
func slowCall(t *testing.T, fake *fakeopenai.Server, call func() error) <-chan error {
	t.Helper()
	out := make(chan error, 1)
	go func() { out <- call() }()
	if _, ok := fake.WaitRequests(1, 5*time.Second); !ok {
		t.Fatal("the call never reached the server")
	}
	return out
}

func wantCanceledWithin(t *testing.T, got <-chan error, d time.Duration) {
	t.Helper()
	select {
	case err := <-got:
		if apperr.CodeOf(err) != apperr.LLMCanceled {
			t.Fatalf("got %v, want %s", err, apperr.LLMCanceled)
		}
	case <-time.After(d):
		t.Fatalf("the call was still running %v after it was canceled", d)
	}
}

func stalled(endpoint string) fakeopenai.Behavior {
	return fakeopenai.Behavior{Endpoint: endpoint, Fail: fakeopenai.FailStall}
}

func TestTheLearnerCancelsASlowProviderCall(t *testing.T) {
	fake := fakeopenai.New()
	defer fake.Close()
	c, ev := open(t, filepath.Join(t.TempDir(), "parley.db"))
	s := signUp(t, c, "ann")
	useServer(t, c, s, fake)
	r, _ := c.Rooms().Create(s, tokyo)
	if _, err := c.Chat().SendMessage(s, r.ID, "Hi"); err != nil {
		t.Fatal(err)
	}
	waitDone(t, ev)

	calls := map[string]struct {
		stall fakeopenai.Behavior
		call  func(id string) error
	}{
		"SuggestReply": {stalled(fakeopenai.EndpointChat), func(id string) error { _, err := c.SuggestReply(s, id, r.ID); return err }},
		"ListModels":   {stalled(fakeopenai.EndpointModels), func(id string) error { _, err := c.ListModels(s, id, form(fake)); return err }},
		"TestConnection": {stalled(fakeopenai.EndpointModels), func(id string) error {
			_, err := c.TestConnection(s, id, form(fake))
			return err
		}},
	}
	for name, tc := range calls {
		t.Run(name, func(t *testing.T) {
			fake.Reset()
			fake.Script(tc.stall)
			id := "call-" + name
			got := slowCall(t, fake, func() error { return tc.call(id) })
			if err := c.CancelCall(id); err != nil {
				t.Fatal(err)
			}
			wantCanceledWithin(t, got, 2*time.Second)
			// The id is free again once its call ended.
			if err := c.CancelCall(id); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestLoggingOutCancelsProviderCalls(t *testing.T) {
	fake := fakeopenai.New()
	defer fake.Close()
	fake.Script(stalled(fakeopenai.EndpointModels))
	c, _ := open(t, filepath.Join(t.TempDir(), "parley.db"))
	s := signUp(t, c, "ann")
	useServer(t, c, s, fake)
	got := slowCall(t, fake, func() error { _, err := c.ListModels(s, "models-1", form(fake)); return err })
	if err := c.Accounts().LogOut(); err != nil {
		t.Fatal(err)
	}
	wantCanceledWithin(t, got, 2*time.Second)
}

func TestCallIDsAreCheckedAndUnknownOnesAreNoError(t *testing.T) {
	c, _ := open(t, filepath.Join(t.TempDir(), "parley.db"))
	if err := c.CancelCall("never-started_1"); err != nil {
		t.Fatalf("canceling an unknown call: %v", err)
	}
	s := signUp(t, c, "ann")
	for _, id := range []string{"", strings.Repeat("a", MaxCallID+1), "a b", "../x", "ключ"} {
		if err := c.CancelCall(id); apperr.CodeOf(err) != apperr.InputInvalid {
			t.Errorf("CancelCall(%q): %v", id, err)
		}
		if _, err := c.ListModels(s, id, settings.SettingsUpdate{}); apperr.CodeOf(err) != apperr.InputInvalid {
			t.Errorf("ListModels(%q): %v", id, err)
		}
	}
	if err := c.CancelCall(strings.Repeat("a", MaxCallID)); err != nil {
		t.Fatalf("the longest id: %v", err)
	}
}

func TestTwoCallsCannotShareAnID(t *testing.T) {
	fake := fakeopenai.New()
	defer fake.Close()
	fake.Script(stalled(fakeopenai.EndpointModels))
	c, _ := open(t, filepath.Join(t.TempDir(), "parley.db"))
	s := signUp(t, c, "ann")
	useServer(t, c, s, fake)
	got := slowCall(t, fake, func() error { _, err := c.ListModels(s, "same", form(fake)); return err })
	if _, err := c.ListModels(s, "same", form(fake)); apperr.CodeOf(err) != apperr.InputInvalid {
		t.Fatalf("a second call with a live id: %v", err)
	}
	_ = c.CancelCall("same")
	wantCanceledWithin(t, got, 2*time.Second)
}

func TestLimitsComeFromTheServicesConstants(t *testing.T) {
	c, _ := open(t, filepath.Join(t.TempDir(), "parley.db"))
	b, err := json.Marshal(c.Limits())
	if err != nil {
		t.Fatal(err)
	}
	want := `{"levels":["A1","A2","B1","B2","C1","C2"],"languages":["ko","en","ja"],"formalities":["","polite","casual"],` +
		`"maxTitle":80,"maxSituation":500,"maxRole":100,"maxGoal":200,"maxMessage":2000,"previewLen":120}`
	if string(b) != want {
		t.Fatalf("limits %s\nwant   %s", b, want)
	}
	// A caller changing its copy must not change what the services check.
	l := c.Limits()
	l.Levels[0] = "Z9"
	if c.Limits().Levels[0] != "A1" {
		t.Fatal("Limits hands out the services' own slices")
	}
}
