package userdata

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"slices"

	bolt "go.etcd.io/bbolt"

	"parley/backend/apperr"
	"parley/backend/vault"
)

// Bucket is one of the user's buckets. Keys are stored in clear (so they can be
// ordered and paged), values are sealed JSON. Sub-buckets are skipped by the
// value iterators; list them with ForEachBucket.
type Bucket struct {
	tx   *Tx
	b    *bolt.Bucket
	path []string
}

// Get unseals the value at key into v (json.Unmarshal). It reports false when
// there is no value. A value that fails to open — changed on disk, or copied
// from another key, bucket or user — is apperr.StoreTampered.
func (b *Bucket) Get(key []byte, v any) (found bool, err error) {
	sealed := b.b.Get(key)
	if sealed == nil {
		return false, nil
	}
	return true, b.unseal(key, sealed, v)
}

// Put seals json.Marshal(v) at key. Update only.
func (b *Bucket) Put(key []byte, v any) error {
	if len(key) == 0 {
		return apperr.New(apperr.Internal, "userdata: empty key")
	}
	plain, err := json.Marshal(v)
	if err != nil {
		return apperr.Wrap(apperr.Internal, err, "userdata: cannot encode value")
	}
	sealed, err := b.tx.scope.key.Seal(plain, b.aad(key))
	clear(plain)
	if err != nil {
		return keyErr(err)
	}
	return storeErr(b.b.Put(key, sealed))
}

// Delete removes the value at key; a missing key is not an error. Update only.
func (b *Bucket) Delete(key []byte) error {
	return storeErr(b.b.Delete(key))
}

// AppendOnly tells this transaction's handle that new keys arrive in
// ascending order (NextSequence keys), so pages can be filled almost full
// before they split instead of bbolt's half-full default; that roughly halves
// the file for a long conversation. It lasts for the transaction (bbolt does
// not store it), so set it on every Update that appends. Update only.
func (b *Bucket) AppendOnly() { b.b.FillPercent = appendFillPercent }

// appendFillPercent leaves a little room on each page for a value that is
// rewritten in place (a reply saved again once it ends).
const appendFillPercent = 0.95

// Footprint is the bytes of file pages this bucket's values occupy and how
// many values it holds (sub-buckets not counted); benchmarks and tests use
// it to report the bytes stored per value.
func (b *Bucket) Footprint() (bytes, values int) {
	st := b.b.Stats()
	return st.BranchAlloc + st.LeafAlloc, st.KeyN
}

// NextSequence returns the bucket's next autoincrement number (starting at 1).
// Update only. Use U64Key(n) as the key so keys sort by age.
func (b *Bucket) NextSequence() (uint64, error) {
	n, err := b.b.NextSequence()
	return n, storeErr(err)
}

// ForEach calls fn with each value key in byte order (sub-buckets skipped).
// The key slice is a copy. An error from fn stops the walk and is returned.
func (b *Bucket) ForEach(fn func(key []byte) error) error {
	return b.b.ForEach(func(k, v []byte) error {
		if v == nil {
			return nil
		}
		return fn(bytes.Clone(k))
	})
}

// ForEachBucket calls fn with the name of each direct sub-bucket in byte order.
func (b *Bucket) ForEachBucket(fn func(name string) error) error {
	return b.b.ForEachBucket(func(k []byte) error { return fn(string(k)) })
}

// Unsealer decodes the value the cursor is on into v.
type Unsealer func(v any) error

