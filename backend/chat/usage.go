package chat

import (
	"parley/backend/llm"
	"parley/backend/models"
	"parley/backend/userdata"
)

// AddUsage counts a request made about a room beside its conversation (the
// coach's feedback, hints, translations) in the room's usage, since those
// were paid for too. A room that is gone or in the trash is room.not_found.
func (s *Service) AddUsage(scope *userdata.Scope, roomID, model string, u llm.Usage) error {
	cost, priced := models.Cost(model, u.PromptTokens, u.CompletionTokens)
	return scope.Update(func(tx *userdata.Tx) error {
		_, ms, err := s.openRoom(tx, roomID)
		if err != nil {
			return err
		}
		st, err := s.loadState(tx, roomID, ms)
		if err != nil {
			return err
		}
		st.addUsage(Usage(u), cost, priced)
		if err := addToLedger(tx, s.tick(), model, Usage(u), cost, priced); err != nil {
			return err
		}
		return putState(tx, roomID, st)
	})
}
