package chat

import (
	"parley/backend/apperr"
	"parley/backend/room"
	"parley/backend/userdata"
)

// A room's messages live in msgs/<roomID> (see activity.go): the newest N
// are a reverse cursor walk, whatever the room's size.

// Page sizes for ListMessages.
const (
	defaultPageSize = 50
	maxPageSize     = 200
)

// messages is a room's message bucket inside one transaction. In a write
// transaction ch records what was saved and deleted, so watchers (the search
// index) hear of it once the transaction commits.
type messages struct {
	b  *userdata.Bucket
	ch *changeSet
}

// openMessages returns the room's bucket; in a read transaction it is nil
// when the room has no messages yet, and every read on it finds nothing.
func openMessages(tx *userdata.Tx, roomID string) (messages, error) {
	var b *userdata.Bucket
	var err error
	if tx.Writable() {
		b, err = tx.CreateBucket(messagesBucket(roomID)...)
		if err == nil {
			// Messages are appended with ascending ids: fill pages nearly full.
			b.AppendOnly()
		}
		return messages{b, &changeSet{roomID: roomID}}, err
	}
	b, err = tx.Bucket(messagesBucket(roomID)...)
	return messages{b: b}, err
}

// openRoom reads one of the user's rooms outside the trash (room.not_found
// otherwise) and opens its messages, in the caller's transaction, so no
// message is read or written for a room that is gone.
func (s *Service) openRoom(tx *userdata.Tx, roomID string) (room.Room, messages, error) {
	rm, err := s.rooms.GetTx(tx, roomID)
	if err != nil {
		return room.Room{}, messages{}, err
	}
	ms, err := openMessages(tx, roomID)
	return rm, ms, err
}

// get reads message id; a missing one is message.not_found.
func (ms messages) get(id uint64) (Message, error) {
	var m Message
	if ms.b == nil {
		return m, apperr.New(apperr.MessageNotFound, "no such message")
	}
	found, err := ms.b.Get(userdata.U64Key(id), &m)
	if err != nil {
		return m, err
	}
	if !found {
		return m, apperr.New(apperr.MessageNotFound, "no such message")
	}
	return m, nil
}

// add stores m as the newest message, giving it the next id.
func (ms messages) add(m *Message) error {
	id, err := ms.b.NextSequence()
	if err != nil {
		return err
	}
	m.ID = id
	return ms.put(*m)
}

func (ms messages) put(m Message) error {
	if err := ms.b.Put(userdata.U64Key(m.ID), m); err != nil {
		return err
	}
	ms.ch.saved(m)
	return nil
}

func (ms messages) delete(id uint64) error {
	if err := ms.b.Delete(userdata.U64Key(id)); err != nil {
		return err
	}
	ms.ch.deleted(id)
	return nil
}

// newestFirst walks messages from the newest strictly before beforeID (0 =
// from the newest) towards the oldest, unsealing only what it visits.
//
// A message whose stored value cannot be opened (changed on disk, or not
// valid JSON) is visited as damaged(id, err) instead of ending the walk: one
// bad record must not make the whole room unreadable or unusable. The stand-in
// has no text, so it is never sent to the model; the UI shows it as a failed
// line with the store error's code. Changes to the conversation read through
// last, which stays strict, so nothing is ever rewritten on a guess about what
// a damaged record held.
func (ms messages) newestFirst(beforeID uint64, visit func(Message) (stop bool)) error {
	return ms.walk(beforeID, true, visit)
}

// last returns the newest messages, newest first (at most n). A damaged one
// is an error (store.tampered or store.corrupt): callers change the
// conversation based on what these messages say.
func (ms messages) last(n int) ([]Message, error) {
	var out []Message
	err := ms.walk(0, false, func(m Message) bool {
		out = append(out, m)
		return len(out) >= n
	})
	return out, err
}

func (ms messages) walk(beforeID uint64, tolerate bool, visit func(Message) (stop bool)) error {
	if ms.b == nil {
		return nil
	}
	var before []byte
	if beforeID != 0 {
		before = userdata.U64Key(beforeID)
	}
	return ms.b.ReverseFrom(before, func(k []byte, unseal userdata.Unsealer) (bool, error) {
		id := userdata.KeyU64(k)
		var m Message
		if err := unseal(&m); err != nil {
			if !tolerate || !isDamage(err) {
				return true, err
			}
			m = damaged(id, err)
		}
		return visit(m), nil
	})
}

// isDamage reports a stored value that cannot be trusted or decoded, as
// opposed to a logged-out scope or an I/O failure, which must stop the read.
func isDamage(err error) bool {
	code := apperr.CodeOf(err)
	return code == apperr.StoreTampered || code == apperr.StoreCorrupt
}

// damaged stands in for message id whose stored value cannot be opened.
func damaged(id uint64, err error) Message {
	return Message{ID: id, Role: RoleAssistant, Status: StatusError, ErrorCode: apperr.CodeOf(err)}
}

// newestID is the id of the newest message, damaged or not (0 when none).
func (ms messages) newestID() (uint64, error) {
	var id uint64
	err := ms.newestFirst(0, func(m Message) bool { id = m.ID; return true })
	return id, err
}

// page returns up to limit messages before beforeID, oldest first, and
// whether older ones remain.
func (ms messages) page(beforeID uint64, limit int) (MessagePage, error) {
	newest := make([]Message, 0, limit+1)
	err := ms.newestFirst(beforeID, func(m Message) bool {
		newest = append(newest, m)
		return len(newest) > limit
	})
	if err != nil {
		return MessagePage{}, err
	}
	page := MessagePage{HasMore: len(newest) > limit}
	if page.HasMore {
		newest = newest[:limit]
	}
	page.Messages = make([]Message, len(newest))
	for i, m := range newest {
		page.Messages[len(newest)-1-i] = m
	}
	return page, nil
}
