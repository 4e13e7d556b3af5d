package chat

import (
	"parley/backend/apperr"
	"parley/backend/userdata"
)

// Reading a room's history, its cost, and flipping between versions of a
// regenerated reply: the calls that change no reply in flight.

// ListMessages returns up to limit messages of a room before beforeID (0 =
// the newest), oldest first. It reads only the page, whatever the room's size.
// A reply left "streaming" by a crash or a killed app shows as failed with
// llm.dropped, so the learner can retry it.
func (s *Service) ListMessages(scope *userdata.Scope, roomID string, beforeID uint64, limit int) (MessagePage, error) {
	if limit <= 0 {
		limit = defaultPageSize
	}
	limit = min(limit, maxPageSize)
	var page MessagePage
	err := scope.View(func(tx *userdata.Tx) error {
		_, ms, err := s.openRoom(tx, roomID)
		if err != nil {
			return err
		}
		page, err = ms.page(beforeID, limit)
		return err
	})
	if err != nil {
		return MessagePage{}, err
	}
	s.showDropped(scope, roomID, page.Messages)
	return page, nil
}

// showDropped marks replies that are "streaming" with nothing streaming them.
func (s *Service) showDropped(scope *userdata.Scope, roomID string, msgs []Message) {
	live, streaming := s.streamingReply(scope.UserID(), roomID)
	for i, m := range msgs {
		if m.Status == StatusStreaming && (!streaming || live != m.ID) {
			msgs[i] = asDropped(m)
		}
	}
}

// asDropped is how a reply interrupted by the app going away looks.
func asDropped(m Message) Message {
	m.Status, m.ErrorCode = StatusError, apperr.LLMDropped
	return m
}

// RoomUsage is what a room's requests have cost, with an estimated price
// where the models are known.
func (s *Service) RoomUsage(scope *userdata.Scope, roomID string) (RoomUsage, error) {
	var st roomState
	err := scope.View(func(tx *userdata.Tx) error {
		if _, err := s.rooms.GetTx(tx, roomID); err != nil {
			return err
		}
		var err error
		st, _, err = readState(tx, roomID)
		return err
	})
	if err != nil {
		return RoomUsage{}, err
	}
	u := st.Usage
	return RoomUsage{PromptTokens: u.PromptTokens, CompletionTokens: u.CompletionTokens,
		EstimatedCostUSD: u.CostUSD, CostKnown: !u.Unpriced}, nil
}

// SelectAlternative shows another version of a regenerated reply.
func (s *Service) SelectAlternative(scope *userdata.Scope, roomID string, messageID uint64, index int) (Message, error) {
	if live, streaming := s.streamingReply(scope.UserID(), roomID); streaming && (live == messageID || live == 0) {
		return Message{}, apperr.New(apperr.RoomBusy, "this reply is still being written")
	}
	var out Message
	var changed *changeSet
	err := scope.Update(func(tx *userdata.Tx) error {
		_, ms, err := s.openRoom(tx, roomID)
		if err != nil {
			return err
		}
		changed = ms.ch
		m, err := ms.get(messageID)
		if err != nil {
			return err
		}
		if index < 0 || index >= len(m.Alternatives) {
			return apperr.Field(apperr.InputInvalid, "index", "no such alternative")
		}
		m.ActiveAlt, m.Text, m.ErrorCode = index, m.Alternatives[index], ""
		m.Status = StatusDone
		m.CutOff = index < len(m.AltCutOff) && m.AltCutOff[index]
		if index < len(m.AltStatuses) {
			m.Status = m.AltStatuses[index]
		}
		if err := ms.put(m); err != nil {
			return err
		}
		out = m
		newest, err := ms.newestID()
		if err != nil || newest != m.ID {
			return err
		}
		st, err := s.loadState(tx, roomID, ms)
		if err != nil {
			return err
		}
		st.touch(s.tick(), 0, m.Text, m.Role)
		return putState(tx, roomID, st)
	})
	if err == nil {
		s.publish(scope, changed)
	}
	return out, err
}
