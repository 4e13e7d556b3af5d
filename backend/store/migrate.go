package store

import (
	"errors"
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"

	"parley/backend/apperr"
)

// Migration moves the schema from version To-1 to To inside the migration transaction.
type Migration struct {
	To    int
	Name  string
	Apply func(tx *bolt.Tx) error
}

// Migrations are the built-in schema steps, in order. The schema version of a
// file is the To of the last step applied to it.
var Migrations = []Migration{
	{To: 1, Name: "create meta, users and per-user roots", Apply: func(tx *bolt.Tx) error {
		for _, name := range [][]byte{BucketMeta, BucketUsers, BucketUserRoots} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	}},
}

// migrate applies every pending step in one transaction, after writing a backup
// copy of the file to the backups folder, so a failed or buggy step can never
// lose data. A file whose version cannot be read is damaged and never migrated.
// A brand-new file has nothing to lose and gets no backup.
func (d *DB) migrate(opt Options, fresh bool) error {
	target := 0
	for i, m := range opt.Migrations {
		if m.To != i+1 {
			return apperr.New(apperr.Internal, fmt.Sprintf("migration %q is out of order", m.Name))
		}
		target = m.To
	}
	current, err := d.SchemaVersion()
	if err != nil {
		return err
	}
	if current > target {
		return apperr.New(apperr.StoreTooNew, fmt.Sprintf("the data file was written by a newer Parley (schema %d, this build knows %d)", current, target))
	}
	if current == target {
		return nil
	}
	if !fresh {
		if err := d.migrationBackup(current, opt.Now()); err != nil {
			return err
		}
	}
	return d.Update(func(tx *bolt.Tx) error {
		for _, m := range opt.Migrations[current:] {
			if err := m.Apply(tx); err != nil {
				return apperr.Wrap(apperr.StoreIO, err, fmt.Sprintf("migration %q failed", m.Name))
			}
		}
		return writeVersion(tx, target)
	})
}

// Backup writes a consistent copy of the database to dest (mode 0600) with
// tx.WriteTo, via a temporary file renamed into place, and returns dest.
//
// The temporary file is always created afresh: reusing one left by a crash
// would keep that file's mode (O_TRUNC does not reset it), and the copy holds
// every account's wrapped keys and sealed data.
func (d *DB) Backup(dest string) (string, error) {
	tmp := dest + ".tmp"
	if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", apperr.Wrap(apperr.StoreIO, err, "cannot write a backup of the data file")
	}
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return "", apperr.Wrap(apperr.StoreIO, err, "cannot write a backup of the data file")
	}
	err = d.View(func(tx *bolt.Tx) error {
		_, err := tx.WriteTo(f)
		return err
	})
	if err == nil {
		err = f.Sync()
	}
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Rename(tmp, dest)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return "", IOError(err, "cannot write a backup of the data file")
	}
	return dest, nil
}
