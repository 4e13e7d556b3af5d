// Package speech is push-to-talk: it records the learner from the
// microphone (in Go where the web view cannot, see capture_malgo.go), shows
// them a level meter while they hold the key, and transcribes what they said
// through an OpenAI-compatible /audio/transcriptions with the room's
// language pinned. It also compares a repeated line with the original, word
// by word, for shadowing (compare.go).
//
// Audio never touches the disk here: a recording lives in memory until it is
// transcribed (or kept, sealed, with the message it became: takes.go).
package speech

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"sync"
	"time"

	"parley/backend/apperr"
	"parley/backend/events"
	"parley/backend/llm"
	"parley/backend/room"
	"parley/backend/userdata"
)

// Events the recorder emits while the learner holds the key.
const (
	// EventLevel carries Level every 50 ms: {"id", "level" (0–1), "ms"}.
	EventLevel = "speak:level"
	// EventLimit says the recording stopped itself at MaxDuration: {"id"}.
	// The UI then finishes it as if the key had been released.
	EventLimit = "speak:limit"
)

// ConfigSource gives the transcription server settings (settings.Service).
type ConfigSource interface {
	TranscriptionConfig(scope *userdata.Scope) (llm.Config, error)
}

// RoomSource gives a room's language (room.Service).
type RoomSource interface {
	Get(scope *userdata.Scope, id string) (room.Room, error)
}

// Options configure a Service.
type Options struct {
	Mic      Microphone // nil: this build records in the web view
	Emitter  events.Emitter
	Config   ConfigSource
	Rooms    RoomSource
	Messages MessageSource
	// NewClient builds the transcription client; nil means llm.NewClient.
	NewClient func(llm.Config) (*llm.Client, error)
	// TakeCapBytes caps each user's kept recordings; 0 means DefaultTakeCapBytes.
	TakeCapBytes int64
}

// Service records and transcribes. It is safe for concurrent use; there is
// one microphone, so one recording at a time.
type Service struct {
	opt Options

	mu  sync.Mutex
	rec *recording
	// pending holds the last few transcribed recordings, by take id, until
	// the learner sends the line (KeepTake) or they are pushed out.
	pending []take
}

type take struct {
	id, userID string
	mime       string
	audio      []byte
}

const maxPending = 4

// New returns the speech service.
func New(opt Options) *Service {
	if opt.NewClient == nil {
		opt.NewClient = llm.NewClient
	}
	if opt.Emitter == nil {
		opt.Emitter = noEvents{}
	}
	if opt.TakeCapBytes <= 0 {
		opt.TakeCapBytes = DefaultTakeCapBytes
	}
	return &Service{opt: opt}
}

// Capture says whether Go records in this build, and on which OS.
func (s *Service) Capture() CaptureInfo {
	return CaptureInfo{Native: s.opt.Mic != nil, OS: captureOS()}
}

type recording struct {
	id, userID string
	stream     Stream
	opened     chan struct{} // closed once stream is set (or the open failed)

	mu      sync.Mutex
	samples []int16
	window  []int16 // samples since the last level event
	full    bool
}

// Recording is a recording under way.
type Recording struct {
	ID string `json:"id"`
}

