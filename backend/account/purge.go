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

// Orphans lists the per-user buckets (u/<id>) that no account record owns.
// A flipped byte in a bucket's name leaves one behind and makes its owner's
// data vanish: the app reports it rather than show an empty account.
func Orphans(tx *bolt.Tx) []string {
	owned := map[string]bool{}
	if users := tx.Bucket(store.BucketUsers); users != nil {
		_ = users.ForEach(func(_, v []byte) error {
			var rec struct {
				ID string `json:"id"`
			}
			if v != nil && json.Unmarshal(v, &rec) == nil {
				owned[rec.ID] = true
			}
			return nil
		})
	}
	var out []string
	if roots := tx.Bucket(store.BucketUserRoots); roots != nil {
		_ = roots.ForEachBucket(func(k []byte) error {
			if !owned[string(k)] {
				out = append(out, string(k))
			}
			return nil
		})
	}
	return out
}
