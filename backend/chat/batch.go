package chat

import (
	"strings"
	"sync"
	"time"
)

// Emitter sends a named event with a JSON payload to the UI. The Wails
// adapter (package events) satisfies it; tests record the events instead.
type Emitter interface {
	Emit(name string, payload any)
}

// Event names and payloads the chat service emits.
const (
	EventDelta = "chat:delta"
	EventDone  = "chat:done"
	EventError = "chat:error"
)

// DeltaEvent carries text appended to a streaming reply.
type DeltaEvent struct {
	RoomID  string `json:"roomId"`
	ReplyID uint64 `json:"replyId"`
	Delta   string `json:"delta"`
}

// DoneEvent carries a finished reply as saved.
type DoneEvent struct {
	RoomID string  `json:"roomId"`
	Reply  Message `json:"reply"`
}

// ErrorEvent reports a reply that failed or was stopped; Reply is what was
// saved of it (status stopped or error, with the partial text).
type ErrorEvent struct {
	RoomID  string  `json:"roomId"`
	ReplyID uint64  `json:"replyId"`
	Code    string  `json:"code"`
	Message string  `json:"message"`
	Reply   Message `json:"reply"`
}

// deltaInterval is the shortest gap between two delta events of one reply.
// Each event costs the Wails bridge about 1.5 ms of CPU and the web view a
// render, parse and layout (5-8 ms of its main thread in Chromium, measured by
// frontend/e2e/bench/ui.mjs), so tokens are batched by time whatever their
// rate: a model sending one token every 20 ms would otherwise cost one event
// per token. Ten updates a second still reads as continuous typing and keeps
// a long reply under a tenth of a core; twenty cost about twice that.
const deltaInterval = time.Second / 10

// deltaBatcher collects a reply's deltas and emits them at most once per
// deltaInterval. The first delta goes out at once, so the reply starts
// appearing without waiting; later ones are held until the interval has passed.
type deltaBatcher struct {
	emit    Emitter
	roomID  string
	replyID uint64

	mu      sync.Mutex // held while emitting, so events keep their order
	buf     strings.Builder
	last    time.Time
	timer   *time.Timer
	stopped bool
}

func newDeltaBatcher(e Emitter, roomID string, replyID uint64) *deltaBatcher {
	return &deltaBatcher{emit: e, roomID: roomID, replyID: replyID}
}

// add queues text for the UI.
func (b *deltaBatcher) add(text string) {
	if text == "" {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stopped {
		return
	}
	b.buf.WriteString(text)
	wait := deltaInterval - time.Since(b.last)
	if wait <= 0 {
		b.flushLocked()
		return
	}
	if b.timer == nil {
		b.timer = time.AfterFunc(wait, b.flush)
	}
}

// flush is the timer's: it sends what is queued once the interval has
// passed. A timer that fired while add held the lock may find that add has
// flushed meanwhile; it then waits out the interval again rather than send
// a second event right after that one.
func (b *deltaBatcher) flush() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.timer = nil
	if b.stopped || b.buf.Len() == 0 {
		return
	}
	if wait := deltaInterval - time.Since(b.last); wait > 0 {
		b.timer = time.AfterFunc(wait, b.flush)
		return
	}
	b.flushLocked()
}

func (b *deltaBatcher) flushLocked() {
	if b.buf.Len() == 0 {
		return
	}
	b.emit.Emit(EventDelta, DeltaEvent{RoomID: b.roomID, ReplyID: b.replyID, Delta: b.buf.String()})
	b.buf.Reset()
	b.last = time.Now()
}

// close emits whatever is still queued and stops the batcher, so the final
// done or error event always comes after the last delta.
func (b *deltaBatcher) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.timer != nil {
		b.timer.Stop()
		b.timer = nil
	}
	b.flushLocked()
	b.stopped = true
}