// StartRecording opens the microphone and records until StopRecording,
// CancelRecording or MaxDuration.
func (s *Service) StartRecording(scope *userdata.Scope) (Recording, error) {
	if s.opt.Mic == nil {
		return Recording{}, apperr.New(apperr.SpeakNoMicrophone, "this build records in the web view")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rec != nil {
		return Recording{}, apperr.New(apperr.SpeakBusy, "a recording is under way")
	}
	r := &recording{id: newID(), userID: scope.UserID(), samples: make([]int16, 0, SampleRate*5), opened: make(chan struct{})}
	stream, err := s.opt.Mic.Open(func(in []int16) { s.onSamples(r, in) })
	r.stream = stream
	close(r.opened)
	if err != nil {
		return Recording{}, err
	}
	s.rec = r
	return Recording{ID: r.id}, nil
}

// onSamples runs on the audio thread: it keeps the samples up to
// MaxSamples and emits the level every 50 ms of audio.
func (s *Service) onSamples(r *recording, in []int16) {
	r.mu.Lock()
	if r.full {
		r.mu.Unlock()
		return
	}
	room := MaxSamples - len(r.samples)
	if len(in) >= room {
		in = in[:room]
		r.full = true
	}
	r.samples = append(r.samples, in...)
	r.window = append(r.window, in...)
	var level float64
	emit := len(r.window) >= SampleRate/20 || r.full
	if emit {
		level = Level(r.window)
		r.window = r.window[:0]
	}
	ms := Duration(len(r.samples)).Milliseconds()
	full := r.full
	r.mu.Unlock()

	if emit {
		s.opt.Emitter.Emit(EventLevel, map[string]any{"id": r.id, "level": level, "ms": ms})
	}
	if full {
		// Closing the device waits for this callback: stop from elsewhere.
		go func() {
			<-r.opened // samples can arrive before Open has returned the stream
			if r.stream == nil {
				return
			}
			r.stream.Close()
			s.opt.Emitter.Emit(EventLimit, map[string]any{"id": r.id})
		}()
	}
}

// finish ends the recording id of scope's user and returns its samples.
func (s *Service) finish(scope *userdata.Scope, id string) ([]int16, error) {
	s.mu.Lock()
	r := s.rec
	if r == nil || r.id != id || r.userID != scope.UserID() {
		s.mu.Unlock()
		return nil, apperr.New(apperr.SpeakNotRecording, "no such recording")
	}
	s.rec = nil
	s.mu.Unlock()
	r.stream.Close()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.full = true // a late callback adds nothing
	return r.samples, nil
}

// CancelRecording drops the recording (Esc).
func (s *Service) CancelRecording(scope *userdata.Scope, id string) error {
	_, err := s.finish(scope, id)
	return err
}

// CancelAll drops any recording under way and every pending take (log-out).
func (s *Service) CancelAll() {
	s.mu.Lock()
	r := s.rec
	s.rec = nil
	s.pending = nil
	s.mu.Unlock()
	if r != nil {
		r.stream.Close()
	}
}

// Transcript is what the learner said.
type Transcript struct {
	Text       string `json:"text"`
	TakeID     string `json:"takeId"` // keep it with the message it becomes: KeepTake
	DurationMs int64  `json:"durationMs"`
	AudioBytes int    `json:"audioBytes"` // what was sent to the server
}

// StopRecording ends recording id and transcribes it in roomID's language.
// A recording too short to hold a word, or with no voice in it, is not sent.
func (s *Service) StopRecording(ctx context.Context, scope *userdata.Scope, roomID, id string) (Transcript, error) {
	samples, err := s.finish(scope, id)
	if err != nil {
		return Transcript{}, err
	}
	d := Duration(len(samples))
	switch {
	case d < MinDuration:
		return Transcript{}, apperr.New(apperr.SpeakTooShort, "hold the key while you speak")
	case Silent(samples):
		return Transcript{}, apperr.New(apperr.SpeakSilent, "the microphone heard nothing")
	}
	return s.transcribe(ctx, scope, roomID, "speech.wav", "audio/wav", WAV(samples), d)
}

// Upload is audio the web view recorded (Windows): base64 of a WebM, Ogg or
// WAV file, and how long it lasted by the web view's clock.
type Upload struct {
	MimeType   string `json:"mimeType"`
	Base64     string `json:"base64"`
	DurationMs int64  `json:"durationMs"`
}

// uploadTypes maps what web views record to the file name the server needs
// to know the format.
var uploadTypes = map[string]string{
	"audio/webm": "speech.webm", "audio/ogg": "speech.ogg", "audio/wav": "speech.wav",
	"audio/mp4": "speech.mp4", "audio/mpeg": "speech.mp3",
}

// TranscribeUpload transcribes audio the web view recorded, with the same
// limits as a recording made here.
func (s *Service) TranscribeUpload(ctx context.Context, scope *userdata.Scope, roomID string, up Upload) (Transcript, error) {
	mt, _, _ := strings.Cut(up.MimeType, ";")
	name, ok := uploadTypes[strings.TrimSpace(strings.ToLower(mt))]
	if !ok {
		return Transcript{}, apperr.Field(apperr.InputInvalid, "mimeType", "this audio format cannot be transcribed")
	}
	if base64.StdEncoding.DecodedLen(len(up.Base64)) > MaxUploadBytes {
		return Transcript{}, apperr.New(apperr.SpeakTooLong, "the recording is longer than a minute")
	}
	audio, err := base64.StdEncoding.DecodeString(up.Base64)
	if err != nil || len(audio) == 0 {
		return Transcript{}, apperr.Field(apperr.InputInvalid, "base64", "the recording is damaged")
	}
	d := time.Duration(up.DurationMs) * time.Millisecond
	switch {
	case d > MaxDuration+time.Second: // the web view's timer stops it at 60 s
		return Transcript{}, apperr.New(apperr.SpeakTooLong, "the recording is longer than a minute")
	case d < MinDuration:
		return Transcript{}, apperr.New(apperr.SpeakTooShort, "hold the key while you speak")
	}
	return s.transcribe(ctx, scope, roomID, name, strings.TrimSpace(strings.ToLower(mt)), audio, d)
}

func (s *Service) transcribe(ctx context.Context, scope *userdata.Scope, roomID, name, mime string, audio []byte, d time.Duration) (Transcript, error) {
	rm, err := s.opt.Rooms.Get(scope, roomID)
	if err != nil {
		return Transcript{}, err
	}
	cfg, err := s.opt.Config.TranscriptionConfig(scope)
	if err != nil {
		return Transcript{}, err
	}
	cl, err := s.opt.NewClient(cfg)
	if err != nil {
		return Transcript{}, err
	}
	defer cl.Close()
	text, err := cl.Transcribe(ctx, llm.TranscriptionRequest{Audio: audio, FileName: name, Language: rm.Language})
	if err != nil {
		return Transcript{}, err
	}
	if text == "" {
		return Transcript{}, apperr.New(apperr.SpeakSilent, "no words were heard")
	}
	t := Transcript{Text: text, TakeID: newID(), DurationMs: d.Milliseconds(), AudioBytes: len(audio)}
	s.mu.Lock()
	s.pending = append(s.pending, take{id: t.TakeID, userID: scope.UserID(), mime: mime, audio: audio})
	if len(s.pending) > maxPending {
		s.pending = s.pending[len(s.pending)-maxPending:]
	}
	s.mu.Unlock()
	return t, nil
}

type noEvents struct{}

func (noEvents) Emit(string, any) {}

func newID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
