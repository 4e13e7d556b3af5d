package chat

import (
	"parley/backend/apperr"
	"parley/backend/userdata"
)

// AppendMessages adds finished lines to the end of a room's conversation as
// if they had been said: learner lines and done replies, stored exactly as
// SendMessage and a finished reply store them, with the room's record
// (count, preview, last activity) kept in step. Benchmarks and the seeding
// tool use it to build a year of practice in seconds. Ids are assigned here;
// a zero CreatedAt means now. It writes nothing while a reply streams there.
func (s *Service) AppendMessages(scope *userdata.Scope, roomID string, msgs []Message) error {
	for _, m := range msgs {
		if (m.Role != RoleUser && m.Role != RoleAssistant) || m.Text == "" {
			return apperr.Field(apperr.InputInvalid, "messages", "only learner lines and replies with text can be added")
		}
	}
	a, err := s.claim(scope, roomID)
	if err != nil {
		return err
	}
	defer close(a.done)
	defer s.release(scope, roomID, a)
	var changed *changeSet
	err = scope.Update(func(tx *userdata.Tx) error {
		_, ms, err := s.openRoom(tx, roomID)
		if err != nil {
			return err
		}
		changed = ms.ch
		st, err := s.loadState(tx, roomID, ms)
		if err != nil {
			return err
		}
		for _, m := range msgs {
			m.Status, m.ErrorCode = StatusDone, ""
			if m.CreatedAt.IsZero() {
				m.CreatedAt = s.tick()
			}
			if err := ms.add(&m); err != nil {
				return err
			}
			st.touch(m.CreatedAt, 1, m.Text, m.Role)
		}
		return putState(tx, roomID, st)
	})
	if err == nil {
		s.publish(scope, changed)
	}
	return err
}
