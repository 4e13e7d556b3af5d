package account

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"parley/backend/apperr"
)

// Throttling: the first FreeAttempts failures cost nothing; after that each
// failure locks the name for a delay that doubles from one second up to MaxLockout.
const (
	FreeAttempts = 5
	MaxLockout   = 5 * time.Minute
)

func lockoutAfter(failures int) time.Duration {
	if failures < FreeAttempts {
		return 0
	}
	shift := failures - FreeAttempts
	if shift > 16 {
		return MaxLockout
	}
	return min(time.Second<<shift, MaxLockout)
}

// attempts is a failure counter with its lock, stored in the account record
// or, for names without an account, in bucketUnknownNames.
type attempts struct {
	Failed      int
	LockedUntil time.Time
}

func (a *attempts) fail(now time.Time) {
	a.Failed++
	if d := lockoutAfter(a.Failed); d > 0 {
		a.LockedUntil = now.Add(d)
	}
}

// throttled returns auth.throttled while the name is locked. The message ends
// with the whole seconds left so the UI can show a countdown.
func (a attempts) throttled(now time.Time) error {
	if !now.Before(a.LockedUntil) {
		return nil
	}
	secs := int(math.Ceil(a.LockedUntil.Sub(now).Seconds()))
	return apperr.New(apperr.AuthThrottled, fmt.Sprintf("too many failed attempts; try again in %d s", secs))
}

// Failed attempts on names without an account are kept in their own bucket,
// one counter per name, so that they behave exactly like a known name's
// counter (which lives in its record): five free attempts, growing delays,
// kept across restarts. If unknown names were counted differently — in memory,
// or in one counter shared by all of them — comparing a name's throttling
// with another's would tell which names have accounts.
//
// Names are stored as HMAC-SHA-256 under a random key kept in the same
// bucket, cut to 16 bytes, so the file does not list what people typed as
// usernames (sometimes a password). Whoever holds the file holds the key too
// and can test guesses against it; the users bucket lists real names in clear
// anyway.
//
// The bucket holds at most maxUnknownNames counters (about 200 KiB). When it
// is full, the counter with the fewest failures goes first (the oldest among
// equals), so a flood of made-up names pushes out its own one-failure entries
// before the counter of a name someone is locked out of; and every name in
// the flood costs the flooder an argon2id run.
var (
	bucketUnknownNames = []byte("unknown_names")
	unknownNamesKey    = []byte("hmac-key") // never 16 bytes long, so never a name
)

const (
	maxUnknownNames = 4096
	nameHashSize    = 16
	entrySize       = 4 + 8 + 8 // failures, locked until, last failure (Unix ns)
)

// unknownName is the stored counter of one name without an account.
type unknownName struct {
	attempts
	last time.Time
}

func (e unknownName) encode() []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(min(e.Failed, math.MaxUint32)))
	out = binary.BigEndian.AppendUint64(out, uint64(unixNano(e.LockedUntil)))
	return binary.BigEndian.AppendUint64(out, uint64(unixNano(e.last)))
}

// decodeUnknownName reads a counter; a damaged one counts as no failures,
// which is what deleting the bucket would give anyway.
func decodeUnknownName(v []byte) unknownName {
	if len(v) != entrySize {
		return unknownName{}
	}
	return unknownName{
		attempts: attempts{
			Failed:      int(binary.BigEndian.Uint32(v)),
			LockedUntil: fromUnixNano(int64(binary.BigEndian.Uint64(v[4:]))),
		},
		last: fromUnixNano(int64(binary.BigEndian.Uint64(v[12:]))),
	}
}

func unixNano(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func fromUnixNano(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}

func nameHash(secret []byte, key string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(key))
	return m.Sum(nil)[:nameHashSize]
}

// unknownAttempts reads the counter of key, a name without an account.
func (s *Service) unknownAttempts(key string) (attempts, error) {
	var a attempts
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketUnknownNames)
		if b == nil {
			return nil
		}
		if secret := b.Get(unknownNamesKey); secret != nil {
			if v := b.Get(nameHash(secret, key)); v != nil {
				a = decodeUnknownName(v).attempts
			}
		}
		return nil
	})
	if err != nil {
		return attempts{}, apperr.Wrap(apperr.StoreIO, err, "cannot read the data file")
	}
	return a, nil
}

// failUnknown counts a failed attempt on key, a name without an account, in
// one write, as failKnown does for a name with one: the two cases cannot be
// told apart by their errors, delays, work or what survives a restart.
func (s *Service) failUnknown(key string) error {
	return s.update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketUnknownNames)
		if err != nil {
			return err
		}
		secret := b.Get(unknownNamesKey)
		if secret == nil {
			secret = make([]byte, 32)
			if _, err := rand.Read(secret); err != nil {
				return fmt.Errorf("account: random key: %w", err)
			}
			if err := b.Put(unknownNamesKey, secret); err != nil {
				return err
			}
		}
		h := nameHash(secret, key)
		var e unknownName
		if v := b.Get(h); v != nil {
			e = decodeUnknownName(v)
		} else if err := makeRoom(b, s.maxUnknown); err != nil {
			return err
		}
		now := s.now()
		e.fail(now)
		e.last = now
		return b.Put(h, e.encode())
	})
}

// makeRoom drops counters until the bucket has room for one more name: those
// with the fewest failures first, the oldest first among equals.
func makeRoom(b *bolt.Bucket, max int) error {
	type entry struct {
		key []byte
		e   unknownName
	}
	var all []entry
	err := b.ForEach(func(k, v []byte) error {
		if len(k) == nameHashSize {
			all = append(all, entry{bytes.Clone(k), decodeUnknownName(v)})
		}
		return nil
	})
	if err != nil || len(all) < max {
		return err
	}
	slices.SortFunc(all, func(x, y entry) int {
		if x.e.Failed != y.e.Failed {
			return x.e.Failed - y.e.Failed
		}
		return x.e.last.Compare(y.e.last)
	})
	for _, victim := range all[:len(all)-max+1] {
		if err := b.Delete(victim.key); err != nil {
			return err
		}
	}
	return nil
}

// forgetUnknown drops the counter of key when it becomes an account's name.
func forgetUnknown(tx *bolt.Tx, key string) error {
	b := tx.Bucket(bucketUnknownNames)
	if b == nil {
		return nil
	}
	secret := b.Get(unknownNamesKey)
	if secret == nil {
		return nil
	}
	return b.Delete(nameHash(secret, key))
}
