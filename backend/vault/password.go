package vault

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"

	"golang.org/x/crypto/argon2"
)

// SaltSize is the length of every argon2id salt.
const SaltSize = 16

// Params are argon2id cost parameters, stored with every derived key so they
// can be raised later without breaking existing accounts.
type Params struct {
	Time      uint32 `json:"t"`
	MemoryKiB uint32 `json:"m"`
	Threads   uint8  `json:"p"`
	KeyLen    uint32 `json:"l"`
}

// DefaultParams is RFC 9106's second recommended option: t=3, m=64 MiB, p=4,
// 32-byte output (used with a 16-byte salt).
func DefaultParams() Params {
	return Params{Time: 3, MemoryKiB: 64 * 1024, Threads: 4, KeyLen: 32}
}

// TestParams are deliberately weak parameters for fast tests. Never use them in the app.
func TestParams() Params {
	return Params{Time: 1, MemoryKiB: 64, Threads: 1, KeyLen: 32}
}

// Parameters are read from the data file before any key exists, so anyone who
// can edit the file chooses them: these caps keep a log-in from allocating more
// than MaxMemoryKiB or working more than four times the default, whatever the
// record says. The default may grow up to them.
const (
	MaxMemoryKiB = 256 * 1024
	MaxTime      = 16
	MaxThreads   = 16
	maxWork      = 4 * 3 * 64 * 1024 // time × KiB: four times DefaultParams
)

// ErrParams means the argon2id parameters or salt are outside what Parley
// writes: a damaged or edited record. Nothing was derived.
var ErrParams = errors.New("vault: argon2id parameters out of range")

func (p Params) valid() bool {
	return p.Time >= 1 && p.Time <= MaxTime && p.Threads >= 1 && p.Threads <= MaxThreads &&
		p.MemoryKiB >= 8*uint32(p.Threads) && p.MemoryKiB <= MaxMemoryKiB &&
		uint64(p.Time)*uint64(p.MemoryKiB) <= maxWork && p.KeyLen == KeySize
}

// KDF names the salt and parameters that turn a secret into a key-encryption key.
type KDF struct {
	Params Params `json:"params"`
	Salt   []byte `json:"salt"`
}

// NewKDF picks a fresh salt for deriving a key-encryption key. The output
// length is always KeySize whatever p.KeyLen says.
func NewKDF(p Params) (KDF, error) {
	p.KeyLen = KeySize
	if !p.valid() {
		return KDF{}, ErrParams
	}
	salt := make([]byte, SaltSize)
	if _, err := rand.Read(salt); err != nil {
		return KDF{}, fmt.Errorf("vault: random salt: %w", err)
	}
	return KDF{Params: p, Salt: salt}, nil
}

// Derived is the output of one argon2id run over a secret. Both the check
// value a Lock stores and the key-encryption key come from it, so opening a
// Lock costs one run.
type Derived struct {
	kdf KDF
	out [KeySize]byte
}

// Derive runs argon2id over secret, once. Parameters or a salt outside what
// Parley writes give ErrParams before any work is done.
func (k KDF) Derive(secret []byte) (*Derived, error) {
	p := k.Params
	if !p.valid() || len(k.Salt) != SaltSize {
		return nil, ErrParams
	}
	d := &Derived{kdf: KDF{Params: p, Salt: append([]byte(nil), k.Salt...)}}
	out := argon2.IDKey(secret, k.Salt, p.Time, p.MemoryKiB, p.Threads, p.KeyLen)
	copy(d.out[:], out)
	clear(out)
	return d, nil
}

// Zero wipes the derived bytes. It is idempotent.
func (d *Derived) Zero() { clear(d.out[:]) }

// expand gives an independent 32-byte value for each purpose (HKDF-Expand).
func (d *Derived) expand(info string) []byte {
	b, err := hkdf.Expand(sha256.New, d.out[:], info, KeySize)
	if err != nil { // only for lengths HKDF cannot give; KeySize is fine
		panic(err)
	}
	return b
}

