package core

import (
	"cmp"
	"slices"
	"time"

	"parley/backend/chat"
	"parley/backend/room"
	"parley/backend/userdata"
)

// RoomSummary is a room as the room list shows it: the room, what chat knows
// of its conversation, and whether a reply is being written in it.
type RoomSummary struct {
	room.Room
	// LastActivityAt is when the room was made or its conversation last
	// changed, whichever is later; the list is sorted by it.
	LastActivityAt time.Time `json:"lastActivityAt"`
	// Preview is the start of the last message, on one line.
	Preview string `json:"preview"`
	// PreviewRole is "user" or "assistant": who wrote the previewed message.
	PreviewRole  string `json:"previewRole"`
	MessageCount int    `json:"messageCount"`
	Streaming    bool   `json:"streaming"`
}

// ListRooms lists the user's rooms, latest activity first.
func (c *Core) ListRooms(s *userdata.Scope) ([]RoomSummary, error) {
	rooms, err := c.rooms.List(s)
	if err != nil {
		return nil, err
	}
	out, err := c.summarise(s, rooms)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b RoomSummary) int {
		return cmp.Or(
			b.LastActivityAt.Compare(a.LastActivityAt),
			b.CreatedAt.Compare(a.CreatedAt),
			cmp.Compare(a.ID, b.ID),
		)
	})
	return out, nil
}

// ListTrash lists the rooms in the trash, most recently deleted first.
func (c *Core) ListTrash(s *userdata.Scope) ([]RoomSummary, error) {
	rooms, err := c.rooms.ListTrash(s)
	if err != nil {
		return nil, err
	}
	return c.summarise(s, rooms)
}

// summarise adds chat's activity to rooms, keeping their order. The two are
// read one after the other: a message arriving in between shows at the next
// refresh, as it would a moment later anyway.
func (c *Core) summarise(s *userdata.Scope, rooms []room.Room) ([]RoomSummary, error) {
	acts, err := c.chat.Activities(s)
	if err != nil {
		return nil, err
	}
	out := make([]RoomSummary, len(rooms)) // JSON [] not null: the UI lists it as is
	for i, r := range rooms {
		out[i] = summary(r, acts[r.ID], c.chat.Streaming(s.UserID(), r.ID))
	}
	return out, nil
}

func summary(r room.Room, a chat.Activity, streaming bool) RoomSummary {
	last := r.CreatedAt
	if a.LastActivityAt.After(last) {
		last = a.LastActivityAt
	}
	return RoomSummary{Room: r, LastActivityAt: last, Preview: a.Preview, PreviewRole: a.PreviewRole,
		MessageCount: a.MessageCount, Streaming: streaming}
}
