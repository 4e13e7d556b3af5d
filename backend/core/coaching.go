package core

import (
	"context"

	"parley/backend/chat"
	"parley/backend/coach"
	"parley/backend/userdata"
)

// SendMessage saves the learner's line and starts the reply (see
// chat.Service.SendMessage), then has the coach look at the line beside the
// reply: the coach starts only once the reply is streaming, on its own
// goroutine, so it cannot delay the reply nor make it fail.
func (c *Core) SendMessage(s *userdata.Scope, roomID, text string) (chat.SendResult, error) {
	res, err := c.chat.SendMessage(s, roomID, text)
	if err == nil && res.MessageID != 0 {
		c.coach.AfterLine(s, roomID, res.MessageID)
	}
	return res, err
}

// EditLastMessage replaces the learner's last line and asks again; the coach
// looks at the new wording.
func (c *Core) EditLastMessage(s *userdata.Scope, roomID, text string) (chat.SendResult, error) {
	res, err := c.chat.EditLastMessage(s, roomID, text)
	if err == nil && res.MessageID != 0 {
		c.coach.AfterLine(s, roomID, res.MessageID)
	}
	return res, err
}

// HintLadder asks the coach for a four-rung hint, as call callID, which
// CancelCall (or log-out) cancels.
func (c *Core) HintLadder(s *userdata.Scope, callID, roomID string) (coach.HintLadder, error) {
	return cancellable(c, callID, func(ctx context.Context) (coach.HintLadder, error) {
		return c.coach.Hints(ctx, s, roomID)
	})
}

// TranslateMessage translates a message into the UI language, as call callID.
func (c *Core) TranslateMessage(s *userdata.Scope, callID, roomID string, messageID uint64) (coach.Translation, error) {
	return cancellable(c, callID, func(ctx context.Context) (coach.Translation, error) {
		return c.coach.Translate(ctx, s, roomID, messageID)
	})
}

// HowDoISay gives ways to say text in the room's language, as call callID.
func (c *Core) HowDoISay(s *userdata.Scope, callID, roomID, text string) (coach.Ways, error) {
	return cancellable(c, callID, func(ctx context.Context) (coach.Ways, error) {
		return c.coach.HowDoISay(ctx, s, roomID, text)
	})
}

// EndSession closes the room's session with a debrief, as call callID.
func (c *Core) EndSession(s *userdata.Scope, callID, roomID string) (coach.Debrief, error) {
	return cancellable(c, callID, func(ctx context.Context) (coach.Debrief, error) {
		return c.coach.EndSession(ctx, s, roomID)
	})
}
