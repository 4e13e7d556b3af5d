package core

import (
	"time"

	"parley/backend/integrity"
	"parley/backend/store"
)

// RestoreBackup replaces the data file at path with the backup called name
// and opens it as Open does, integrity check included. The caller has closed
// the Core it had (or never opened one: a damaged file is restored over, not
// opened). The replaced file is kept (see store.Restore); restoring it
// undoes the restore. When the restored copy cannot be opened, the restore
// stands and the error says why (Core is nil), so the learner can undo it or
// pick another. When the restore itself fails, the file in place is opened
// again and returned with the restore's error.
func RestoreBackup(path, name string, opt Options) (*Core, store.RestoreResult, error) {
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	res, err := store.Restore(path, name, now())
	if err != nil {
		c, _ := Open(path, opt)
		return c, res, err
	}
	// Nothing is known of the restored file: check it before opening.
	_ = integrity.Forget(path)
	c, err := Open(path, opt)
	return c, res, err
}
