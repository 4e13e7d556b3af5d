// Package settings keeps each user's preferences and LLM provider settings,
// sealed in u/<userID>/settings like everything else the user owns.
//
// The API key is write-only towards the UI: Get and Save return only whether a
// key is set and its last four characters (and a proxy address without its
// password). The key itself leaves this package
// only through ProviderConfig, for the Go services that call the provider
// (chat, llm). app.go must never bind ProviderConfig or return its result.
package settings

import (
	"net/url"
	"slices"
	"strings"

	"parley/backend/apperr"
	"parley/backend/llm"
	"parley/backend/room"
	"parley/backend/userdata"
)

// DefaultTheme is the theme of a user who has not chosen one. The provider
// defaults (base URL, model, temperature) are llm's.
const DefaultTheme = "system"

var (
	bucketPath  = []string{"settings"}
	settingsKey = []byte("settings")
)

// Settings is what the UI may see. The API key is represented only by HasKey
// and KeyLast4.
type Settings struct {
	HasKey   bool   `json:"hasKey"`
	KeyLast4 string `json:"keyLast4"`
	BaseURL  string `json:"baseUrl"`
	Model    string `json:"model"`
	// CoachModel is the model for the coach's requests (feedback, hints,
	// translations); "" uses Model.
	CoachModel  string  `json:"coachModel"`
	Temperature float64 `json:"temperature"`
	ProxyURL    string  `json:"proxyUrl"`
	UILanguage  string  `json:"uiLanguage"` // "" follows the OS; otherwise ko, en or ja
	Theme       string  `json:"theme"`      // system, light or dark
	// Speech is the speech settings, with its key shown like the chat key's.
	Speech SpeechView `json:"speech"`
	// CheckUpdates: ask for the newest release once per start, after log-in.
	// Off by default: Parley makes no request the learner did not ask for.
	CheckUpdates bool `json:"checkUpdates"`
	Learner
}

// Learner is the profile part of the settings: how the learner wants things
// explained and what a new room starts with. Empty values mean "not chosen":
// explanations follow the UI language, and the room form keeps its own guess.
type Learner struct {
	// ExplainLanguage is the language corrections, translations and the
	// scenario card's translation are given in: ko, en, ja or "" (the UI's).
	ExplainLanguage string `json:"explainLanguage"`
	// PracticeLanguage and PracticeLevel prefill the form of a new room.
	PracticeLanguage string `json:"practiceLanguage"`
	PracticeLevel    string `json:"practiceLevel"`
	// ShowTokens puts token figures on every reply, for learners who want
	// them; by default they live in the usage panel only.
	ShowTokens bool `json:"showTokens"`
	// RoomSort is how the room list is ordered: "" (latest activity, Go's
	// order), "name" or "language". Pinned rooms come first in every order.
	RoomSort string `json:"roomSort"`
}

// SettingsUpdate replaces every setting; the API key is kept when APIKey is
// empty, and removed when ClearKey is set.
type SettingsUpdate struct {
	APIKey      string  `json:"apiKey"`
	ClearKey    bool    `json:"clearKey"`
	BaseURL     string  `json:"baseUrl"`
	Model       string  `json:"model"`
	CoachModel  string  `json:"coachModel"`
	Temperature float64 `json:"temperature"`
	ProxyURL    string  `json:"proxyUrl"`
	UILanguage  string  `json:"uiLanguage"`
	Theme       string  `json:"theme"`
	Learner
	// The speech settings are flat, not nested, so the update is a plain
	// object on the JS side too.
	SpeechModel    string `json:"speechModel"`
	SpeechVoice    string `json:"speechVoice"`
	SpeechBaseURL  string `json:"speechBaseUrl"`
	SpeechAPIKey   string `json:"speechApiKey"`
	ClearSpeechKey bool   `json:"clearSpeechKey"`
	CheckUpdates   bool   `json:"checkUpdates"`
}

// stored is the sealed value; it holds the key, so it never leaves the package.
type stored struct {
	APIKey      string       `json:"apiKey"`
	BaseURL     string       `json:"baseUrl"`
	Model       string       `json:"model"`
	CoachModel  string       `json:"coachModel"`
	Temperature float64      `json:"temperature"`
	ProxyURL    string       `json:"proxyUrl"`
	UILanguage  string       `json:"uiLanguage"`
	Theme       string       `json:"theme"`
	Speech      speechStored `json:"speech"`
	// CheckUpdates is absent (false) in records saved before it existed.
	CheckUpdates bool `json:"checkUpdates,omitempty"`
	Learner
	// PinnedRooms are the ids of the rooms the learner pinned, most recently
	// pinned first. Set with PinRoom, never with Save.
	PinnedRooms []string `json:"pinnedRooms,omitempty"`
}

