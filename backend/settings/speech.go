package settings

import (
	"net/url"
	"strings"

	"parley/backend/apperr"
	"parley/backend/llm"
	"parley/backend/userdata"
)

// Speech defaults: OpenAI's cheapest speech model and its first voice.
const (
	DefaultSpeechModel = "tts-1"
	DefaultSpeechVoice = "alloy"
	maxVoiceLen        = 64
)

// SpeechView is what the UI sees of the speech settings; like the chat key,
// the speech key shows only as HasKey and KeyLast4.
type SpeechView struct {
	Model    string `json:"model"`
	Voice    string `json:"voice"`
	BaseURL  string `json:"baseUrl"` // "" speaks through the chat server
	HasKey   bool   `json:"hasKey"`
	KeyLast4 string `json:"keyLast4"`
}

// speechUpdate is the speech part of a SettingsUpdate; the key is kept when
// APIKey is empty and removed when ClearKey is set.
type speechUpdate struct {
	Model, Voice, BaseURL, APIKey string
	ClearKey                      bool
}

type speechStored struct {
	Model   string `json:"model"`
	Voice   string `json:"voice"`
	BaseURL string `json:"baseUrl,omitempty"`
	APIKey  string `json:"apiKey,omitempty"`
}

func speechDefaults() speechStored {
	return speechStored{Model: DefaultSpeechModel, Voice: DefaultSpeechVoice}
}

func (sp speechStored) view() SpeechView {
	v := SpeechView{Model: sp.Model, Voice: sp.Voice, BaseURL: sp.BaseURL, HasKey: sp.APIKey != ""}
	if n := len(sp.APIKey); n >= 8 {
		v.KeyLast4 = sp.APIKey[n-4:]
	}
	return v
}

// validateSpeech checks the speech settings by llm's rules, with field
// names under "speech." so the form can show each error by its field.
func validateSpeech(up speechUpdate) (speechStored, error) {
	sp := speechDefaults()
	if strings.TrimSpace(up.APIKey) != "" && up.ClearKey {
		return sp, apperr.Field(apperr.InputInvalid, "speech.apiKey", "enter a new key or remove the key, not both")
	}
	base := strings.TrimSpace(up.BaseURL)
	cfg, err := llm.Config{APIKey: up.APIKey, BaseURL: base, Model: up.Model}.Check()
	if err != nil {
		e := apperr.As(err)
		return sp, apperr.Field(e.Code, "speech."+e.Field, e.Message)
	}
	sp.APIKey = cfg.APIKey
	if base != "" {
		sp.BaseURL = cfg.BaseURL
	}
	if strings.TrimSpace(up.Model) != "" {
		sp.Model = cfg.Model
	}
	if v := strings.TrimSpace(up.Voice); v != "" {
		if len(v) > maxVoiceLen || strings.IndexFunc(v, func(r rune) bool {
			// Kokoro-style servers mix voices as "af_bella+af_sky".
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-+.", r))
		}) >= 0 {
			return sp, apperr.Field(apperr.InputInvalid, "speech.voice", "a voice name is letters, digits, _ - + and .")
		}
		sp.Voice = v
	}
	return sp, nil
}

// SpeechConfig is what the speech service needs to call the server.
// NEVER bind this or pass it to JS: it holds a key.
type SpeechConfig struct {
	Provider llm.Config // Model is the speech model
	Voice    string
}

// SpeechConfig returns the speech server settings, key included. Without a
// speech server of its own, speech goes to the chat server with the chat key.
// With one, the chat key goes along only when it is the same host: a key is
// never sent to a server the learner did not give it for.
func (s *Service) SpeechConfig(scope *userdata.Scope) (SpeechConfig, error) {
	st, err := load(scope)
	if err != nil {
		return SpeechConfig{}, err
	}
	sp := st.Speech
	if sp.Model == "" {
		sp.Model = DefaultSpeechModel
	}
	if sp.Voice == "" {
		sp.Voice = DefaultSpeechVoice
	}
	cfg := llm.Config{BaseURL: st.BaseURL, APIKey: st.APIKey, Model: sp.Model, ProxyURL: st.ProxyURL}
	if sp.BaseURL != "" {
		cfg.BaseURL = sp.BaseURL
		if !sameHost(sp.BaseURL, st.BaseURL) {
			cfg.APIKey = ""
		}
	}
	if sp.APIKey != "" {
		cfg.APIKey = sp.APIKey
	}
	return SpeechConfig{Provider: cfg, Voice: sp.Voice}, nil
}

func sameHost(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	return err1 == nil && err2 == nil && ua.Scheme == ub.Scheme && strings.EqualFold(ua.Host, ub.Host)
}
