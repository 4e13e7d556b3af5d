package userdata

import (
	"bytes"

	bolt "go.etcd.io/bbolt"
)

// Walk visits everything the user has stored, whatever service wrote it: each
// bucket under the user's root (depth first, in byte order) with its
// sequence number, then each value in it with a function that unseals it.
// Account export uses it, so data a later feature adds is exported without
// the exporter knowing its shape. Paths and keys passed to fn are copies.
func (t *Tx) Walk(bucket func(path []string, seq uint64) error, value func(path []string, key []byte, unseal Unsealer) error) error {
	if t.root == nil {
		return nil
	}
	return t.walk(t.root, nil, bucket, value)
}

func (t *Tx) walk(b *bolt.Bucket, path []string, bucket func([]string, uint64) error, value func([]string, []byte, Unsealer) error) error {
	if len(path) > 0 {
		if err := bucket(append([]string(nil), path...), b.Sequence()); err != nil {
			return err
		}
		ub := &Bucket{tx: t, b: b, path: append([]string(nil), path...)}
		err := b.ForEach(func(k, v []byte) error {
			if v == nil {
				return nil
			}
			key, sealed := bytes.Clone(k), v
			return value(ub.path, key, func(dst any) error { return ub.unseal(key, sealed, dst) })
		})
		if err != nil {
			return err
		}
	}
	return b.ForEachBucket(func(k []byte) error {
		child := b.Bucket(k)
		if child == nil {
			return nil
		}
		return t.walk(child, append(append([]string(nil), path...), string(k)), bucket, value)
	})
}

// Sequence is the bucket's autoincrement counter (the last NextSequence).
func (b *Bucket) Sequence() uint64 { return b.b.Sequence() }

// RaiseSequence sets the counter to n if it is lower, so ids copied into
// the bucket are never handed out again by NextSequence. Update only.
func (b *Bucket) RaiseSequence(n uint64) error {
	if n <= b.b.Sequence() {
		return nil
	}
	return storeErr(b.b.SetSequence(n))
}

// GetRaw unseals the value at key and returns its JSON as stored, or nil
// when there is none.
func (b *Bucket) GetRaw(key []byte) ([]byte, error) {
	sealed := b.b.Get(key)
	if sealed == nil {
		return nil, nil
	}
	plain, err := b.tx.scope.key.Open(sealed, b.aad(key))
	if err != nil {
		return nil, keyErr(err)
	}
	return plain, nil
}
