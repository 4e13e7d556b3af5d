// Package coach teaches beside the role-play: feedback on each learner line
// (corrections, a more natural phrasing, register breaks), the scene's goals
// as they are met, and the requests a learner makes for help. Each is a
// structured (JSON schema) request of its own, never part of the role-play
// context, run beside the reply so it can neither delay nor fail it.
//
// The coach reads the conversation through chat's API and keeps what it
// learns in its own buckets under the user's sealed scope:
//
//	coach/<roomID>  per message (big-endian id): feedback, translations, hint rung
//	coachrooms      per room: the coach mode, the goals met, where the session began
//	coachdebriefs/<roomID>  the room's past debriefs, oldest first
//
// Its own buckets rather than fields on chat's messages: feedback arrives
// while chat is still writing the reply into the same conversation, and chat
// stays ignorant of the coach. A room purged for good takes them along
// (PurgeRoom is a room purge hook).
package coach

import (
	"context"
	"sync"
	"time"

	"parley/backend/chat"
	"parley/backend/llm"
	"parley/backend/room"
	"parley/backend/settings"
	"parley/backend/userdata"
)

// Coach modes of a room.
const (
	ModeOn        = "on"      // feedback on every learner line (the default)
	ModeOnRequest = "request" // feedback when the learner presses Check
	ModeOff       = "off"
)

// Modes lists the coach modes, in the order the UI offers them.
var Modes = []string{ModeOn, ModeOnRequest, ModeOff}

// Feedback statuses.
const (
	StatusChecking    = "checking"
	StatusReady       = "ready"
	StatusUnavailable = "unavailable" // the request failed or its answer was unusable; Retry
)

// Events the coach emits.
const (
	EventFeedback = "coach:feedback" // Feedback
	EventGoals    = "coach:goals"    // GoalsEvent
)

// Change is one correction in a line.
type Change struct {
	Original    string `json:"original"`
	Corrected   string `json:"corrected"`
	Category    string `json:"category"`
	Explanation string `json:"explanation"` // in the learner's UI language
}

// Result is what the coach said of one line.
type Result struct {
	Verdict     string   `json:"verdict"`
	Corrected   string   `json:"corrected"`
	Changes     []Change `json:"changes"`
	Alternative string   `json:"alternative,omitempty"`
	GoalsMet    []int    `json:"goalsMet,omitempty"`
}

// Feedback is the coach's word on one learner line, as stored and as the UI
// gets it (event coach:feedback, and RoomCoaching).
type Feedback struct {
	RoomID    string `json:"roomId"`
	MessageID uint64 `json:"messageId"`
	Status    string `json:"status"`
	ErrorCode string `json:"errorCode,omitempty"`
	// Language is the practice language, which decides how the UI diffs
	// the line (by character for ko and ja, by word for en).
	Language string `json:"language"`
	Line     string `json:"line"` // the learner's line as checked
	Result
	Model     string    `json:"model,omitempty"`
	CheckedAt time.Time `json:"checkedAt"`
}

// Goal is one of a scene's can-do goals.
type Goal struct {
	Text string `json:"text"`
	Met  bool   `json:"met"`
}

// GoalsEvent is the payload of coach:goals.
type GoalsEvent struct {
	RoomID string `json:"roomId"`
	Goals  []Goal `json:"goals"`
}

// RoomCoaching is everything the coach shows in a room.
type RoomCoaching struct {
	RoomID   string     `json:"roomId"`
	Mode     string     `json:"mode"`
	Goals    []Goal     `json:"goals"`
	Feedback []Feedback `json:"feedback"`
	// Rungs are the hint rungs reached before each learner line that had one.
	Rungs []LineRung `json:"rungs"`
}

// LineRung is the highest hint rung the learner opened before a line.
type LineRung struct {
	MessageID uint64 `json:"messageId"`
	Rung      int    `json:"rung"`
}

// Conversation is what the coach needs of chat (*chat.Service implements it).
type Conversation interface {
	ListMessages(scope *userdata.Scope, roomID string, beforeID uint64, limit int) (chat.MessagePage, error)
	AddUsage(scope *userdata.Scope, roomID, model string, u llm.Usage) error
}

// Rooms is what the coach needs of rooms (*room.Service implements it).
type Rooms interface {
	Get(scope *userdata.Scope, id string) (room.Room, error)
}

// Settings is what the coach needs of the settings (*settings.Service).
type Settings interface {
	Get(scope *userdata.Scope) (settings.Settings, error)
	ProviderConfig(scope *userdata.Scope) (llm.Config, error)
}

// Emitter sends an event to the UI.
type Emitter interface {
	Emit(name string, payload any)
}

// Options wire a Service.
type Options struct {
	Chat     Conversation
	Rooms    Rooms
	Settings Settings
	Emitter  Emitter
	Now      func() time.Time
}

// Service is the coach. It is safe for concurrent use.
type Service struct {
	chat     Conversation
	rooms    Rooms
	settings Settings
	emit     Emitter
	now      func() time.Time

	mu     sync.Mutex
	ctx    context.Context // canceled by CancelAll (log-out, quit)
	cancel context.CancelFunc
	wg     sync.WaitGroup
	// shown is the language each user's UI shows while their setting
	// follows the OS, which only the web view knows.
	shown map[string]string
}

// New returns a coach.
func New(opt Options) *Service {
	s := &Service{chat: opt.Chat, rooms: opt.Rooms, settings: opt.Settings, emit: opt.Emitter, now: opt.Now, shown: map[string]string{}}
	if s.now == nil {
		s.now = time.Now
	}
	if s.emit == nil {
		s.emit = discard{}
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s
}

type discard struct{}

func (discard) Emit(string, any) {}

// base is the context coach requests run under.
func (s *Service) base() context.Context {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ctx
}

// CancelAll cancels every coach request under way and waits for them to
// end; the app calls it on log-out, before the data key is zeroed.
func (s *Service) CancelAll() {
	s.mu.Lock()
	s.cancel()
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.mu.Unlock()
	s.wg.Wait()
}

// Wait waits for the background checks started so far; tests use it.
func (s *Service) Wait() { s.wg.Wait() }

func (s *Service) tick() time.Time { return s.now().Round(0).UTC() }
