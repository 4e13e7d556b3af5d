package chat

import (
	"time"

	"parley/backend/userdata"
)

// partialInterval is how often a streaming reply's text so far is saved.
// A hard kill (power cut, SIGKILL, OS crash) then loses at most this much
// of what the learner had already read, and a long reply costs one small
// write a second, not one per token.
const partialInterval = time.Second

// keepPartial saves the reply's text so far (read with snapshot) every
// partialInterval while it streams, still marked streaming: after a kill the
// learner finds it as a dropped reply with its text and Retry. The returned
// stop ends the saving and waits for a save under way, so the final save
// (finish) is always the last write.
func (s *Service) keepPartial(scope *userdata.Scope, j *job, snapshot func() string) (stop func()) {
	quit, exited := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(exited)
		tick := time.NewTicker(partialInterval)
		defer tick.Stop()
		saved := ""
		for {
			select {
			case <-quit:
				return
			case <-tick.C:
			}
			if text := snapshot(); text != saved && s.savePartial(scope, j, text) == nil {
				saved = text
			}
		}
	}()
	return func() {
		close(quit)
		<-exited
	}
}

// savePartial writes text into the streaming reply. A failed write (a full
// disk, log-out) is left to the next tick and to finish, which reports it.
func (s *Service) savePartial(scope *userdata.Scope, j *job, text string) error {
	return scope.Update(func(tx *userdata.Tx) error {
		b, err := tx.Bucket(messagesBucket(j.roomID)...)
		if err != nil || b == nil {
			return err
		}
		// Search learns the reply when it is finished, not from each partial save.
		b.AppendOnly()
		ms := messages{b: b}
		m, err := ms.get(j.reply.ID)
		if err != nil {
			return err
		}
		if m.Status != StatusStreaming {
			return nil // already finished: never write over the final state
		}
		m.Text = text
		return ms.put(m)
	})
}
