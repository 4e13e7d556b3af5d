package vault

import (
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"

	"golang.org/x/crypto/argon2"
)

// SaltSize is the length of every argon2id salt.
const SaltSize = 16

// Params are argon2id cost parameters, stored with every hash and derived key
// so they can be raised later without breaking existing accounts.
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

var errBadParams = errors.New("vault: invalid argon2id parameters")

func (p Params) valid() bool {
	return p.Time >= 1 && p.Time <= 64 && p.MemoryKiB >= 8*uint32(p.Threads) &&
		p.MemoryKiB <= 4*1024*1024 && p.Threads >= 1 && p.KeyLen >= 16 && p.KeyLen <= 64
}

func (p Params) derive(secret, salt []byte) []byte {
	return argon2.IDKey(secret, salt, p.Time, p.MemoryKiB, p.Threads, p.KeyLen)
}

func newSalt() ([]byte, error) {
	salt := make([]byte, SaltSize)
	if _, err := rand.Read(salt); err != nil {
		return nil, fmt.Errorf("vault: random salt: %w", err)
	}
	return salt, nil
}

// PasswordHash is an argon2id verifier with its own salt and parameters.
type PasswordHash struct {
	Params Params `json:"params"`
	Salt   []byte `json:"salt"`
	Hash   []byte `json:"hash"`
}

// HashPassword hashes password with a fresh salt.
func HashPassword(password string, p Params) (PasswordHash, error) {
	if !p.valid() {
		return PasswordHash{}, errBadParams
	}
	salt, err := newSalt()
	if err != nil {
		return PasswordHash{}, err
	}
	return PasswordHash{Params: p, Salt: salt, Hash: p.derive([]byte(password), salt)}, nil
}

// Verify reports whether password matches, comparing in constant time. It
// always runs argon2id with the stored parameters, so a match and a mismatch
// cost the same.
func (h PasswordHash) Verify(password string) bool {
	if !h.Params.valid() || len(h.Hash) == 0 {
		return false
	}
	got := h.Params.derive([]byte(password), h.Salt)
	return subtle.ConstantTimeCompare(got, h.Hash) == 1
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
		return KDF{}, errBadParams
	}
	salt, err := newSalt()
	if err != nil {
		return KDF{}, err
	}
	return KDF{Params: p, Salt: salt}, nil
}

// Derive runs argon2id over secret and returns the key-encryption key.
func (k KDF) Derive(secret []byte) (*Key, error) {
	p := k.Params
	if !p.valid() || p.KeyLen != KeySize || len(k.Salt) == 0 {
		return nil, errBadParams
	}
	return keyFrom(p.derive(secret, k.Salt)), nil
}
