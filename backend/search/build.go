package search

import (
	"context"

	"parley/backend/chat"
	"parley/backend/userdata"
)

// chunk is one run of a room's messages, folded on a worker. Runs are
// folded in parallel into their own buffers, then copied into one.
type chunk struct {
	room string
	text []byte
	docs []doc
}

func (c *chunk) add(m chat.TextMessage) {
	if len(m.Text) == 0 {
		return // a reply not yet written
	}
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
	err := c.ScanTexts(ctx, scope, workers, func(roomID string) func(chat.TextMessage) {
		if hook != nil {
			hook("run")
		}
		ch := &chunk{room: roomID}
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
