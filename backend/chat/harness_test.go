package chat

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"parley/backend/llm"
	"parley/backend/llm/fakeopenai"
	"parley/backend/room"
	"parley/backend/store"
	"parley/backend/userdata"
	"parley/backend/userdata/userdatatest"
)

// recorder is an Emitter that keeps every event, for assertions.
type recorder struct {
	mu      sync.Mutex
	events  []event
	changed chan struct{}
}

type event struct {
	name    string
	payload any
}

func newRecorder() *recorder { return &recorder{changed: make(chan struct{})} }

func (r *recorder) Emit(name string, payload any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, event{name, payload})
	close(r.changed)
	r.changed = make(chan struct{})
}

func (r *recorder) all() []event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]event(nil), r.events...)
}

// final waits for the first chat:done or chat:error event of reply id in roomID.
func (r *recorder) final(t *testing.T, roomID string, id uint64) event {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		r.mu.Lock()
		ch := r.changed
		for _, e := range r.events {
			switch p := e.payload.(type) {
			case DoneEvent:
				if p.RoomID == roomID && p.Reply.ID == id {
					r.mu.Unlock()
					return e
				}
			case ErrorEvent:
				if p.RoomID == roomID && p.ReplyID == id {
					r.mu.Unlock()
					return e
				}
			}
		}
		r.mu.Unlock()
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("no final event for reply %d", id)
		}
	}
}

// deltas concatenates the chat:delta events of reply id in roomID and counts them.
func (r *recorder) deltas(roomID string, id uint64) (string, int) {
	text, n := "", 0
	for _, e := range r.all() {
		if d, ok := e.payload.(DeltaEvent); ok && d.RoomID == roomID && d.ReplyID == id {
			text += d.Delta
			n++
		}
	}
	return text, n
}

// fixedConfig is a ConfigSource with one config for everyone.
type fixedConfig struct {
	mu  sync.Mutex
	cfg llm.Config
}

func (f *fixedConfig) ProviderConfig(*userdata.Scope) (llm.Config, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cfg, nil
}

func (f *fixedConfig) set(fn func(*llm.Config)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(&f.cfg)
}

type harness struct {
	t     *testing.T
	db    *store.DB
	scope *userdata.Scope
	rooms *room.Service
	chat  *Service
	fake  *fakeopenai.Server
	ev    *recorder
	cfg   *fixedConfig
}

const testKey = "sk-test-0123456789"

func newHarness(t *testing.T) *harness {
	t.Helper()
	db, _ := userdatatest.OpenDB(t)
	fake := fakeopenai.New()
	t.Cleanup(fake.Close)
	fake.RequireKey(testKey)
	h := &harness{t: t, db: db, scope: userdatatest.Scope(t, db, "user-1"), fake: fake, ev: newRecorder(),
		cfg: &fixedConfig{cfg: llm.Config{
			APIKey: testKey, BaseURL: fake.URL, Model: "gpt-4o-mini",
			FirstTokenTimeout: 2 * time.Second, StallTimeout: 2 * time.Second, RequestTimeout: 5 * time.Second,
			Backoff: func(int) time.Duration { return time.Millisecond },
		}}}
	h.rooms = room.NewService(room.Options{OnPurge: []room.PurgeHook{PurgeRoom}})
	h.chat = NewService(Options{Rooms: h.rooms, Config: h.cfg, Emitter: h.ev})
	t.Cleanup(h.chat.CancelAll)
	return h
}

var cafe = room.RoomInput{
	Language: "en", Level: "A2", Situation: "Ordering at a small café in London.",
	MyRole: "customer", AIRole: "barista", Goal: "Order a flat white",
}

func (h *harness) newRoom(in room.RoomInput) string {
	h.t.Helper()
	r, err := h.rooms.Create(h.scope, in)
	if err != nil {
		h.t.Fatal(err)
	}
	return r.ID
}

// send sends text and waits for the reply's final event.
func (h *harness) send(roomID, text string) (SendResult, event) {
	h.t.Helper()
	res, err := h.chat.SendMessage(h.scope, roomID, text)
	if err != nil {
		h.t.Fatalf("send %q: %v", text, err)
	}
	return res, h.ev.final(h.t, roomID, res.ReplyID)
}

func (h *harness) messages(roomID string) []Message {
	h.t.Helper()
	p, err := h.chat.ListMessages(h.scope, roomID, 0, maxPageSize)
	if err != nil {
		h.t.Fatal(err)
	}
	return p.Messages
}

// activity is what the room list shows of a room's conversation.
func (h *harness) activity(roomID string) Activity {
	h.t.Helper()
	all, err := h.chat.Activities(h.scope)
	if err != nil {
		h.t.Fatal(err)
	}
	return all[roomID]
}

// lastChat is the newest chat request the fake received.
func (h *harness) lastChat() fakeopenai.Request {
	h.t.Helper()
	reqs := h.fake.Requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Endpoint == fakeopenai.EndpointChat {
			return reqs[i]
		}
	}
	h.t.Fatal("no chat request was sent")
	return fakeopenai.Request{}
}

func roles(msgs []fakeopenai.Message) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = m.Role
	}
	return out
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// waitDeltas waits until the deltas of reply id start with prefix.
func waitDeltas(t *testing.T, h *harness, roomID string, id uint64, prefix string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if text, _ := h.ev.deltas(roomID, id); strings.HasPrefix(text, prefix) {
			return
		}
		if time.Now().After(deadline) {
			text, _ := h.ev.deltas(roomID, id)
			t.Fatalf("deltas of %d are %q, want prefix %q", id, text, prefix)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitDone waits for a chat:done event of reply id among the events from
// index since on (a retried or regenerated reply reuses its id).
func waitDone(t *testing.T, h *harness, roomID string, id uint64, since int) DoneEvent {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		all := h.ev.all()
		for _, e := range all[min(since, len(all)):] {
			if d, ok := e.payload.(DoneEvent); ok && d.RoomID == roomID && d.Reply.ID == id {
				return d
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no chat:done for reply %d; events: %s", id, jsonOf(h.ev.all()))
		}
		time.Sleep(5 * time.Millisecond)
	}
}
