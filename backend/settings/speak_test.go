package settings

import (
	"reflect"
	"testing"

	"parley/backend/apperr"
)

func TestTranscriptionUsesTheChatServerWithItsOwnModel(t *testing.T) {
	f := newFixture(t)
	svc, scope := New(), f.scope(t, "mina")
	if _, err := svc.Save(scope, full()); err != nil {
		t.Fatal(err)
	}
	cfg, err := svc.TranscriptionConfig(scope)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Model != "whisper-1" || cfg.BaseURL != "http://localhost:11434/v1" || cfg.APIKey != apiKey {
		t.Errorf("default transcription config %+v", cfg)
	}
	if _, err := svc.SaveSpeak(scope, " gpt-4o-mini-transcribe "); err != nil {
		t.Fatal(err)
	}
	cfg, _ = svc.TranscriptionConfig(scope)
	if cfg.Model != "gpt-4o-mini-transcribe" {
		t.Errorf("model %q", cfg.Model)
	}
	// the chat settings are untouched by speaking settings, and the other way round
	if got, _ := svc.Get(scope); got.Model != "llama3.1:8b" {
		t.Errorf("chat model became %q", got.Model)
	}
	if _, err := svc.Save(scope, full()); err != nil {
		t.Fatal(err)
	}
	if sp, _ := svc.GetSpeak(scope); sp.TranscriptionModel != "gpt-4o-mini-transcribe" {
		t.Errorf("saving the chat settings reset the transcription model to %q", sp.TranscriptionModel)
	}
}

func TestSendAtOnceIsPerRoom(t *testing.T) {
	f := newFixture(t)
	svc, scope := New(), f.scope(t, "mina")
	if _, err := svc.SetSendAtOnce(scope, "cafe", true); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetSendAtOnce(scope, "bank", true); err != nil {
		t.Fatal(err)
	}
	sp, err := svc.SetSendAtOnce(scope, "cafe", false)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sp.SendAtOnce, []string{"bank"}) {
		t.Errorf("rooms %v", sp.SendAtOnce)
	}
	if sp, _ := svc.GetSpeak(f.scope(t, "other")); len(sp.SendAtOnce) != 0 || sp.TranscriptionModel != "whisper-1" {
		t.Errorf("another user sees %+v", sp)
	}
	if _, err := svc.SaveSpeak(scope, "bad model\n"); apperr.CodeOf(err) == "" {
		t.Error("a model name with a newline was saved")
	}
}
