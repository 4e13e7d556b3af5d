package chat

import "parley/backend/userdata"

// CountDamaged counts the conversation records (what the room list shows of
// a conversation) that cannot be opened. Activities leaves them out, so the
// list shows those rooms as empty; this count lets the app say why.
func (s *Service) CountDamaged(scope *userdata.Scope) (int, error) {
	n := 0
	err := scope.View(func(tx *userdata.Tx) error {
		b, err := tx.Bucket(bucketState)
		if err != nil || b == nil {
			return err
		}
		return b.ForEach(func(k []byte) error {
			var st roomState
			if _, err := b.Get(k, &st); err != nil {
				if isDamage(err) {
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
