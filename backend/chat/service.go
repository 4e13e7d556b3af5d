// Package chat is the role-play conversation: the prompts built from a room,
// the token budget that decides which turns are sent, the messages stored per
// room, and the streamed replies with stop, retry, regenerate and edit.
//
// Every method takes the logged-in user's *userdata.Scope, so a room id only
// ever reaches that user's rooms. Replies stream on their own goroutine and
// reach the UI through an Emitter as chat:delta, chat:done and chat:error.
package chat

import (
	"context"
	"sync"
	"time"

	"parley/backend/apperr"
	"parley/backend/llm"
	"parley/backend/room"
	"parley/backend/userdata"
)

// ConfigSource gives the provider settings (key, base URL, model, proxy…) of
// the logged-in user. The settings service implements it.
type ConfigSource interface {
	ProviderConfig(scope *userdata.Scope) (llm.Config, error)
}

// Rooms is what chat needs of the room service (*room.Service implements
// it): reading one of the user's rooms outside the trash, in chat's own
// transaction, so nothing is written for a room that is gone.
type Rooms interface {
	GetTx(tx *userdata.Tx, id string) (room.Room, error)
}

// Options wire a Service.
type Options struct {
	Rooms   Rooms
	Config  ConfigSource
	Emitter Emitter
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// PromptVersion is stamped on conversations that start; 0 means the
	// current PromptVersion. Tests set it to play a later Parley.
	PromptVersion int
}

// Service runs role-play conversations. It is safe for concurrent use: one
// reply streams at a time per room, and replies in different rooms stream at
// once.
type Service struct {
	rooms         Rooms
	config        ConfigSource
	emit          Emitter
	now           func() time.Time
	promptVersion int

	tokens tokenCache
	calib  calibration
	// budgetOverride, when set, replaces every model's prompt budget; tests
	// use it to make trimming visible with short conversations.
	budgetOverride int

	mu     sync.Mutex
	active map[roomKey]*activeReply

	clientsMu sync.Mutex
	clients   map[string]cachedClient // by user id

	watchers []func(Change)
}

type roomKey struct{ userID, roomID string }

// activeReply is a reply being written. done closes once its final state is
// saved and its last event emitted.
type activeReply struct {
	replyID uint64
	cancel  context.CancelFunc
	ctx     context.Context
	events  *gate
	done    chan struct{}
	// saveErr is why the final state could not be saved (nil when it was);
	// set before done closes.
	saveErr error
}

// NewService returns a chat service.
func NewService(opt Options) *Service {
	s := &Service{rooms: opt.Rooms, config: opt.Config, emit: opt.Emitter, now: opt.Now, promptVersion: opt.PromptVersion,
		active: map[roomKey]*activeReply{}, clients: map[string]cachedClient{}}
	if s.promptVersion == 0 {
		s.promptVersion = PromptVersion
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.emit == nil {
		s.emit = discard{}
	}
	return s
}

type discard struct{}

func (discard) Emit(string, any) {}

func (s *Service) tick() time.Time { return s.now().Round(0).UTC() }

// claim reserves the room for one reply; a room already busy is room.busy.
func (s *Service) claim(scope *userdata.Scope, roomID string) (*activeReply, error) {
	k := roomKey{scope.UserID(), roomID}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, busy := s.active[k]; busy {
		return nil, apperr.New(apperr.RoomBusy, "a reply is still being written in this room")
	}
	ctx, cancel := context.WithCancel(context.Background())
	a := &activeReply{ctx: ctx, cancel: cancel, events: &gate{to: s.emit}, done: make(chan struct{})}
	s.active[k] = a
	return a, nil
}

// release frees the room after a reply ends (or failed to start).
func (s *Service) release(scope *userdata.Scope, roomID string, a *activeReply) {
	s.mu.Lock()
	if s.active[roomKey{scope.UserID(), roomID}] == a {
		delete(s.active, roomKey{scope.UserID(), roomID})
	}
	s.mu.Unlock()
	a.cancel()
}

func (s *Service) activeIn(userID, roomID string) *activeReply {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.active[roomKey{userID, roomID}]
}

// streamingReply returns the id of the reply being written in a room (0
// while it is still being set up), and whether one is.
func (s *Service) streamingReply(userID, roomID string) (uint64, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.active[roomKey{userID, roomID}]
	if !ok {
		return 0, false
	}
	return a.replyID, true
}

// Streaming reports whether a reply is being written in a room; the room
// list shows it.
func (s *Service) Streaming(userID, roomID string) bool { return s.activeIn(userID, roomID) != nil }

// stopWait bounds how long StopReply waits for the partial to be saved.
const stopWait = 5 * time.Second

// StopReply cancels the reply being written in a room and returns once its
// partial text is saved with status stopped (a chat:error event with code
// llm.canceled carries it). If it cannot be saved, or not within stopWait,
// StopReply says so with chat.stop_failed or the save's own error. A room of
// the user with nothing streaming is nothing to do; a room that is not the
// user's is room.not_found, as for every other room method.
func (s *Service) StopReply(scope *userdata.Scope, roomID string) error {
	// Replies are registered per user, so one found here is the caller's own.
	a := s.activeIn(scope.UserID(), roomID)
	if a == nil {
		return scope.View(func(tx *userdata.Tx) error {
			_, err := s.rooms.GetTx(tx, roomID)
			return err
		})
	}
	a.cancel()
	select {
	case <-a.done:
		return a.saveErr
	case <-time.After(stopWait):
		return apperr.New(apperr.ChatStopFailed, "the stopped reply was not saved in time")
	}
}

// CancelAll stops every reply being written and waits until their partials
// are saved. The app calls it on log-out and on quit, before the user's data
// key is zeroed. Their events stop at once: the page is leaving that user.
func (s *Service) CancelAll() {
	s.mu.Lock()
	all := make([]*activeReply, 0, len(s.active))
	for _, a := range s.active {
		all = append(all, a)
		a.events.close()
		a.cancel()
	}
	s.mu.Unlock()
	for _, a := range all {
		<-a.done
	}
	// Forget clients too: they hold the API keys of users who may be gone.
	s.clientsMu.Lock()
	for id, c := range s.clients {
		c.client.Close()
		delete(s.clients, id)
	}
	s.clientsMu.Unlock()
}