func defaults() stored {
	return stored{BaseURL: llm.DefaultBaseURL, Model: llm.DefaultModel, Temperature: llm.DefaultTemperature, Theme: DefaultTheme,
		Speech: speechDefaults()}
}

// Service reads and writes settings through the caller's userdata.Scope, so it
// can only ever touch the logged-in user's settings. It holds no state and is
// safe for concurrent use.
type Service struct{}

// New returns the settings service.
func New() *Service { return &Service{} }

// Get returns the user's settings, or the defaults if none were saved.
func (s *Service) Get(scope *userdata.Scope) (Settings, error) {
	st, err := load(scope)
	if err != nil {
		return Settings{}, err
	}
	return st.view(), nil
}

// Save validates and stores the whole update in one transaction (all or
// nothing), and returns the settings as the UI may see them. Each bad field is
// an apperr error naming it.
func (s *Service) Save(scope *userdata.Scope, up SettingsUpdate) (Settings, error) {
	next, err := validate(up)
	if err != nil {
		return Settings{}, err
	}
	err = scope.Update(func(tx *userdata.Tx) error {
		b, err := tx.CreateBucket(bucketPath...)
		if err != nil {
			return err
		}
		prev := defaults()
		if _, err := b.Get(settingsKey, &prev); err != nil {
			// A damaged record cannot be read, but a save replaces it whole, so
			// saving again is how the learner repairs it; only the stored key
			// is lost with it, and HasKey says so.
			if code := apperr.CodeOf(err); code != apperr.StoreTampered && code != apperr.StoreCorrupt {
				return err
			}
			prev = defaults()
		}
		next = keepHidden(next, prev, up.ClearKey)
		next.PinnedRooms = prev.PinnedRooms // PinRoom's, not the form's
		switch {
		case up.ClearSpeechKey:
			next.Speech.APIKey = ""
		case next.Speech.APIKey == "":
			next.Speech.APIKey = prev.Speech.APIKey
		}
		return b.Put(settingsKey, next)
	})
	if err != nil {
		return Settings{}, err
	}
	return next.view(), nil
}

// TrialConfig returns the provider settings the form holds, unsaved, for
// Test connection and Load models: a learner tries a new key before keeping
// it, and a failed try must leave the stored key as it was. A blank key means
// the stored one (ClearKey: none), and the redacted proxy the UI was shown
// means the stored proxy, as Save reads them. Nothing is written.
// NEVER bind this to the UI or pass its result to JS.
func (s *Service) TrialConfig(scope *userdata.Scope, up SettingsUpdate) (llm.Config, error) {
	next, err := validate(up)
	if err != nil {
		return llm.Config{}, err
	}
	prev, err := load(scope)
	if err != nil {
		// A damaged record holds no usable key or proxy; the typed values still can be tried.
		if code := apperr.CodeOf(err); code != apperr.StoreTampered && code != apperr.StoreCorrupt {
			return llm.Config{}, err
		}
		prev = defaults()
	}
	next = keepHidden(next, prev, up.ClearKey)
	return next.config(), nil
}

// keepHidden puts back what the UI never sees: the stored key when none was
// typed (unless the learner removes it), and the proxy password when the UI
// sent back the redacted form.
func keepHidden(next, prev stored, clearKey bool) stored {
	if next.ProxyURL != prev.ProxyURL && next.ProxyURL == proxyForUI(prev.ProxyURL) {
		next.ProxyURL = prev.ProxyURL
	}
	switch {
	case clearKey:
		next.APIKey = ""
	case next.APIKey == "":
		next.APIKey = prev.APIKey
	}
	return next
}

func (st stored) config() llm.Config {
	return llm.Config{APIKey: st.APIKey, BaseURL: st.BaseURL, Model: st.Model,
		Temperature: st.Temperature, ProxyURL: st.ProxyURL}
}

// ProviderConfig returns the user's provider settings, API key included, for
// Go callers that talk to the provider (chat implements its ConfigSource with
// it). An empty APIKey means none is set; local servers may not need one.
// NEVER bind this to the UI or pass its result to JS.
func (s *Service) ProviderConfig(scope *userdata.Scope) (llm.Config, error) {
	st, err := load(scope)
	if err != nil {
		return llm.Config{}, err
	}
	return st.config(), nil
}

