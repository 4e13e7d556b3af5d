package core

import (
	"log"

	bolt "go.etcd.io/bbolt"

	"parley/backend/account"
	"parley/backend/apperr"
	"parley/backend/store"
)

// DeleteResult says what deleting an account rewrote.
type DeleteResult struct {
	// Compacted: the data file was rewritten without the account's bytes.
	Compacted bool `json:"compacted"`
	// BackupsPurged: the account was removed from every backup too (asked
	// for, and done).
	BackupsPurged bool `json:"backupsPurged"`
}

// DeleteAccount deletes the logged-in account (password confirmed), then
// closes c, rewrites the data file without the account's bytes (bbolt would
// keep them in free pages), and, when fromBackups, removes the account from
// every backup too; it returns the reopened Core. A failed rewrite does not
// undo the deletion: the result says what was done and the log why.
func DeleteAccount(c *Core, password string, fromBackups bool) (*Core, DeleteResult, error) {
	who, err := c.accounts.WhoAmI()
	if err != nil {
		return c, DeleteResult{}, err
	}
	if !who.LoggedIn || who.User == nil {
		return c, DeleteResult{}, apperr.New(apperr.AuthRequired, "please log in")
	}
	userID := who.User.ID
	if err := c.accounts.DeleteAccount(password); err != nil {
		return c, DeleteResult{}, err
	}
	path, opt := c.path, c.opt
	if err := c.Close(); err != nil {
		return nil, DeleteResult{}, err
	}
	var res DeleteResult
	if err := store.Compact(path); err != nil {
		log.Printf("parley: cannot compact the data file after deleting an account: %v", err)
	} else {
		res.Compacted = true
	}
	if fromBackups {
		err := store.PurgeBackups(path, func(tx *bolt.Tx) error { return account.PurgeUser(tx, userID) })
		if err != nil {
			log.Printf("parley: cannot remove the deleted account from every backup: %v", err)
		} else {
			res.BackupsPurged = true
		}
	}
	next, err := Open(path, opt)
	return next, res, err
}
