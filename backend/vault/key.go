// Package vault holds Parley's cryptography: argon2id key derivation with
// capped parameters, locks that wrap the per-user data key under a password or
// recovery code, and sealing values with XChaCha20-Poly1305.
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

// Key is a 32-byte symmetric key with its XChaCha20-Poly1305 cipher.
//
// The cipher is built once, when the key is made, and serves every Seal and
// Open: a cipher holds its own copy of the key, so building one per call (as
// Parley did) left a new copy on the heap at each call. Zero wipes the Key's
// own bytes and drops the cipher, after which nothing can seal or open with
// this Key; the cipher's copy cannot be wiped through the crypto library's
// API, so it stays in memory until the garbage collector reuses it. (The
// library also puts a per-call subkey on the heap; it opens only the one value
// sealed under that call's random nonce.)
//
// A Key is safe for concurrent use; Zero waits for in-flight Seal/Open calls
// and every later call fails with ErrKeyZeroed.
type Key struct {
	mu   sync.RWMutex
	b    [KeySize]byte
	aead cipher.AEAD // nil once zeroed
}

// NewKey returns a fresh random key.
func NewKey() (*Key, error) {
	b := make([]byte, KeySize)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("vault: random key: %w", err)
	}
	return keyFrom(b), nil
}

// keyFrom copies b into a new Key with its cipher, and wipes b.
func keyFrom(b []byte) *Key {
	k := &Key{}
	copy(k.b[:], b)
	clear(b)
	aead, err := chacha20poly1305.NewX(k.b[:])
	if err != nil { // only for a key of the wrong size; b is always KeySize here
		panic(err)
	}
	k.aead = aead
	return k
}

// Zero wipes the key and drops its cipher. It is idempotent.
func (k *Key) Zero() {
	k.mu.Lock()
	defer k.mu.Unlock()
	clear(k.b[:])
	k.aead = nil
}

// IsZeroed reports whether Zero has been called.
func (k *Key) IsZeroed() bool {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.aead == nil
}

// withAEAD runs fn with the key's cipher, holding the read lock so Zero
// cannot drop it mid-call.
func (k *Key) withAEAD(fn func(aead cipher.AEAD) ([]byte, error)) ([]byte, error) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	if k.aead == nil {
		return nil, ErrKeyZeroed
	}
	return fn(k.aead)
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
func (k *Key) Open(sealed, aad []byte) ([]byte, error) { return k.OpenTo(nil, sealed, aad) }

// OpenTo is Open writing the plaintext into buf's memory when it has room,
// so a caller opening many values (the search index's build) reuses one
// buffer instead of allocating one per value. buf must not overlap sealed.
func (k *Key) OpenTo(buf, sealed, aad []byte) ([]byte, error) {
	return k.withAEAD(func(aead cipher.AEAD) ([]byte, error) {
		n := aead.NonceSize()
		if len(sealed) < 1+n+aead.Overhead() || sealed[0] != sealVersion {
			return nil, ErrDecrypt
		}
		plain, err := aead.Open(buf[:0], sealed[1:1+n], sealed[1+n:], aad)
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
	if data.aead == nil {
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
