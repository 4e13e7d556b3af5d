// Package userdata is the only way to read or write a user's data.
//
// A Scope is one logged-in user's sealed view of the database: every bucket it
// opens lies under u/<userID>/, and every value is JSON sealed with the user's
// data key. Ownership is therefore structural — there is no call that takes a
// bare room id and could reach another user's bucket — and the associated data
// of each sealed value names the user, the bucket path and the key, so a value
// copied or moved on disk fails to open with apperr.StoreTampered.
package userdata

import (
	"encoding/binary"
	"errors"

	bolt "go.etcd.io/bbolt"

	"parley/backend/apperr"
	"parley/backend/store"
	"parley/backend/vault"
)

// Scope is one logged-in user's sealed view of the database. It is safe for
// concurrent use. Once the user logs out (the key is zeroed), every call fails
// with apperr.AuthRequired, so a service still holding an old Scope can neither
// read nor change anything.
type Scope struct {
	db     *store.DB
	userID string
	key    *vault.Key
}

// New returns the scope of userID, whose data key is key. Only the account
// service calls it, right after unwrapping the key at log-in.
func New(db *store.DB, userID string, key *vault.Key) *Scope {
	return &Scope{db: db, userID: userID, key: key}
}

// UserID is the id of the user this scope belongs to.
func (s *Scope) UserID() string { return s.userID }

// View runs fn in a read-only transaction over the user's buckets.
// Errors returned by fn pass through unchanged.
func (s *Scope) View(fn func(tx *Tx) error) error {
	if s.key.IsZeroed() {
		return errLoggedOut()
	}
	return s.db.View(func(btx *bolt.Tx) error {
		var root *bolt.Bucket
		if roots := btx.Bucket(store.BucketUserRoots); roots != nil {
			root = roots.Bucket([]byte(s.userID))
		}
		return fn(&Tx{scope: s, tx: btx, root: root})
	})
}

// Update runs fn in a read-write transaction over the user's buckets; nothing
// is written unless fn returns nil. Errors returned by fn pass through unchanged.
func (s *Scope) Update(fn func(tx *Tx) error) error {
	if s.key.IsZeroed() {
		return errLoggedOut()
	}
	return s.db.Update(func(btx *bolt.Tx) error {
		roots, err := btx.CreateBucketIfNotExists(store.BucketUserRoots)
		if err != nil {
			return storeErr(err)
		}
		root, err := roots.CreateBucketIfNotExists([]byte(s.userID))
		if err != nil {
			return storeErr(err)
		}
		return fn(&Tx{scope: s, tx: btx, root: root})
	})
}

// Tx is a transaction restricted to one user's buckets. It is valid only inside
// the View or Update callback that received it.
type Tx struct {
	scope *Scope
	tx    *bolt.Tx
	root  *bolt.Bucket // nil in a View when the user has never written anything
}

// Writable reports whether this is an Update transaction.
func (t *Tx) Writable() bool { return t.tx.Writable() }

// Bucket opens the bucket at path (e.g. "rooms" or "messages", roomID) under
// the user's root. It returns (nil, nil) when the bucket does not exist.
func (t *Tx) Bucket(path ...string) (*Bucket, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	b := t.root
	for _, name := range path {
		if b == nil {
			return nil, nil
		}
		b = b.Bucket([]byte(name))
	}
	if b == nil {
		return nil, nil
	}
	return &Bucket{tx: t, b: b, path: append([]string(nil), path...)}, nil
}

// CreateBucket opens the bucket at path, creating it and any missing parents.
// Update only.
func (t *Tx) CreateBucket(path ...string) (*Bucket, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	if !t.tx.Writable() {
		return nil, apperr.New(apperr.Internal, "userdata: CreateBucket in a read-only transaction")
	}
	b := t.root
	for _, name := range path {
		next, err := b.CreateBucketIfNotExists([]byte(name))
		if err != nil {
			return nil, storeErr(err)
		}
		b = next
	}
	return &Bucket{tx: t, b: b, path: append([]string(nil), path...)}, nil
}

// DeleteBucket removes the bucket at path and everything in it. Deleting a
// bucket that does not exist is not an error. Update only.
func (t *Tx) DeleteBucket(path ...string) error {
	if err := checkPath(path); err != nil {
		return err
	}
	if !t.tx.Writable() {
		return apperr.New(apperr.Internal, "userdata: DeleteBucket in a read-only transaction")
	}
	parent := t.root
	for _, name := range path[:len(path)-1] {
		parent = parent.Bucket([]byte(name))
		if parent == nil {
			return nil
		}
	}
	err := parent.DeleteBucket([]byte(path[len(path)-1]))
	if errors.Is(err, bolt.ErrBucketNotFound) {
		return nil
	}
	return storeErr(err)
}

// checkPath refuses empty paths and names; every other byte string is a valid
// bucket name because the associated data length-prefixes each segment.
func checkPath(path []string) error {
	if len(path) == 0 {
		return apperr.New(apperr.Internal, "userdata: empty bucket path")
	}
	for _, name := range path {
		if name == "" {
			return apperr.New(apperr.Internal, "userdata: empty bucket name")
		}
	}
	return nil
}

// U64Key encodes n big-endian, so byte order is numeric order in a bucket.
func U64Key(n uint64) []byte {
	k := make([]byte, 8)
	binary.BigEndian.PutUint64(k, n)
	return k
}

// KeyU64 decodes a key made by U64Key; any other key gives 0.
func KeyU64(k []byte) uint64 {
	if len(k) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(k)
}

func errLoggedOut() error {
	return apperr.New(apperr.AuthRequired, "please log in")
}

// storeErr codes a bbolt error from inside a transaction; nil stays nil.
func storeErr(err error) error {
	if err == nil {
		return nil
	}
	var coded *apperr.Error
	if errors.As(err, &coded) {
		return err
	}
	return apperr.Wrap(apperr.StoreIO, err, "cannot save to the data file")
}
