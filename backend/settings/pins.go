package settings

// Pinned rooms live in the settings record so that a pin travels with the
// rest of the learner's preferences (export, import, backups).

import (
	"parley/backend/apperr"
	"parley/backend/userdata"
)

// MaxPinned bounds the pinned list; unpinning makes room again.
const MaxPinned = 100

// roomIDLen is the length of a room id (16 lowercase hex digits, see room).
const roomIDLen = 16

func validRoomID(id string) bool {
	if len(id) != roomIDLen {
		return false
	}
	for _, c := range []byte(id) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// PinnedRooms returns the ids of the pinned rooms, most recently pinned
// first. Ids of rooms deleted since may be among them; the UI shows only
// rooms it has, and the next PinRoom drops them.
func (s *Service) PinnedRooms(scope *userdata.Scope) ([]string, error) {
	st, err := load(scope)
	return append([]string{}, st.PinnedRooms...), err
}

// PinRoom pins (or unpins) a room for the room list, keeping the rest of the
// settings as they are, and returns the pinned ids. Pinning moves the room to
// the front; live tells which ids still name rooms, so pins of deleted rooms
// are dropped instead of counting against MaxPinned.
func (s *Service) PinRoom(scope *userdata.Scope, roomID string, pin bool, live func(id string) bool) ([]string, error) {
	if !validRoomID(roomID) {
		return nil, apperr.New(apperr.RoomNotFound, "no such room")
	}
	var out []string
	err := scope.Update(func(tx *userdata.Tx) error {
		b, err := tx.CreateBucket(bucketPath...)
		if err != nil {
			return err
		}
		st := defaults()
		if _, err := b.Get(settingsKey, &st); err != nil {
			return err
		}
		kept := []string{}
		if pin {
			kept = append(kept, roomID)
		}
		for _, id := range st.PinnedRooms {
			if id != roomID && live(id) {
				kept = append(kept, id)
			}
		}
		if len(kept) > MaxPinned {
			return apperr.Field(apperr.InputTooLong, "pinnedRooms", "at most 100 rooms can be pinned")
		}
		st.PinnedRooms = kept
		out = kept
		return b.Put(settingsKey, st)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