func (d *Derived) check() []byte { return d.expand("parley/lock/check/v2") }
func (d *Derived) kek() *Key     { return keyFrom(d.expand("parley/lock/kek/v2")) }

// Lock versions. Version 1 (stored as 0 or 1) used the argon2id output itself
// as the key-encryption key, with no check value and without the parameters
// in the associated data; Parley opens it and replaces it with version 2.
const (
	lockV1      = 1
	LockVersion = 2
)

var (
	// ErrWrongSecret means the password or recovery code is not the one the
	// Lock was made with.
	ErrWrongSecret = errors.New("vault: wrong secret")
)

// errOtherKDF means Open was given a Derived from another KDF than the Lock's.
var errOtherKDF = errors.New("vault: derived from another KDF than the lock's")

// Lock is a data key wrapped under a key derived from a secret (a password or
// a recovery code). The check value tells a wrong secret (ErrWrongSecret)
// from a record changed on disk (ErrDecrypt), and the wrap's associated data
// binds the parameters and salt, so changing them fails to open instead of
// quietly using other costs.
type Lock struct {
	KDF     KDF
	Check   []byte // empty in version 1
	Wrapped []byte
	Version int
}

// Lock wraps data under d, bound to aad: the secret's key is not used again.
func (d *Derived) Lock(data *Key, aad []byte) (Lock, error) {
	kek := d.kek()
	defer kek.Zero()
	wrapped, err := kek.Wrap(data, d.kdf.bind(aad))
	if err != nil {
		return Lock{}, err
	}
	return Lock{KDF: d.kdf, Check: d.check(), Wrapped: wrapped, Version: LockVersion}, nil
}

// Open unwraps the data key with d, which must come from l.KDF.Derive. aad
// must be what the lock was made with; legacyAAD is what a version-1 lock was
// bound to. When l is version 1, Open also returns its version-2 replacement
// (same salt and parameters, so no second argon2id run), for the caller to
// store; otherwise next is nil.
func (l Lock) Open(d *Derived, aad, legacyAAD []byte) (data *Key, next *Lock, err error) {
	if !l.KDF.same(d.kdf) {
		return nil, nil, errOtherKDF
	}
	if l.Version > LockVersion {
		return nil, nil, ErrDecrypt
	}
	if l.Version <= lockV1 {
		kek := keyFrom(append([]byte(nil), d.out[:]...))
		defer kek.Zero()
		data, err := kek.Unwrap(l.Wrapped, legacyAAD)
		if err != nil { // without a check value, a wrong secret looks like this
			return nil, nil, ErrWrongSecret
		}
		up, err := d.Lock(data, aad)
		if err != nil {
			data.Zero()
			return nil, nil, err
		}
		return data, &up, nil
	}
	if subtle.ConstantTimeCompare(d.check(), l.Check) != 1 {
		return nil, nil, ErrWrongSecret
	}
	kek := d.kek()
	defer kek.Zero()
	data, err = kek.Unwrap(l.Wrapped, d.kdf.bind(aad))
	return data, nil, err
}

// bind appends the parameters and salt to aad, each part length-prefixed.
func (k KDF) bind(aad []byte) []byte {
	out := append([]byte(nil), aad...)
	out = append(out, "|argon2id/v2"...)
	for _, n := range []uint32{k.Params.Time, k.Params.MemoryKiB, uint32(k.Params.Threads), k.Params.KeyLen} {
		out = binary.BigEndian.AppendUint32(out, n)
	}
	out = binary.BigEndian.AppendUint32(out, uint32(len(k.Salt)))
	return append(out, k.Salt...)
}

func (k KDF) same(o KDF) bool {
	return k.Params == o.Params && subtle.ConstantTimeCompare(k.Salt, o.Salt) == 1
}
