package store

import (
	"errors"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"parley/backend/apperr"
)

// compactTxSize bounds each transaction of a compaction, so a large file is
// copied without holding all of it in memory.
const compactTxSize = 8 << 20

// Compact rewrites the data file at path (closed: the caller closed it)
// into a new file holding only live pages, synced, then renamed over it.
// bbolt keeps freed pages with their old bytes until they are reused, so
// after an account is deleted its sealed data stays readable in the file;
// compaction is what removes it.
func Compact(path string) error {
	return compactFile(path, nil)
}

// PurgeBackups runs fn on every backup beside the data file at dbPath and
// compacts each, so what fn deletes (a deleted account) is gone from the
// copies too. A backup that cannot be rewritten is left as it was; the
// errors are joined.
func PurgeBackups(dbPath string, fn func(tx *bolt.Tx) error) error {
	list, err := Backups(dbPath)
	if err != nil {
		return err
	}
	var errs []error
	for _, b := range list {
		errs = append(errs, compactFile(filepath.Join(BackupDir(dbPath), b.Name), fn))
	}
	return errors.Join(errs...)
}

// compactFile runs fn (if any) on the file at path, then compacts it into a
// new file put in its place. The modification time is kept, since backups
// are listed by it.
func compactFile(path string, fn func(tx *bolt.Tx) error) (err error) {
	defer recoverCorrupt(&err)
	info, err := os.Stat(path)
	if err != nil {
		return apperr.Wrap(apperr.StoreIO, err, "cannot read the file to compact")
	}
	src, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return classifyOpenError(err)
	}
	defer src.Close()
	if fn != nil {
		if err := src.Update(fn); err != nil {
			return apperr.Wrap(apperr.StoreIO, err, "cannot rewrite the file")
		}
	}
	tmp := path + ".compact.tmp"
	_ = os.Remove(tmp) // a leftover from a crash keeps its mode; start afresh
	// New pages like Open's: a file made with 4 KiB pages comes out dense.
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{PageSize: PageSize})
	if err != nil {
		return apperr.Wrap(apperr.StoreIO, err, "cannot write the compacted file")
	}
	err = bolt.Compact(dst, src, compactTxSize)
	if closeErr := dst.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = syncFile(tmp)
	}
	if err == nil {
		_ = src.Close()
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return apperr.Wrap(apperr.StoreIO, err, "cannot write the compacted file")
	}
	syncDir(filepath.Dir(path))
	_ = os.Chtimes(path, info.ModTime(), info.ModTime())
	return nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	return err
}

// syncDir makes a rename in dir durable; where a folder cannot be synced
// (Windows) the rename is still atomic.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
