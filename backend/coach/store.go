package coach

import (
	"slices"
	"strings"

	"parley/backend/apperr"
	"parley/backend/room"
	"parley/backend/userdata"
)

const (
	bucketNotes    = "coach"
	bucketRooms    = "coachrooms"
	bucketDebriefs = "coachdebriefs"
)

func notesBucket(roomID string) []string { return []string{bucketNotes, roomID} }

// note is what the coach keeps about one message.
type note struct {
	Feedback *Feedback `json:"feedback,omitempty"`
	// Translations of the message, by UI language.
	Translations map[string]cachedTranslation `json:"translations,omitempty"`
	// HintRung is the highest hint rung the learner opened before writing
	// this line (0: none).
	HintRung int `json:"hintRung,omitempty"`
}

// roomRecord is what the coach keeps about one room.
type roomRecord struct {
	Mode     string `json:"mode,omitempty"` // "" is ModeOn
	GoalsMet []int  `json:"goalsMet,omitempty"`
	// PendingRung is the hint rung reached since the learner's last line;
	// their next line takes it.
	PendingRung int `json:"pendingRung,omitempty"`
	// SessionFrom is the last message of the last debriefed session (0:
	// none); the current session is the messages after it.
	SessionFrom uint64 `json:"sessionFrom,omitempty"`
}

func (r roomRecord) mode() string {
	if r.Mode == "" {
		return ModeOn
	}
	return r.Mode
}

func getRoomRecord(tx *userdata.Tx, roomID string) (roomRecord, error) {
	var r roomRecord
	b, err := tx.Bucket(bucketRooms)
	if err != nil || b == nil {
		return r, err
	}
	_, err = b.Get([]byte(roomID), &r)
	if isDamage(err) {
		// A damaged record only loses the mode and goals: start afresh.
		return roomRecord{}, nil
	}
	return r, err
}

func putRoomRecord(tx *userdata.Tx, roomID string, r roomRecord) error {
	b, err := tx.CreateBucket(bucketRooms)
	if err != nil {
		return err
	}
	return b.Put([]byte(roomID), r)
}

func getNote(tx *userdata.Tx, roomID string, id uint64) (note, error) {
	var n note
	b, err := tx.Bucket(notesBucket(roomID)...)
	if err != nil || b == nil {
		return n, err
	}
	_, err = b.Get(userdata.U64Key(id), &n)
	if isDamage(err) {
		return note{}, nil
	}
	return n, err
}

func putNote(tx *userdata.Tx, roomID string, id uint64, n note) error {
	b, err := tx.CreateBucket(notesBucket(roomID)...)
	if err != nil {
		return err
	}
	return b.Put(userdata.U64Key(id), n)
}

func isDamage(err error) bool {
	code := apperr.CodeOf(err)
	return code == apperr.StoreTampered || code == apperr.StoreCorrupt
}

// PurgeRoom deletes what the coach keeps about a room; the app registers it
// as a room purge hook.
func PurgeRoom(tx *userdata.Tx, roomID string) error {
	if err := tx.DeleteBucket(notesBucket(roomID)...); err != nil {
		return err
	}
	if err := tx.DeleteBucket(debriefsBucket(roomID)...); err != nil {
		return err
	}
	b, err := tx.Bucket(bucketRooms)
	if err != nil || b == nil {
		return err
	}
	return b.Delete([]byte(roomID))
}

// MaxGoals bounds how many goals a room's goal text is split into.
const MaxGoals = 6

// GoalsOf returns a room's can-do goals, in lang where they are known in
// it: a preset's missions while the room keeps the preset's goal text, or
// else its goal text split at line breaks, semicolons and bullets, so a
// learner can write several.
func GoalsOf(rm room.Room, lang string) []string {
	if p, ok := room.PresetByID(rm.PresetID); ok && len(p.Missions) > 0 && strings.TrimSpace(rm.Goal) == p.Goals.In(rm.Language) {
		out := make([]string, len(p.Missions))
		for i, m := range p.Missions {
			if out[i] = m.In(lang); out[i] == "" {
				out[i] = m.In(rm.Language)
			}
		}
		return out
	}
	f := func(r rune) bool { return r == '\n' || r == ';' || r == '；' || r == '•' }
	var out []string
	for _, part := range strings.FieldsFunc(rm.Goal, f) {
		part = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(part), "-*0123456789.) "))
		if part != "" && !slices.Contains(out, part) && len(out) < MaxGoals {
			out = append(out, part)
		}
	}
	return out
}

// SetMode sets a room's coach mode (on, request or off).
func (s *Service) SetMode(scope *userdata.Scope, roomID, mode string) error {
	if !slices.Contains(Modes, mode) {
		return apperr.Field(apperr.InputInvalid, "coachMode", "the coach mode must be on, request or off")
	}
	if _, err := s.rooms.Get(scope, roomID); err != nil {
		return err
	}
	return scope.Update(func(tx *userdata.Tx) error {
		r, err := getRoomRecord(tx, roomID)
		if err != nil {
			return err
		}
		r.Mode = mode
		return putRoomRecord(tx, roomID, r)
	})
}

// RoomCoaching returns a room's coach mode, its goals and every feedback
// kept, oldest line first.
func (s *Service) RoomCoaching(scope *userdata.Scope, roomID string) (RoomCoaching, error) {
	rm, err := s.rooms.Get(scope, roomID)
	if err != nil {
		return RoomCoaching{}, err
	}
	out := RoomCoaching{RoomID: roomID, Feedback: []Feedback{}, Rungs: []LineRung{}}
	// Read before the transaction, never inside it: the settings are read in a transaction of their
	// own, and a read opened inside another deadlocks bbolt when a write between the two grows the
	// file (its remap waits for the outer read, the inner one waits behind the remap).
	goals := GoalsOf(rm, s.uiLanguage(scope))
	err = scope.View(func(tx *userdata.Tx) error {
		r, err := getRoomRecord(tx, roomID)
		if err != nil {
			return err
		}
		out.Mode = r.mode()
		out.Goals = goalList(goals, r.GoalsMet)
		b, err := tx.Bucket(notesBucket(roomID)...)
		if err != nil || b == nil {
			return err
		}
		return b.ForEach(func(k []byte) error {
			var n note
			if _, err := b.Get(k, &n); err != nil {
				if isDamage(err) {
					return nil
				}
				return err
			}
			if n.Feedback != nil {
				out.Feedback = append(out.Feedback, *n.Feedback)
			}
			if n.HintRung > 0 {
				out.Rungs = append(out.Rungs, LineRung{MessageID: userdata.KeyU64(k), Rung: n.HintRung})
			}
			return nil
		})
	})
	return out, err
}

func goalList(goals []string, met []int) []Goal {
	out := make([]Goal, len(goals))
	for i, g := range goals {
		out[i] = Goal{Text: g, Met: slices.Contains(met, i+1)}
	}
	return out
}
