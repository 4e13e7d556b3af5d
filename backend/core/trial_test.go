package core

import (
	"path/filepath"
	"testing"

	"parley/backend/apperr"
	"parley/backend/llm/fakeopenai"
	"parley/backend/settings"
)

// form is what the Settings form holds for the fake server with the stored
// key left blank, as the UI sends it.
func form(fake *fakeopenai.Server) settings.SettingsUpdate {
	return settings.SettingsUpdate{BaseURL: fake.URL, Model: "gpt-4o-mini", Temperature: 0.5, Theme: "system"}
}

func TestTestingANewKeyThatFailsLeavesTheStoredKey(t *testing.T) {
	fake := fakeopenai.New()
	defer fake.Close()
	c, _ := open(t, filepath.Join(t.TempDir(), "parley.db"))
	s := signUp(t, c, "ann")
	useServer(t, c, s, fake) // stores sk-test-abcdefgh1234
	fake.RequireKey("sk-test-abcdefgh1234")

	typed := form(fake)
	typed.APIKey = "sk-typo-wrong-key-0000"
	rep, err := c.TestConnection(s, "test-1", typed)
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK || rep.Code != apperr.LLMUnauthorized {
		t.Fatalf("testing a wrong key: %+v", rep)
	}
	if _, err := c.ListModels(s, "models-1", typed); apperr.CodeOf(err) != apperr.LLMUnauthorized {
		t.Fatalf("loading models with a wrong key: %v", err)
	}
	reqs := fake.Requests()
	if len(reqs) == 0 || reqs[len(reqs)-1].Authorization != "Bearer sk-typo-wrong-key-0000" {
		t.Fatalf("the typed key was not the one tried: %+v", reqs)
	}
	got, _ := c.Settings().Get(s)
	if !got.HasKey || got.KeyLast4 != "1234" {
		t.Fatalf("the stored key changed after a failed test: %+v", got)
	}
	// A blank key field tries the stored key, which works.
	if rep, err := c.TestConnection(s, "test-2", form(fake)); err != nil || !rep.OK {
		t.Fatalf("testing with the stored key: %+v %v", rep, err)
	}
}

func TestTestingOtherSettingsSavesNothing(t *testing.T) {
	fake := fakeopenai.New()
	defer fake.Close()
	other := fakeopenai.New()
	defer other.Close()
	c, _ := open(t, filepath.Join(t.TempDir(), "parley.db"))
	s := signUp(t, c, "ann")
	useServer(t, c, s, fake)
	if _, err := c.ListModels(s, "models-1", form(other)); err != nil {
		t.Fatal(err)
	}
	if n := len(other.Requests()); n != 1 {
		t.Fatalf("the typed server got %d requests, want 1", n)
	}
	got, _ := c.Settings().Get(s)
	if got.BaseURL != fake.URL {
		t.Fatalf("base URL after a test = %q, want the saved %q", got.BaseURL, fake.URL)
	}
	// A setting the form refuses is refused before anything is sent.
	bad := form(other)
	bad.BaseURL = "ftp://example.com"
	if _, err := c.TestConnection(s, "test-1", bad); apperr.CodeOf(err) != apperr.InputInvalid || apperr.As(err).Field != "baseUrl" {
		t.Fatalf("a bad base URL: %v", err)
	}
	// Removing the key in the form tests without one.
	none := form(fake)
	none.ClearKey = true
	fake.Reset()
	if _, err := c.ListModels(s, "models-2", none); err != nil {
		t.Fatal(err)
	}
	if r := fake.Requests(); len(r) != 1 || r[0].Authorization != "" {
		t.Fatalf("with the key removed in the form: %+v", r)
	}
}
