package settings

import (
	"encoding/json"
	"strings"
	"testing"

	"parley/backend/apperr"
	"parley/backend/userdata"
)

// The speech key is write-only like the chat key: saved, used, never shown.
func TestSpeechKeyIsSealedAndWriteOnly(t *testing.T) {
	svc, scope := newScope(t)
	const speechKey = "sk-speech-Distinctive-9876"
	got, err := svc.Save(scope, SettingsUpdate{SpeechBaseURL: "http://127.0.0.1:8880/v1", SpeechAPIKey: speechKey, SpeechVoice: "af_bella+af_sky", SpeechModel: "kokoro"})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(got)
	if strings.Contains(string(raw), "Distinctive") || !got.Speech.HasKey || got.Speech.KeyLast4 != "9876" {
		t.Fatalf("Save returned %s", raw)
	}
	// Saving again without a key keeps it; the other fields are replaced.
	if _, err := svc.Save(scope, SettingsUpdate{SpeechBaseURL: "http://127.0.0.1:8880/v1", SpeechVoice: "af_sky"}); err != nil {
		t.Fatal(err)
	}
	cfg, err := svc.SpeechConfig(scope)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Provider.APIKey != speechKey || cfg.Voice != "af_sky" || cfg.Provider.Model != DefaultSpeechModel || cfg.Provider.BaseURL != "http://127.0.0.1:8880/v1" {
		t.Errorf("SpeechConfig = %+v", cfg)
	}
	if _, err := svc.Save(scope, SettingsUpdate{ClearSpeechKey: true}); err != nil {
		t.Fatal(err)
	}
	if g, _ := svc.Get(scope); g.Speech.HasKey || g.Speech.BaseURL != "" || g.Speech.Voice != DefaultSpeechVoice {
		t.Errorf("after clearing: %+v", g.Speech)
	}
}

// Without a speech server of its own, speech uses the chat server and key;
// the chat key is never sent to another host.
func TestSpeechFallsBackToTheChatServerButNotItsKeyElsewhere(t *testing.T) {
	svc, scope := newScope(t)
	const chatKey = "sk-chat-key-12345678"
	if _, err := svc.Save(scope, SettingsUpdate{APIKey: chatKey, BaseURL: "http://127.0.0.1:11434/v1"}); err != nil {
		t.Fatal(err)
	}
	cfg, _ := svc.SpeechConfig(scope)
	if cfg.Provider.BaseURL != "http://127.0.0.1:11434/v1" || cfg.Provider.APIKey != chatKey {
		t.Errorf("fallback = %+v", cfg.Provider)
	}
	up := SettingsUpdate{BaseURL: "http://127.0.0.1:11434/v1", SpeechBaseURL: "http://127.0.0.1:8880/v1"}
	if _, err := svc.Save(scope, up); err != nil {
		t.Fatal(err)
	}
	if cfg, _ := svc.SpeechConfig(scope); cfg.Provider.APIKey != "" {
		t.Errorf("the chat key went to another host: %+v", cfg.Provider.BaseURL)
	}
	up.SpeechBaseURL = "http://127.0.0.1:11434/v1/"
	if _, err := svc.Save(scope, up); err != nil {
		t.Fatal(err)
	}
	if cfg, _ := svc.SpeechConfig(scope); cfg.Provider.APIKey != chatKey {
		t.Errorf("same host should keep the chat key")
	}
}

func TestBadSpeechSettingsNameTheirField(t *testing.T) {
	svc, scope := newScope(t)
	for field, up := range map[string]SettingsUpdate{
		"speech.baseUrl": {SpeechBaseURL: "ftp://x"},
		"speech.voice":   {SpeechVoice: "a voice\nwith lines"},
		"speech.apiKey":  {SpeechAPIKey: "sk new", ClearSpeechKey: true},
	} {
		_, err := svc.Save(scope, up)
		if e := apperr.As(err); e == nil || e.Field != field {
			t.Errorf("%s: err = %v", field, err)
		}
	}
}

func newScope(t *testing.T) (*Service, *userdata.Scope) {
	t.Helper()
	return New(), newFixture(t).scope(t, "mina")
}
