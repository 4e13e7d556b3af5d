package core

import (
	bolt "go.etcd.io/bbolt"

	"parley/backend/account"
	"parley/backend/store"
	"parley/backend/userdata"
)

// DamageReport counts what the learner's lists leave out because it cannot
// be read, so the UI names the damage ("2 rooms in this file are damaged")
// instead of showing fewer rooms or an empty conversation as if nothing
// happened. A damaged message is shown in its conversation as a failed line.
type DamageReport struct {
	// Rooms whose record cannot be opened: missing from the room list.
	Rooms int `json:"rooms"`
	// Conversations whose summary cannot be opened: listed without a
	// preview or count, their messages still readable in the room.
	Conversations int `json:"conversations"`
	// BackupSkipped says why today's backup was not made ("low_space" or
	// "error"), so the learner knows practice is not being backed up.
	BackupSkipped string `json:"backupSkipped,omitempty"`
	// AccountData: the logged-in user's own part of the file cannot be
	// found while a part that no account owns can (a damaged bucket name),
	// so an empty room list is damage, not an empty account.
	AccountData bool `json:"accountData,omitempty"`
}

// Damage counts the logged-in user's damaged records, and says whether
// today's backup was skipped.
func (c *Core) Damage(s *userdata.Scope) (DamageReport, error) {
	rooms, err := c.rooms.CountDamaged(s)
	if err != nil {
		return DamageReport{}, err
	}
	convs, err := c.chat.CountDamaged(s)
	if err != nil {
		return DamageReport{}, err
	}
	rep := DamageReport{Rooms: rooms, Conversations: convs, BackupSkipped: c.db.BackupReport().Skipped}
	err = c.db.View(func(tx *bolt.Tx) error {
		roots := tx.Bucket(store.BucketUserRoots)
		rep.AccountData = roots != nil && roots.Bucket([]byte(s.UserID())) == nil && len(account.Orphans(tx)) > 0
		return nil
	})
	return rep, err
}
