package chat

import (
	"parley/backend/apperr"
	"parley/backend/userdata"
)

// What search needs of chat: every message of the user, read once to build an
// index in memory (scan.go), and the page of a room around one message.

// ListMessagesAround returns the page of a room around messageID, oldest
// first: about half of limit before it, the message itself, and the rest
// after it. HasMore says older messages remain, HasNewer that newer ones do.
// A message that is not in the room is message.not_found.
func (s *Service) ListMessagesAround(scope *userdata.Scope, roomID string, messageID uint64, limit int) (MessagePage, error) {
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
		if _, err := ms.get(messageID); err != nil {
			return err
		}
		older, err := ms.page(messageID+1, limit/2+1) // up to and including the message
		if err != nil {
			return err
		}
		newer, more, err := ms.after(messageID, limit-len(older.Messages))
		if err != nil {
			return err
		}
		page = MessagePage{Messages: append(older.Messages, newer...), HasMore: older.HasMore, HasNewer: more}
		return nil
	})
	if err != nil {
		return MessagePage{}, err
	}
	s.showDropped(scope, roomID, page.Messages)
	return page, nil
}

// after returns up to limit messages after afterID, oldest first, and
// whether newer ones remain. Damaged ones stand in as in page.
func (ms messages) after(afterID uint64, limit int) ([]Message, bool, error) {
	if ms.b == nil {
		return nil, false, apperr.New(apperr.MessageNotFound, "no such message")
	}
	var out []Message
	more := false
	err := ms.b.ForwardFrom(userdata.U64Key(afterID), func(k []byte, unseal userdata.Unsealer) (bool, error) {
		if len(out) >= limit {
			more = true
			return true, nil
		}
		var m Message
		if err := unseal(&m); err != nil {
			if !isDamage(err) {
				return true, err
			}
			m = damaged(userdata.KeyU64(k), err)
		}
		out = append(out, m)
		return false, nil
	})
	return out, more, err
}

// MessagesByID reads the given messages of a room (those that exist and can
// be read), for search results. A room that is not the user's or is in the
// trash gives room.not_found.
func (s *Service) MessagesByID(scope *userdata.Scope, roomID string, ids []uint64) (map[uint64]Message, error) {
	out := make(map[uint64]Message, len(ids))
	err := scope.View(func(tx *userdata.Tx) error {
		_, ms, err := s.openRoom(tx, roomID)
		if err != nil {
			return err
		}
		for _, id := range ids {
			m, err := ms.get(id)
			switch {
			case err == nil:
				out[id] = m
			case apperr.CodeOf(err) == apperr.MessageNotFound || isDamage(err):
			default:
				return err
			}
		}
		return nil
	})
	return out, err
}
