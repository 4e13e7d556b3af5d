// Package store opens Parley's single bbolt file and keeps its schema current.
//
// The file lives in the user's config folder on computers that several people
// share, so it is created private (folder 0700, file 0600); a second copy of the
// app gets a coded "already running" error instead of hanging on the file lock,
// and a damaged file is reported, never panicked on.
package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterr "go.etcd.io/bbolt/errors"

	"parley/backend/apperr"
)

// Top-level bucket names. Everything a user owns lives under UserRoots/<userID>/.
var (
	BucketMeta      = []byte("meta")
	BucketUsers     = []byte("users")
	BucketUserRoots = []byte("u")

	keySchemaVersion = []byte("schema_version")
)

// PageSize is the page size of files Open creates.
const PageSize = 8192

// DefaultLockTimeout is how long Open waits for another Parley to let go of the file.
const DefaultLockTimeout = time.Second

// Options tune Open. The zero value is what the app uses.
type Options struct {
	// LockTimeout bounds the wait for the file lock; 0 means DefaultLockTimeout.
	LockTimeout time.Duration
	// Migrations replaces the built-in schema steps; tests use it to add a step.
	Migrations []Migration
	// Now stamps backup file names and decides which day it is; nil means time.Now.
	Now func() time.Time
	// FreeSpace reports the bytes free in a folder; nil means the OS's
	// figure. Tests use it to play a nearly full disk.
	FreeSpace func(dir string) (uint64, error)
}

// DB is an open Parley database. It is safe for concurrent use.
type DB struct {
	bolt      *bolt.DB
	path      string
	backup    BackupReport
	repackErr error
}

// Open creates or opens the database at path and brings its schema up to date.
//
// Errors are coded: apperr.StoreLocked when another process holds the file,
// apperr.StoreCorrupt when it is not a readable bbolt file, apperr.StoreTooNew
// when a newer Parley wrote it, apperr.StoreIO for file-system failures.
func Open(path string, opt Options) (db *DB, err error) {
	if opt.LockTimeout <= 0 {
		opt.LockTimeout = DefaultLockTimeout
	}
	if opt.Migrations == nil {
		opt.Migrations = Migrations
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.FreeSpace == nil {
		opt.FreeSpace = freeSpace
	}
	dir := filepath.Dir(path)
	if _, statErr := os.Stat(dir); errors.Is(statErr, os.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, apperr.Wrap(apperr.StoreIO, err, "cannot create the data folder")
		}
	}
	fresh := true
	if info, statErr := os.Stat(path); statErr == nil {
		// An empty file where the data file should be is what a truncating
		// disk or a failed copy leaves: bbolt would silently make it a new,
		// empty database and log-in would say the password is wrong.
		if info.Size() == 0 {
			return nil, damaged("the data file is empty")
		}
		fresh = false
	}

	// bbolt can panic on some malformed files; a damaged file must be an error.
	defer func() {
		if r := recover(); r != nil {
			if db != nil {
				_ = db.bolt.Close()
			}
			db, err = nil, apperr.Wrap(apperr.StoreCorrupt, fmt.Errorf("panic: %v", r), "the data file is damaged")
		}
	}()
	// A new file gets 8 KiB pages: bbolt keeps two keys back whenever it splits a page, so 4 KiB
	// pages hold only four ~600-byte messages (~1,030 bytes each) even when appended nearly
	// full, 8 KiB pages eleven (~760). An older file with 4 KiB pages is rewritten once (repack.go).
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: opt.LockTimeout, PageSize: PageSize})
	if err != nil {
		return nil, classifyOpenError(err)
	}
	db = &DB{bolt: b, path: path}
	// An existing file may have been created with a looser mode by hand or by a copy.
	_ = os.Chmod(path, 0o600)

	if err := db.migrate(opt, fresh); err != nil {
		_ = b.Close()
		return nil, err
	}
	if !fresh {
		db.backup = db.dailyBackup(opt)
		if err := db.repack(opt); err != nil {
			return nil, err
		}
	}
	return db, nil
}

