package coach

// Kept debriefs: one sealed record per session, keyed by the debrief's id, in a
// bucket per room.

import (
	"parley/backend/apperr"
	"parley/backend/userdata"
)

func debriefsBucket(roomID string) []string { return []string{bucketDebriefs, roomID} }

// Debriefs returns the room's past debriefs, newest first.
func (s *Service) Debriefs(scope *userdata.Scope, roomID string) ([]Debrief, error) {
	if _, err := s.rooms.Get(scope, roomID); err != nil {
		return nil, err
	}
	out := []Debrief{}
	err := scope.View(func(tx *userdata.Tx) error {
		b, err := tx.Bucket(debriefsBucket(roomID)...)
		if err != nil || b == nil {
			return err
		}
		return b.ReverseFrom(nil, func(_ []byte, unseal userdata.Unsealer) (bool, error) {
			var d Debrief
			if err := unseal(&d); err != nil {
				if isDamage(err) {
					return false, nil
				}
				return true, err
			}
			out = append(out, d)
			return false, nil
		})
	})
	return out, err
}

// DebriefByID returns one of the room's debriefs.
func (s *Service) DebriefByID(scope *userdata.Scope, roomID string, id uint64) (Debrief, error) {
	if _, err := s.rooms.Get(scope, roomID); err != nil {
		return Debrief{}, err
	}
	var d Debrief
	err := scope.View(func(tx *userdata.Tx) error {
		b, err := tx.Bucket(debriefsBucket(roomID)...)
		if err != nil {
			return err
		}
		found := false
		if b != nil {
			found, err = b.Get(userdata.U64Key(id), &d)
			if err != nil {
				return err
			}
		}
		if !found {
			return apperr.New(apperr.CoachDebriefNotFound, "no such debrief")
		}
		return nil
	})
	return d, err
}
