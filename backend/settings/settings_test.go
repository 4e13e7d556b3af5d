package settings

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"parley/backend/apperr"
	"parley/backend/llm"
	"parley/backend/store"
	"parley/backend/userdata"
	"parley/backend/userdata/userdatatest"
	"parley/backend/vault"
)

const apiKey = "sk-proj-Distinctive-Test-Key-9Xq2abcd"

type fixture struct {
	path string
	db   *store.DB
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db, path := userdatatest.OpenDB(t)
	return &fixture{path: path, db: db}
}

func (f *fixture) scope(t *testing.T, user string) *userdata.Scope {
	t.Helper()
	return userdatatest.Scope(t, f.db, user)
}

func full() SettingsUpdate {
	return SettingsUpdate{APIKey: apiKey, BaseURL: "http://localhost:11434/v1/", Model: "llama3.1:8b",
		Temperature: 1.25, ProxyURL: "socks5://127.0.0.1:1080", UILanguage: "ja", Theme: "dark"}
}

func TestANewUserStartsWithTheDefaults(t *testing.T) {
	f := newFixture(t)
	got, err := New().Get(f.scope(t, "mina"))
	if err != nil {
		t.Fatal(err)
	}
	want := Settings{BaseURL: "https://api.openai.com/v1", Model: "gpt-4o-mini", Temperature: 0.7, Theme: "system",
		Speech: SpeechView{Model: DefaultSpeechModel, Voice: DefaultSpeechVoice}}
	if got != want {
		t.Errorf("defaults = %+v, want %+v", got, want)
	}
}

func TestSavedSettingsComeBackWithoutTheKey(t *testing.T) {
	f := newFixture(t)
	svc, scope := New(), f.scope(t, "mina")
	saved, err := svc.Save(scope, full())
	if err != nil {
		t.Fatal(err)
	}
	want := Settings{HasKey: true, KeyLast4: "abcd", BaseURL: "http://localhost:11434/v1", Model: "llama3.1:8b",
		Temperature: 1.25, ProxyURL: "socks5://127.0.0.1:1080", UILanguage: "ja", Theme: "dark",
		Speech: SpeechView{Model: DefaultSpeechModel, Voice: DefaultSpeechVoice}}
	got, _ := svc.Get(scope)
	for name, s := range map[string]Settings{"Save": saved, "Get": got} {
		if s != want {
			t.Errorf("%s = %+v, want %+v", name, s, want)
		}
		raw, _ := json.Marshal(s)
		if bytes.Contains(raw, []byte("Distinctive")) {
			t.Errorf("%s result carries the API key: %s", name, raw)
		}
	}
	cfg, err := svc.ProviderConfig(scope)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.APIKey != apiKey || cfg.BaseURL != want.BaseURL || cfg.Model != want.Model ||
		cfg.Temperature != 1.25 || cfg.ProxyURL != want.ProxyURL {
		t.Errorf("ProviderConfig = %+v", cfg)
	}
}

// Adding an exported method must be a deliberate decision: only ProviderConfig,
// TrialConfig (the form's settings for a connection test),
// TranscriptionConfig (which wraps ProviderConfig) and SpeechConfig may
// return a key, and app.go binds none of them.
func TestOnlyProviderConfigCanReturnTheKey(t *testing.T) {
	typ := reflect.TypeOf(&Service{})
	var names []string
	for i := 0; i < typ.NumMethod(); i++ {
		names = append(names, typ.Method(i).Name)
	}
	sort.Strings(names)
	if strings.Join(names, ",") != "Get,GetSpeak,PinRoom,PinnedRooms,ProviderConfig,Save,SaveSpeak,SetSendAtOnce,SpeechConfig,TranscriptionConfig,TrialConfig" {
		t.Errorf("exported methods = %v; review whether a new one can leak the key", names)
	}
	for _, f := range reflect.VisibleFields(reflect.TypeOf(Settings{})) {
		if strings.Contains(strings.ToLower(f.Name), "apikey") {
			t.Errorf("Settings has field %s", f.Name)
		}
	}
}

