package account

import (
	"crypto/rand"
	"errors"
	"runtime/debug"

	"parley/backend/apperr"
	"parley/backend/vault"
)

// releaseAboveKiB is the argon2id memory above which a derivation's memory is
// handed back to the OS at once; below it a forced collection costs more than
// it returns.
const releaseAboveKiB = 1024

// deriveAndRelease runs argon2id once. Its memory (64 MiB by default) is
// garbage as soon as the run ends, but the runtime would keep it from the OS
// for minutes; one forced collection returns it now.
func deriveAndRelease(kdf vault.KDF, secret []byte) (*vault.Derived, error) {
	d, err := kdf.Derive(secret)
	if kdf.Params.MemoryKiB >= releaseAboveKiB {
		debug.FreeOSMemory()
	}
	return d, err
}

// newLock wraps data under a key derived from secret with a fresh salt and
// the service's parameters: one argon2id run.
func (s *Service) newLock(secret string, data *vault.Key, aad []byte) (vault.Lock, error) {
	kdf, err := vault.NewKDF(s.params)
	if err != nil {
		return vault.Lock{}, err
	}
	d, err := s.derive(kdf, []byte(secret))
	if err != nil {
		return vault.Lock{}, err
	}
	defer d.Zero()
	return d.Lock(data, aad)
}

// openLock runs argon2id once over secret and unwraps the data key (see
// vault.Lock.Open for next). A wrong secret is vault.ErrWrongSecret; use
// lockErr for every other failure.
func (s *Service) openLock(l vault.Lock, secret string, aad, legacyAAD []byte) (data *vault.Key, next *vault.Lock, err error) {
	d, err := s.derive(l.KDF, []byte(secret))
	if err != nil {
		return nil, nil, err
	}
	defer d.Zero()
	return l.Open(d, aad, legacyAAD)
}

// lockErr codes a failure to open a lock other than a wrong secret: parameters
// out of range (refused before any work) or a wrap that does not match its
// check value both mean the record was changed outside Parley.
func lockErr(err error) error {
	switch {
	case errors.Is(err, vault.ErrParams):
		return apperr.Wrap(apperr.StoreTampered, err, "the account's key settings were changed outside Parley")
	case errors.Is(err, vault.ErrDecrypt):
		return apperr.Wrap(apperr.StoreTampered, err, "the account's key was changed outside Parley")
	}
	return vaultErr(err)
}

// dummyLock is what a name without an account is checked against: the
// service's parameters with random salt, check value and wrap, so it costs
// what a real lock costs and never opens.
func dummyLock(p vault.Params) vault.Lock {
	kdf, err := vault.NewKDF(p)
	if err != nil {
		panic(err) // New was given parameters the vault refuses: a programming error
	}
	check := make([]byte, vault.KeySize)
	wrapped := make([]byte, 1+24+vault.KeySize+16) // what a wrapped key measures
	_, _ = rand.Read(check)
	_, _ = rand.Read(wrapped)
	return vault.Lock{KDF: kdf, Check: check, Wrapped: wrapped, Version: vault.LockVersion}
}
