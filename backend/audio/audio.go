// Package audio speaks lines aloud through an OpenAI-compatible
// /audio/speech and keeps what it fetched in a sealed per-user cache, so a
// line heard twice is fetched once and starts at once the second time.
//
// The cache lives under the user's sealed root like everything else the user
// owns: the audio is sealed with the data key (a clip of the learner's
// conversation says what the conversation said), and even which lines were
// spoken is in a sealed index, not in clear bucket keys. Each user's cache has
// a size cap; the least recently played clips go first.
package audio

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"parley/backend/apperr"
	"parley/backend/chat"
	"parley/backend/llm"
	"parley/backend/models"
	"parley/backend/settings"
	"parley/backend/userdata"
)

// DefaultCapBytes is each user's cache size: about a quarter of an hour of
// speech at the 128 kbit/s MP3 that speech servers send.
const DefaultCapBytes = 16 << 20

// MaxTextRunes bounds a line sent to speech; longer replies are cut there,
// which is far beyond the few sentences of a role-play turn.
const MaxTextRunes = 4096

// Speeds the learner can choose.
var speeds = map[float64]bool{1: true, 0.75: true}

// SettingsSource gives the speech server settings (settings.Service).
type SettingsSource interface {
	SpeechConfig(scope *userdata.Scope) (settings.SpeechConfig, error)
}

// MessageSource reads the conversation (chat.Service); audio never reads
// chat's buckets itself.
type MessageSource interface {
	ListMessages(scope *userdata.Scope, roomID string, beforeID uint64, limit int) (chat.MessagePage, error)
}

// Options configure a Service.
type Options struct {
	Settings SettingsSource
	Messages MessageSource
	Now      func() time.Time // nil means time.Now
	CapBytes int64            // 0 means DefaultCapBytes
	// NewClient builds the speech client; nil means llm.NewClient. Tests set
	// short timeouts through it.
	NewClient func(llm.Config) (*llm.Client, error)
}

// Service is the speech service. It is safe for concurrent use.
type Service struct {
	opt Options
	mu  sync.Mutex // one cache update per user at a time keeps the index whole
	per map[string]*sync.Mutex
}

// New returns the speech service.
func New(opt Options) *Service {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.CapBytes <= 0 {
		opt.CapBytes = DefaultCapBytes
	}
	if opt.NewClient == nil {
		opt.NewClient = llm.NewClient
	}
	return &Service{opt: opt, per: map[string]*sync.Mutex{}}
}

// Clip is a spoken line ready for an <audio> element. The audio travels as
// a data: URL because the web view reaches Go only through bound calls.
type Clip struct {
	DataURL string `json:"dataUrl"`
	Cached  bool   `json:"cached"` // true when no request was sent
}

// SpeakMessage speaks the message's current text (the alternative the
// learner is looking at) at speed 1 or 0.75.
func (s *Service) SpeakMessage(ctx context.Context, scope *userdata.Scope, roomID string, messageID uint64, speed float64) (Clip, error) {
	if messageID == 0 || messageID == ^uint64(0) {
		return Clip{}, apperr.New(apperr.MessageNotFound, "no such message")
	}
	page, err := s.opt.Messages.ListMessages(scope, roomID, messageID+1, 1)
	if err != nil {
		return Clip{}, err
	}
	if len(page.Messages) != 1 || page.Messages[0].ID != messageID {
		return Clip{}, apperr.New(apperr.MessageNotFound, "no such message")
	}
	return s.speak(ctx, scope, roomID, page.Messages[0].Text, speed)
}

// SpeakText speaks a phrase that is not a message (a phrasebook entry).
func (s *Service) SpeakText(ctx context.Context, scope *userdata.Scope, text string, speed float64) (Clip, error) {
	return s.speak(ctx, scope, "", text, speed)
}

func (s *Service) speak(ctx context.Context, scope *userdata.Scope, roomID, text string, speed float64) (Clip, error) {
	if !speeds[speed] {
		return Clip{}, apperr.Field(apperr.InputInvalid, "speed", "the speed is 1 or 0.75")
	}
	text = strings.TrimSpace(text)
	if text == "" {
		return Clip{}, apperr.New(apperr.InputRequired, "there is nothing to speak")
	}
	if utf8.RuneCountInString(text) > MaxTextRunes {
		text = string([]rune(text)[:MaxTextRunes])
	}
	cfg, err := s.opt.Settings.SpeechConfig(scope)
	if err != nil {
		return Clip{}, err
	}
	id := clipID(cfg, speed, text)

	lock := s.userLock(scope.UserID())
	lock.Lock()
	defer lock.Unlock()

	if c, ok, err := s.cached(scope, id); err != nil || ok {
		return c, err
	}
	cl, err := s.opt.NewClient(cfg.Provider)
	if err != nil {
		return Clip{}, err
	}
	defer cl.Close()
	sp, err := cl.Speak(ctx, llm.SpeechRequest{Voice: cfg.Voice, Input: text, Speed: speed})
	if err != nil {
		return Clip{}, err
	}
	cost, priced := models.SpeechCost(cfg.Provider.Model, utf8.RuneCountInString(text))
	c := stored{MimeType: sp.MimeType, Audio: sp.Audio}
	if err := s.store(scope, id, roomID, c, usage{Characters: utf8.RuneCountInString(text), CostUSD: cost, Unpriced: !priced}); err != nil {
		return Clip{}, err
	}
	return Clip{DataURL: c.dataURL()}, nil
}

// clipID names a clip by everything that changes its sound: server, model,
// voice, speed and text. It is kept only inside the sealed index.
func clipID(cfg settings.SpeechConfig, speed float64, text string) string {
	h := sha256.New()
	for _, part := range []string{cfg.Provider.BaseURL, cfg.Provider.Model, cfg.Voice, strconv.FormatFloat(speed, 'g', -1, 64), text} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (s *Service) userLock(userID string) *sync.Mutex {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.per[userID]
	if !ok {
		l = &sync.Mutex{}
		s.per[userID] = l
	}
	return l
}

// stored is one sealed clip.
type stored struct {
	MimeType string `json:"mime"`
	Audio    []byte `json:"audio"`
}

func (c stored) dataURL() string {
	return "data:" + c.MimeType + ";base64," + base64.StdEncoding.EncodeToString(c.Audio)
}