// BackupReport says whether today's backup exists, or why it was skipped.
func (d *DB) BackupReport() BackupReport { return d.backup }

func classifyOpenError(err error) error {
	switch {
	case errors.Is(err, bolterr.ErrTimeout):
		return apperr.Wrap(apperr.StoreLocked, err, "Parley is already running")
	case errors.Is(err, bolterr.ErrInvalid), errors.Is(err, bolterr.ErrChecksum),
		errors.Is(err, bolterr.ErrVersionMismatch), errors.Is(err, bolterr.ErrInvalidMapping),
		// A file with no valid header, shorter than two of the pages Open asks for (bbolt has no
		// sentinel error for it).
		strings.HasPrefix(err.Error(), "file size too small"):
		return apperr.Wrap(apperr.StoreCorrupt, err, "the data file is damaged")
	default:
		return apperr.Wrap(apperr.StoreIO, err, "cannot open the data file")
	}
}

// Close releases the file and its lock.
func (d *DB) Close() error { return d.bolt.Close() }

// View runs fn in a read-only transaction. A panic from a damaged page becomes
// apperr.StoreCorrupt; errors returned by fn pass through unchanged.
func (d *DB) View(fn func(tx *bolt.Tx) error) error {
	return run(d.bolt.View, fn, "cannot read the data file")
}

// Update runs fn in a read-write transaction, committed only if fn returns nil.
// A failed commit becomes apperr.StoreIO; errors from fn pass through unchanged.
func (d *DB) Update(fn func(tx *bolt.Tx) error) error {
	return run(d.bolt.Update, fn, "cannot save to the data file")
}

// run is View and Update: it tells fn's own errors (passed through) from
// bbolt's (coded apperr.StoreIO with msg), and turns a panic into StoreCorrupt.
func run(txn func(func(*bolt.Tx) error) error, fn func(tx *bolt.Tx) error, msg string) (err error) {
	defer recoverCorrupt(&err)
	var fnErr error
	err = txn(func(tx *bolt.Tx) error {
		fnErr = fn(tx)
		return fnErr
	})
	if err != nil && fnErr == nil {
		return IOError(err, msg)
	}
	return err
}

func recoverCorrupt(err *error) {
	if r := recover(); r != nil {
		*err = apperr.Wrap(apperr.StoreCorrupt, fmt.Errorf("panic: %v", r), "the data file is damaged")
	}
}

// SchemaVersion reports the version recorded in the meta bucket (0 for a
// file that holds nothing yet). A file with data but no readable version is
// damaged (apperr.StoreCorrupt): taking it for version 0 would "migrate" over
// the damage.
func (d *DB) SchemaVersion() (int, error) {
	var v int
	err := d.View(func(tx *bolt.Tx) error {
		var err error
		v, err = readVersion(tx)
		return err
	})
	return v, err
}

func readVersion(tx *bolt.Tx) (int, error) {
	meta := tx.Bucket(BucketMeta)
	if meta == nil {
		empty := true
		_ = tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
		if empty {
			return 0, nil
		}
		return 0, damaged("the version record is missing")
	}
	raw := meta.Get(keySchemaVersion)
	if len(raw) != 8 {
		return 0, damaged("the version record is unreadable")
	}
	v := int(binary.BigEndian.Uint64(raw))
	// Every version has these buckets: one missing (a flipped byte in its
	// name) would otherwise read as "no such user" or "no rooms".
	for _, name := range [][]byte{BucketUsers, BucketUserRoots} {
		if tx.Bucket(name) == nil {
			return 0, damaged(fmt.Sprintf("the %q bucket is missing", name))
		}
	}
	return v, nil
}

func damaged(what string) error {
	return apperr.Wrap(apperr.StoreCorrupt, errors.New(what), "the data file is damaged")
}

func writeVersion(tx *bolt.Tx, v int) error {
	meta, err := tx.CreateBucketIfNotExists(BucketMeta)
	if err != nil {
		return err
	}
	var raw [8]byte
	binary.BigEndian.PutUint64(raw[:], uint64(v))
	return meta.Put(keySchemaVersion, raw[:])
}