func load(scope *userdata.Scope) (stored, error) {
	st := defaults()
	err := scope.View(func(tx *userdata.Tx) error {
		b, err := tx.Bucket(bucketPath...)
		if err != nil || b == nil {
			return err
		}
		_, err = b.Get(settingsKey, &st)
		return err
	})
	return st, err
}

func (st stored) view() Settings {
	v := Settings{HasKey: st.APIKey != "", BaseURL: st.BaseURL, Model: st.Model, CoachModel: st.CoachModel,
		Temperature: st.Temperature, ProxyURL: proxyForUI(st.ProxyURL), UILanguage: st.UILanguage, Theme: st.Theme, Learner: st.Learner,
		Speech: st.Speech.view(), CheckUpdates: st.CheckUpdates}
	// A short key would be mostly given away by its last four characters.
	if n := len(st.APIKey); n >= 8 {
		v.KeyLast4 = st.APIKey[n-4:]
	}
	return v
}

// proxyForUI hides a proxy password from the web view, like the API key:
// the UI shows and sends back "user:xxxxx@host", and Save keeps the stored
// password when it gets exactly that back.
func proxyForUI(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, has := u.User.Password(); !has {
		return raw
	}
	return u.Redacted()
}

// validate checks the update: the provider settings by llm's rules (the
// same ones NewClient applies), the rest here.
func validate(up SettingsUpdate) (stored, error) {
	st := defaults()
	if strings.TrimSpace(up.APIKey) != "" && up.ClearKey {
		return st, apperr.Field(apperr.InputInvalid, "apiKey", "enter a new key or remove the key, not both")
	}
	cfg, err := llm.Config{APIKey: up.APIKey, BaseURL: up.BaseURL, Model: up.Model,
		Temperature: up.Temperature, ProxyURL: up.ProxyURL}.Check()
	if err != nil {
		return st, err
	}
	st.APIKey, st.BaseURL, st.Model, st.Temperature, st.ProxyURL = cfg.APIKey, cfg.BaseURL, cfg.Model, cfg.Temperature, cfg.ProxyURL
	if coach := strings.TrimSpace(up.CoachModel); coach != "" {
		// The same rules as the chat model's.
		c, err := llm.Config{BaseURL: cfg.BaseURL, Model: coach}.Check()
		if err != nil {
			return st, apperr.Field(apperr.CodeOf(err), "coachModel", "the coach model name is not valid")
		}
		st.CoachModel = c.Model
	}

	switch up.UILanguage {
	case "", "ko", "en", "ja":
		st.UILanguage = up.UILanguage
	default:
		return st, apperr.Field(apperr.InputInvalid, "uiLanguage", "the language must be Korean, English, Japanese or the system's")
	}

	if err := checkLearner(up.Learner); err != nil {
		return st, err
	}
	st.Learner = up.Learner
	st.CheckUpdates = up.CheckUpdates
	if st.Speech, err = validateSpeech(speechUpdate{Model: up.SpeechModel, Voice: up.SpeechVoice, BaseURL: up.SpeechBaseURL,
		APIKey: up.SpeechAPIKey, ClearKey: up.ClearSpeechKey}); err != nil {
		return st, err
	}

	switch up.Theme {
	case "":
		st.Theme = DefaultTheme
	case "system", "light", "dark":
		st.Theme = up.Theme
	default:
		return st, apperr.Field(apperr.InputInvalid, "theme", "the theme must be system, light or dark")
	}
	return st, nil
}

// checkLearner accepts only the languages and levels a room accepts, or "".
func checkLearner(l Learner) error {
	for _, f := range []struct{ field, v string }{
		{"explainLanguage", l.ExplainLanguage}, {"practiceLanguage", l.PracticeLanguage},
	} {
		if f.v != "" && !slices.Contains(room.Languages, f.v) {
			return apperr.Field(apperr.InputInvalid, f.field, "the language must be Korean, English or Japanese")
		}
	}
	if l.PracticeLevel != "" && !slices.Contains(room.Levels, l.PracticeLevel) {
		return apperr.Field(apperr.InputInvalid, "practiceLevel", "the level must be one of A1 to C2")
	}
	switch l.RoomSort {
	case "", "name", "language":
	default:
		return apperr.Field(apperr.InputInvalid, "roomSort", "rooms sort by latest activity, name or language")
	}
	return nil
}
