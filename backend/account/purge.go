package account

import (
	"encoding/json"

	bolt "go.etcd.io/bbolt"

	"parley/backend/store"
)

// PurgeUser deletes, in tx, the account record of userID and everything it
// owns (u/<userID>). DeleteAccount does this to the data file; the app runs
// it on the backups when the learner asks to be removed from them too.
// Records are matched by the id inside them, so a backup made before a
// rename still loses the right one.
func PurgeUser(tx *bolt.Tx, userID string) error {
	if users := tx.Bucket(store.BucketUsers); users != nil {
		var doomed [][]byte
		err := users.ForEach(func(k, v []byte) error {
			var rec struct {
				ID string `json:"id"`
			}
			if v != nil && json.Unmarshal(v, &rec) == nil && rec.ID == userID {
				doomed = append(doomed, append([]byte(nil), k...))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range doomed {
			if err := users.Delete(k); err != nil {
				return err
			}
		}
	}
	if roots := tx.Bucket(store.BucketUserRoots); roots != nil && roots.Bucket([]byte(userID)) != nil {
		return roots.DeleteBucket([]byte(userID))
	}
	return nil
}
