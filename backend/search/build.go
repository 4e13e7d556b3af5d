package search

import (
	"context"
	"sync/atomic"

	"parley/backend/chat"
	"parley/backend/userdata"
)

// chunk is one run of a room's messages, folded on a worker. Runs are
// folded in parallel into their own buffers, then copied into one.
type chunk struct {
	room string
	n    int // messages in the run
	text []byte
	docs []doc
	seen *textSeen
}

// textSeen is the text folded so far by every worker, for sizing buffers:
// growing each run's buffer by appending allocated five times the text.
type textSeen struct{ bytes, docs atomic.Int64 }

// reserve sizes c for its run from the average text per message so far
// (a guess of 128 bytes at first), with a quarter to spare.
func (c *chunk) reserve() {
	per := int64(128)
	if n := c.seen.docs.Load(); n > 0 {
		per = c.seen.bytes.Load() / n
	}
	c.text = make([]byte, 0, int64(c.n)*per*5/4+64)
	c.docs = make([]doc, 0, c.n)
}

func (c *chunk) add(m chat.TextMessage) {
	if len(m.Text) == 0 {
		return // a reply not yet written
	}
	if c.docs == nil {
		c.reserve()
	}
	c.seen.bytes.Add(int64(len(m.Text)) + 1)
	c.seen.docs.Add(1)
	start := len(c.text)
	c.text = appendFolded(c.text, m.Text)
	d := doc{start: uint32(start), end: uint32(len(c.text)), id: m.ID, at: m.CreatedAt}
	if m.Assistant {
		d.role = 1
	}
	c.text = append(c.text, 0)
	c.docs = append(c.docs, d)
}

// build reads the scope's messages into a new index on workers goroutines
// (every core when 0). hook, when set, is called with "run" before each run
// is handed out (tests hold a build with it).
func build(ctx context.Context, c Chat, scope *userdata.Scope, workers int, hook func(string)) (*index, error) {
	var chunks []*chunk
	seen := new(textSeen)
	err := c.ScanTexts(ctx, scope, workers, func(roomID string, n int) func(chat.TextMessage) {
		if hook != nil {
			hook("run")
		}
		ch := &chunk{room: roomID, n: n, seen: seen}
		chunks = append(chunks, ch)
		return ch.add
	})
	if err != nil {
		for _, ch := range chunks {
			clear(ch.text)
		}
		return nil, err
	}
	return assemble(scope.UserID(), chunks), nil
}

// assemble copies the chunks, in room and message order, into one buffer
// of exactly their size, and wipes them.
func assemble(userID string, chunks []*chunk) *index {
	x := newIndex(userID)
	size, n := 0, 0
	for _, ch := range chunks {
		size += len(ch.text)
		n += len(ch.docs)
	}
	x.text = make([]byte, 0, size)
	x.docs = make([]doc, 0, n)
	for _, ch := range chunks {
		r := x.room(ch.room)
		if x.rooms[r].hi == 0 {
			x.rooms[r].lo = len(x.docs)
		}
		shift := uint32(len(x.text))
		for _, d := range ch.docs {
			d.start += shift
			d.end += shift
			d.room = r
			x.docs = append(x.docs, d)
		}
		x.rooms[r].hi = len(x.docs)
		x.text = append(x.text, ch.text...)
		clear(ch.text)
	}
	return x
}
