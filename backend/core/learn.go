package core

import (
	"context"

	"parley/backend/audio"
	"parley/backend/lookup"
	"parley/backend/userdata"
)

// SpeakMessage speaks a message aloud under call id callID, so Stop (CancelCall)
// can end a fetch that is still under way.
func (c *Core) SpeakMessage(s *userdata.Scope, callID, roomID string, messageID uint64, speed float64) (audio.Clip, error) {
	return cancellable(c, callID, func(ctx context.Context) (audio.Clip, error) {
		return c.audio.SpeakMessage(ctx, s, roomID, messageID, speed)
	})
}

// SpeakText speaks a phrase (a phrasebook entry) under call id callID.
func (c *Core) SpeakText(s *userdata.Scope, callID, text string, speed float64) (audio.Clip, error) {
	return cancellable(c, callID, func(ctx context.Context) (audio.Clip, error) {
		return c.audio.SpeakText(ctx, s, text, speed)
	})
}

// LookupWord explains a tapped word under call id callID.
func (c *Core) LookupWord(s *userdata.Scope, callID string, r lookup.Request) (lookup.WordInfo, error) {
	return cancellable(c, callID, func(ctx context.Context) (lookup.WordInfo, error) {
		return c.lookups.Lookup(ctx, s, r)
	})
}
