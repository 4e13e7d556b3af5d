package core

import (
	"context"

	"parley/backend/chat"
	"parley/backend/userdata"
)

// ListMessages pages a room's conversation backwards from beforeID (0 = newest).
func (c *Core) ListMessages(roomID string, beforeID uint64, limit int) (chat.MessagePage, error) {
	return withScope(c, func(s *userdata.Scope) (chat.MessagePage, error) {
		return c.chat.ListMessages(s, roomID, beforeID, limit)
	})
}

// OpenScene asks the AI for its opening line in an empty room.
func (c *Core) OpenScene(roomID string) (chat.SendResult, error) {
	return withScope(c, func(s *userdata.Scope) (chat.SendResult, error) { return c.chat.OpenScene(s, roomID) })
}

// SendMessage saves the learner's line and starts streaming the reply.
func (c *Core) SendMessage(roomID, text string) (chat.SendResult, error) {
	return withScope(c, func(s *userdata.Scope) (chat.SendResult, error) { return c.chat.SendMessage(s, roomID, text) })
}

// StopReply stops the room's streaming reply, keeping its text.
func (c *Core) StopReply(roomID string) error {
	return withScopeErr(c, func(s *userdata.Scope) error { return c.chat.StopReply(s, roomID) })
}

// RetryReply asks again after a failed or stopped reply.
func (c *Core) RetryReply(roomID string) (chat.SendResult, error) {
	return withScope(c, func(s *userdata.Scope) (chat.SendResult, error) { return c.chat.RetryReply(s, roomID) })
}

// RegenerateReply asks for another take, keeping the old one as an alternative.
func (c *Core) RegenerateReply(roomID string) (chat.SendResult, error) {
	return withScope(c, func(s *userdata.Scope) (chat.SendResult, error) { return c.chat.RegenerateReply(s, roomID) })
}

// EditLastMessage replaces the learner's last line and asks again.
func (c *Core) EditLastMessage(roomID, text string) (chat.SendResult, error) {
	return withScope(c, func(s *userdata.Scope) (chat.SendResult, error) { return c.chat.EditLastMessage(s, roomID, text) })
}

// SelectAlternative flips a reply to another of its takes.
func (c *Core) SelectAlternative(roomID string, messageID uint64, index int) (chat.Message, error) {
	return withScope(c, func(s *userdata.Scope) (chat.Message, error) {
		return c.chat.SelectAlternative(s, roomID, messageID, index)
	})
}

// SuggestReply proposes a line the learner could say next; it is not kept.
func (c *Core) SuggestReply(ctx context.Context, roomID string) (string, error) {
	return withScope(c, func(s *userdata.Scope) (string, error) { return c.chat.SuggestReply(ctx, s, roomID) })
}

// RoomUsage adds up the tokens a room used, with a cost estimate where known.
func (c *Core) RoomUsage(roomID string) (chat.RoomUsage, error) {
	return withScope(c, func(s *userdata.Scope) (chat.RoomUsage, error) { return c.chat.RoomUsage(s, roomID) })
}
