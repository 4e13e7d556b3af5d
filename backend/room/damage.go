package room

import (
	"parley/backend/apperr"
	"parley/backend/userdata"
)

// CountDamaged counts the user's room records that cannot be opened. List
// leaves them out so one bad record hides no other room; this count lets the
// app say "2 rooms in this file are damaged" instead of showing fewer rooms
// as if nothing happened.
func (s *Service) CountDamaged(scope *userdata.Scope) (int, error) {
	n := 0
	err := scope.View(func(tx *userdata.Tx) error {
		b, err := tx.Bucket(bucketRooms)
		if err != nil || b == nil {
			return err
		}
		return b.ForEach(func(k []byte) error {
			var rec record
			if _, err := b.Get(k, &rec); err != nil {
				if code := apperr.CodeOf(err); code == apperr.StoreTampered || code == apperr.StoreCorrupt {
					n++
					return nil
				}
				return err
			}
			return nil
		})
	})
	return n, err
}