func TestAnEmptyKeyKeepsTheOldOneAndClearKeyRemovesIt(t *testing.T) {
	f := newFixture(t)
	svc, scope := New(), f.scope(t, "mina")
	if _, err := svc.Save(scope, full()); err != nil {
		t.Fatal(err)
	}
	up := full()
	up.APIKey, up.Model = "", "gpt-4o"
	got, err := svc.Save(scope, up)
	if err != nil || !got.HasKey || got.KeyLast4 != "abcd" || got.Model != "gpt-4o" {
		t.Fatalf("save without a key: %+v, %v", got, err)
	}
	up.ClearKey = true
	got, err = svc.Save(scope, up)
	if err != nil || got.HasKey || got.KeyLast4 != "" {
		t.Fatalf("clear key: %+v, %v", got, err)
	}
	if cfg, _ := svc.ProviderConfig(scope); cfg.APIKey != "" {
		t.Error("the key survived ClearKey")
	}
	got, _ = svc.Save(scope, SettingsUpdate{APIKey: "sk-short", Temperature: 1})
	if !got.HasKey || got.KeyLast4 != "hort" {
		t.Errorf("8-character key: %+v", got)
	}
	got, _ = svc.Save(scope, SettingsUpdate{APIKey: "sk-abc", Temperature: 1})
	if !got.HasKey || got.KeyLast4 != "" {
		t.Errorf("a short key's last four would give most of it away: %+v", got)
	}
}

func TestEachBadSettingGetsItsOwnError(t *testing.T) {
	// The provider settings' rules are llm's: provider_test.go checks them
	// through Save and through llm alike.
	cases := []struct {
		name        string
		edit        func(*SettingsUpdate)
		code, field string
	}{
		{"new key and clear key", func(u *SettingsUpdate) { u.ClearKey = true }, apperr.InputInvalid, "apiKey"},
		{"language fr", func(u *SettingsUpdate) { u.UILanguage = "fr" }, apperr.InputInvalid, "uiLanguage"},
		{"theme blue", func(u *SettingsUpdate) { u.Theme = "blue" }, apperr.InputInvalid, "theme"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			svc, scope := New(), f.scope(t, "mina")
			before, _ := svc.Save(scope, SettingsUpdate{APIKey: "sk-original-key", Temperature: 0.5})
			up := full()
			c.edit(&up)
			_, err := svc.Save(scope, up)
			e := apperr.As(err)
			if e == nil || e.Code != c.code || e.Field != c.field {
				t.Fatalf("error = %v; want %s on %s", err, c.code, c.field)
			}
			if after, _ := svc.Get(scope); after != before {
				t.Errorf("a refused save changed the settings: %+v -> %+v", before, after)
			}
		})
	}

	f := newFixture(t)
	scope := f.scope(t, "mina")
	for _, up := range []SettingsUpdate{
		{UILanguage: "ko", Theme: "light"},
		{UILanguage: "en", Theme: "system"},
		{UILanguage: "", Theme: ""},
	} {
		if _, err := New().Save(scope, up); err != nil {
			t.Errorf("Save(%+v): %v", up, err)
		}
	}
}

func TestSettingsAreSealedOnDiskAndPrivateToTheUser(t *testing.T) {
	f := newFixture(t)
	svc, mina, jun := New(), f.scope(t, "mina"), f.scope(t, "jun")
	up := full()
	up.BaseURL = "https://distinctive-base-host.example/v1"
	up.Model = "distinctive-model-name"
	if _, err := svc.Save(mina, up); err != nil {
		t.Fatal(err)
	}
	got, err := svc.Get(jun)
	if err != nil || got.HasKey || got.Model != llm.DefaultModel {
		t.Errorf("jun sees %+v, %v", got, err)
	}
	if cfg, _ := svc.ProviderConfig(jun); cfg.APIKey != "" {
		t.Error("jun's provider config carries mina's key")
	}
	f.db.Close()
	raw, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{apiKey, "Distinctive-Test-Key", "distinctive-base-host", "distinctive-model-name", "socks5://127.0.0.1:1080"} {
		if bytes.Contains(raw, []byte(s)) {
			t.Errorf("the data file contains %q in clear", s)
		}
	}
}

func TestLoggedOutUsersSettingsCannotBeRead(t *testing.T) {
	f := newFixture(t)
	k, _ := vault.NewKey()
	scope := userdata.New(f.db, "mina", k)
	if _, err := New().Save(scope, full()); err != nil {
		t.Fatal(err)
	}
	k.Zero()
	for name, err := range map[string]error{
		"Get":            func() error { _, err := New().Get(scope); return err }(),
		"ProviderConfig": func() error { _, err := New().ProviderConfig(scope); return err }(),
		"Save":           func() error { _, err := New().Save(scope, full()); return err }(),
	} {
		if apperr.CodeOf(err) != apperr.AuthRequired {
			t.Errorf("%s after log-out: %v", name, err)
		}
	}
}