// ReverseFrom walks values from newest to oldest — from the last key strictly
// before `before` (or from the very last key when before is nil) — calling fn
// with a copy of each key and a function that unseals its value. It stops when
// fn returns stop=true or an error. The cost is a cursor seek plus the items
// visited, however large the bucket is.
func (b *Bucket) ReverseFrom(before []byte, fn func(key []byte, unseal Unsealer) (stop bool, err error)) error {
	c := b.b.Cursor()
	var k, v []byte
	if before == nil {
		k, v = c.Last()
	} else {
		k, v = c.Seek(before)
		if k == nil {
			k, v = c.Last()
		} else {
			k, v = c.Prev() // Seek lands on the first key >= before
		}
	}
	for ; k != nil; k, v = c.Prev() {
		if v == nil {
			continue // sub-bucket
		}
		key, sealed := k, v
		stop, err := fn(bytes.Clone(key), func(dst any) error { return b.unseal(key, sealed, dst) })
		if err != nil || stop {
			return err
		}
	}
	return nil
}

// ForwardFrom walks values from oldest to newest, from the first key strictly
// after `after` (or from the first key when after is nil), like ReverseFrom.
func (b *Bucket) ForwardFrom(after []byte, fn func(key []byte, unseal Unsealer) (stop bool, err error)) error {
	c := b.b.Cursor()
	var k, v []byte
	if after == nil {
		k, v = c.First()
	} else {
		k, v = c.Seek(after)
		if k != nil && bytes.Equal(k, after) {
			k, v = c.Next()
		}
	}
	for ; k != nil; k, v = c.Next() {
		if v == nil {
			continue // sub-bucket
		}
		key, sealed := k, v
		stop, err := fn(bytes.Clone(key), func(dst any) error { return b.unseal(key, sealed, dst) })
		if err != nil || stop {
			return err
		}
	}
	return nil
}

// Raw, as an Unsealer's destination, receives the value's JSON as stored
// instead of decoding it, opened into JSON's memory when it has room: a
// caller reading many values (the search index's build) decodes only the
// fields it needs and reuses one Raw, so opening allocates nothing. The
// caller clears JSON when done.
type Raw struct {
	JSON []byte
	aad  []byte
}

func (b *Bucket) unseal(key, sealed []byte, v any) error {
	if r, ok := v.(*Raw); ok {
		r.aad = b.appendAAD(r.aad[:0], key)
		plain, err := b.tx.scope.key.OpenTo(r.JSON, sealed, r.aad)
		if err != nil {
			return keyErr(err)
		}
		r.JSON = plain
		return nil
	}
	plain, err := b.tx.scope.key.Open(sealed, b.aad(key))
	if err != nil {
		return keyErr(err)
	}
	defer clear(plain)
	if err := json.Unmarshal(plain, v); err != nil {
		return apperr.Wrap(apperr.StoreCorrupt, err, "a saved value cannot be read")
	}
	return nil
}

// aad binds a value to its owner, bucket path and key. Every part is
// length-prefixed, so no two different locations give the same bytes.
func (b *Bucket) aad(key []byte) []byte { return b.appendAAD(nil, key) }

func (b *Bucket) appendAAD(out, key []byte) []byte {
	size := len(aadPrefix) + 4 + len(b.tx.scope.userID) + 4 + 4 + len(key)
	for _, name := range b.path {
		size += 4 + len(name)
	}
	out = slices.Grow(out, size)
	out = append(out, aadPrefix...)
	out = appendPart(out, b.tx.scope.userID)
	out = binary.BigEndian.AppendUint32(out, uint32(len(b.path)))
	for _, name := range b.path {
		out = appendPart(out, name)
	}
	return appendPart(out, key)
}

const aadPrefix = "parley/userdata/v1"

func appendPart[S string | []byte](out []byte, part S) []byte {
	out = binary.BigEndian.AppendUint32(out, uint32(len(part)))
	return append(out, part...)
}

func keyErr(err error) error {
	switch {
	case errors.Is(err, vault.ErrKeyZeroed):
		return errLoggedOut()
	case errors.Is(err, vault.ErrDecrypt):
		return apperr.Wrap(apperr.StoreTampered, err, "a saved value was changed outside Parley and cannot be trusted")
	default:
		return apperr.Wrap(apperr.Internal, err, "userdata: sealing failed")
	}
}
