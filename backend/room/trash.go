package room

import (
	"cmp"
	"slices"
	"time"

	"parley/backend/apperr"
	"parley/backend/userdata"
)

// Deleting a room moves it to the trash, where it stays restorable for
// TrashRetention. A room past that is treated as gone at once (not listed,
// not restorable) even before PurgeExpired removes its bytes, so expiry never
// depends on when the app last ran a purge.

// Delete moves the selected rooms to the trash. It is all-or-nothing: if any
// id is not one of the user's rooms outside the trash, it returns
// room.not_found and no room changes.
func (s *Service) Delete(scope *userdata.Scope, ids []string) error {
	now := s.tick()
	return s.eachSelected(scope, ids, func(rec *record) bool {
		if rec.InTrash() {
			return false
		}
		rec.DeletedAt = &now
		return true
	})
}

// Restore takes the selected rooms out of the trash, all or nothing like
// Delete: an id that is not in the user's trash (or has expired) gives
// room.not_found and no room changes.
func (s *Service) Restore(scope *userdata.Scope, ids []string) error {
	now := s.tick()
	return s.eachSelected(scope, ids, func(rec *record) bool {
		if !rec.InTrash() || expired(rec, now) {
			return false
		}
		rec.DeletedAt = nil
		return true
	})
}

// eachSelected applies change to every selected room in one transaction and
// saves them; change returns false when the room may not be changed that way,
// which aborts the whole transaction with room.not_found.
func (s *Service) eachSelected(scope *userdata.Scope, ids []string, change func(*record) bool) error {
	// Bounded before any work: the list comes from the web view.
	if len(ids) > MaxSelection {
		return apperr.Field(apperr.InputTooLong, "ids", "too many rooms selected at once")
	}
	ids = uniq(ids)
	for _, id := range ids {
		if !validID(id) {
			return notFound()
		}
	}
	if len(ids) == 0 {
		return nil
	}
	return scope.Update(func(tx *userdata.Tx) error {
		for _, id := range ids {
			rec, err := s.load(tx, id)
			if err != nil {
				return err
			}
			if !change(rec) {
				return notFound()
			}
			if err := s.save(tx, rec); err != nil {
				return err
			}
		}
		return nil
	})
}

// uniq drops repeated ids, keeping the first of each, in linear time.
func uniq(ids []string) []string {
	seen := make(map[string]struct{}, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if _, dup := seen[id]; !dup {
			seen[id] = struct{}{}
			out = append(out, id)
		}
	}
	return out
}

// ListTrash returns the rooms in the user's trash, the most recently deleted
// first. Rooms whose time in the trash is up are left out.
func (s *Service) ListTrash(scope *userdata.Scope) ([]Room, error) {
	recs, err := s.all(scope)
	if err != nil {
		return nil, err
	}
	now := s.tick()
	out := []Room{} // JSON [] not null: the UI lists it as is
	for _, r := range recs {
		if r.InTrash() && !expired(r, now) {
			out = append(out, r.Room)
		}
	}
	slices.SortFunc(out, func(a, b Room) int {
		return cmp.Or(b.DeletedAt.Compare(*a.DeletedAt), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// EmptyTrash deletes every room in the user's trash for good; the OnPurge
// hooks remove what other services keep about each.
func (s *Service) EmptyTrash(scope *userdata.Scope) error {
	_, err := s.purge(scope, func(*record) bool { return true })
	return err
}

// PurgeExpired deletes for good the rooms that have been in the user's trash
// for TrashRetention or longer (running the OnPurge hooks), and returns how many.
// The app runs it when the user logs in.
func (s *Service) PurgeExpired(scope *userdata.Scope) (int, error) {
	now := s.tick()
	return s.purge(scope, func(r *record) bool { return expired(r, now) })
}

func expired(r *record, now time.Time) bool {
	return r.DeletedAt != nil && now.Sub(*r.DeletedAt) >= TrashRetention
}

// purge deletes the trashed rooms that match, and through the OnPurge hooks
// everything kept about them, in one transaction.
func (s *Service) purge(scope *userdata.Scope, match func(*record) bool) (int, error) {
	n := 0
	err := scope.Update(func(tx *userdata.Tx) error {
		n = 0
		recs, err := s.allTx(tx)
		if err != nil || len(recs) == 0 {
			return err
		}
		b, err := tx.Bucket(bucketRooms)
		if err != nil {
			return err
		}
		for _, r := range recs {
			if !r.InTrash() || !match(r) {
				continue
			}
			for _, hook := range s.onPurge {
				if err := hook(tx, r.ID); err != nil {
					return err
				}
			}
			if err := b.Delete([]byte(r.ID)); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
