// Package vault holds Parley's cryptography: argon2id password hashing, the
// per-user data key and its wrapping, and sealing values with XChaCha20-Poly1305.
//
// It knows nothing about the database or the UI; callers map its sentinel
// errors to coded ones.
package vault

import (
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"sync"

	"golang.org/x/crypto/chacha20poly1305"
)

// KeySize is the size of data keys and key-encryption keys.
const KeySize = chacha20poly1305.KeySize

// sealVersion prefixes every sealed value so the format can change later.
const sealVersion byte = 1

var (
	// ErrDecrypt means a sealed value failed authentication: wrong key, wrong
	// associated data, or bytes changed on disk.
	ErrDecrypt = errors.New("vault: sealed value failed authentication")
	// ErrKeyZeroed means the key was wiped (the user logged out).
	ErrKeyZeroed = errors.New("vault: key has been zeroed")
)

// Key is a 32-byte symmetric key that can be wiped from memory.
//
// A Key is safe for concurrent use; Zero waits for in-flight Seal/Open calls and
// every later call fails with ErrKeyZeroed. No AEAD is cached, so no copy of the
// key outlives a call.
type Key struct {
	mu     sync.RWMutex
	b      [KeySize]byte
	zeroed bool
}

// NewKey returns a fresh random key.
func NewKey() (*Key, error) {
	k := &Key{}
	if _, err := rand.Read(k.b[:]); err != nil {
		return nil, fmt.Errorf("vault: random key: %w", err)
	}
	return k, nil
}

// keyFrom copies b into a new Key and wipes b.
func keyFrom(b []byte) *Key {
	k := &Key{}
	copy(k.b[:], b)
	clear(b)
	return k
}

// Zero wipes the key. It is idempotent.
func (k *Key) Zero() {
	k.mu.Lock()
	defer k.mu.Unlock()
	clear(k.b[:])
	k.zeroed = true
}

// IsZeroed reports whether Zero has been called.
func (k *Key) IsZeroed() bool {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.zeroed
}

// withAEAD runs fn with an XChaCha20-Poly1305 AEAD over the key, holding the
// read lock so Zero cannot wipe the key mid-call. The AEAD is built per call and
// never kept, so no copy of the key outlives the call.
func (k *Key) withAEAD(fn func(aead cipher.AEAD) ([]byte, error)) ([]byte, error) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	if k.zeroed {
		return nil, ErrKeyZeroed
	}
	aead, err := chacha20poly1305.NewX(k.b[:])
	if err != nil {
		return nil, err
	}
	return fn(aead)
}

// Seal encrypts plaintext with XChaCha20-Poly1305 and a random nonce, binding
// aad (which is not stored). The result is version || nonce || ciphertext.
func (k *Key) Seal(plaintext, aad []byte) ([]byte, error) {
	return k.withAEAD(func(aead cipher.AEAD) ([]byte, error) {
		out := make([]byte, 1+aead.NonceSize(), 1+aead.NonceSize()+len(plaintext)+aead.Overhead())
		out[0] = sealVersion
		if _, err := rand.Read(out[1:]); err != nil {
			return nil, fmt.Errorf("vault: random nonce: %w", err)
		}
		return aead.Seal(out, out[1:], plaintext, aad), nil
	})
}

// Open reverses Seal. Any change to the sealed bytes, or a different key or
// aad, gives ErrDecrypt.
func (k *Key) Open(sealed, aad []byte) ([]byte, error) {
	return k.withAEAD(func(aead cipher.AEAD) ([]byte, error) {
		n := aead.NonceSize()
		if len(sealed) < 1+n+aead.Overhead() || sealed[0] != sealVersion {
			return nil, ErrDecrypt
		}
		plain, err := aead.Open(nil, sealed[1:1+n], sealed[1+n:], aad)
		if err != nil {
			return nil, ErrDecrypt
		}
		return plain, nil
	})
}

// Wrap seals the data key under k (a key-encryption key), bound to aad.
func (k *Key) Wrap(data *Key, aad []byte) ([]byte, error) {
	data.mu.RLock()
	defer data.mu.RUnlock()
	if data.zeroed {
		return nil, ErrKeyZeroed
	}
	return k.Seal(data.b[:], aad)
}

// Unwrap opens a data key wrapped by Wrap under k.
func (k *Key) Unwrap(wrapped, aad []byte) (*Key, error) {
	raw, err := k.Open(wrapped, aad)
	if err != nil {
		return nil, err
	}
	if len(raw) != KeySize {
		clear(raw)
		return nil, ErrDecrypt
	}
	return keyFrom(raw), nil
}