// The coach model is optional: empty uses the chat model; a name is checked
// like the chat model's and kept.
func TestTheCoachModelIsOptionalAndChecked(t *testing.T) {
	f := newFixture(t)
	s, scope := New(), f.scope(t, "mina")
	up := SettingsUpdate{BaseURL: "https://api.openai.com/v1", Model: "gpt-4o", Theme: "system"}
	got, err := s.Save(scope, up)
	if err != nil || got.CoachModel != "" {
		t.Fatalf("no coach model: %+v %v", got, err)
	}
	up.CoachModel = "  gpt-4o-mini "
	if got, err = s.Save(scope, up); err != nil || got.CoachModel != "gpt-4o-mini" {
		t.Fatalf("coach model: %+v %v", got, err)
	}
	up.CoachModel = strings.Repeat("m", 500)
	if _, err := s.Save(scope, up); apperr.As(err).Field != "coachModel" {
		t.Fatalf("a too-long coach model: %v", err)
	}
	if again, _ := s.Get(scope); again.CoachModel != "gpt-4o-mini" || again.Model != "gpt-4o" {
		t.Fatalf("kept %+v", again)
	}
}

func TestTrialConfigTriesTheFormWithoutSavingIt(t *testing.T) {
	f := newFixture(t)
	svc, scope := New(), f.scope(t, "mina")
	up := full()
	up.ProxyURL = "http://user:secret@proxy.lan:3128"
	saved, err := svc.Save(scope, up)
	if err != nil {
		t.Fatal(err)
	}
	typed := full()
	typed.APIKey, typed.Model, typed.ProxyURL = "", "gpt-4o", saved.ProxyURL // the form as the UI shows it
	cfg, err := svc.TrialConfig(scope, typed)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.APIKey != apiKey || cfg.Model != "gpt-4o" || cfg.ProxyURL != "http://user:secret@proxy.lan:3128" {
		t.Errorf("trial with blanks = %+v, want the stored key and proxy password with the typed model", cfg)
	}
	typed.APIKey = "sk-new-key-typed-here"
	if cfg, _ = svc.TrialConfig(scope, typed); cfg.APIKey != "sk-new-key-typed-here" {
		t.Errorf("trial with a typed key used %q", cfg.APIKey)
	}
	typed.APIKey, typed.ClearKey = "", true
	if cfg, _ = svc.TrialConfig(scope, typed); cfg.APIKey != "" {
		t.Errorf("trial with the key removed still sends one")
	}
	typed.Temperature = 3
	if _, err := svc.TrialConfig(scope, typed); apperr.As(err).Field != "temperature" {
		t.Errorf("a bad temperature: %v", err)
	}
	if got, _ := svc.Get(scope); got != saved {
		t.Errorf("after trials the settings are %+v, want the saved %+v", got, saved)
	}
}

func TestTheLearnersProfileChoicesAreKeptAndChecked(t *testing.T) {
	f := newFixture(t)
	svc, scope := New(), f.scope(t, "mina")
	up := full()
	up.Learner = Learner{ExplainLanguage: "ko", PracticeLanguage: "ja", PracticeLevel: "B1", ShowTokens: true, RoomSort: "name"}
	if _, err := svc.Save(scope, up); err != nil {
		t.Fatal(err)
	}
	got, _ := svc.Get(scope)
	if got.Learner != up.Learner {
		t.Fatalf("profile = %+v, want %+v", got.Learner, up.Learner)
	}
	for field, l := range map[string]Learner{
		"explainLanguage":  {ExplainLanguage: "fr"},
		"practiceLanguage": {PracticeLanguage: "KO"},
		"practiceLevel":    {PracticeLevel: "D1"},
		"roomSort":         {RoomSort: "size"},
	} {
		bad := full()
		bad.Learner = l
		if _, err := svc.Save(scope, bad); apperr.CodeOf(err) != apperr.InputInvalid || apperr.As(err).Field != field {
			t.Errorf("%+v: %v, want input.invalid on %s", l, err, field)
		}
	}
	if got2, _ := svc.Get(scope); got2 != got {
		t.Errorf("a refused profile changed the settings: %+v", got2)
	}
}
