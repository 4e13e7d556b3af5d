package core

import (
	"context"

	"parley/backend/speech"
	"parley/backend/userdata"
)

// StopRecording ends a recording and transcribes it under call id
// recordingID (a recording id is a valid call id), so Esc (CancelCall) can
// drop a transcription still under way.
func (c *Core) StopRecording(s *userdata.Scope, roomID, recordingID string) (speech.Transcript, error) {
	return cancellable(c, recordingID, func(ctx context.Context) (speech.Transcript, error) {
		return c.speech.StopRecording(ctx, s, roomID, recordingID)
	})
}

// TranscribeUpload transcribes what the web view recorded under call id callID.
func (c *Core) TranscribeUpload(s *userdata.Scope, callID, roomID string, up speech.Upload) (speech.Transcript, error) {
	return cancellable(c, callID, func(ctx context.Context) (speech.Transcript, error) {
		return c.speech.TranscribeUpload(ctx, s, roomID, up)
	})
}
