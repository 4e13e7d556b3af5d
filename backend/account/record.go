package account

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"

	bolt "go.etcd.io/bbolt"

	"parley/backend/apperr"
	"parley/backend/store"
	"parley/backend/vault"
)

// record is one account in the users bucket, keyed by usernameKey. It holds no
// secret in clear: the data key is wrapped once under a key derived from the
// password and once under a key derived from the recovery code, each with its
// own salt and a check value (see vault.Lock). The display name is sealed with
// the data key.
//
// Records written before lock version 2 also carry a separate password hash
// ("password"), which is no longer read: the first log-in after the upgrade
// re-wraps the password lock and drops it.
type record struct {
	ID            string    `json:"id"`
	Username      string    `json:"username"`
	CreatedAt     time.Time `json:"createdAt"`
	LastLoginAt   time.Time `json:"lastLoginAt"`
	PasswordKDF   vault.KDF `json:"passwordKdf"`
	PasswordCheck []byte    `json:"passwordCheck,omitempty"`
	KeyByPassword []byte    `json:"keyByPassword"`
	PasswordLock  int       `json:"passwordLock,omitempty"` // vault.Lock version; 0 is version 1
	RecoveryKDF   vault.KDF `json:"recoveryKdf"`
	RecoveryCheck []byte    `json:"recoveryCheck,omitempty"`
	KeyByRecovery []byte    `json:"keyByRecovery"`
	RecoveryLock  int       `json:"recoveryLock,omitempty"`
	Profile       []byte    `json:"profile"` // sealed profile JSON

	// Failed log-in attempts since the last success, and when the next attempt
	// is allowed; kept here so a restart does not reset the throttle.
	FailedAttempts int       `json:"failedAttempts"`
	LockedUntil    time.Time `json:"lockedUntil"`
}

type profile struct {
	DisplayName string `json:"displayName"`
}

// Associated data for the wrapped keys and the profile, bound to the user id so
// nothing can be swapped between records. Version-2 locks add their KDF
// parameters and salt (vault.Lock); the v1 strings open older records.
func aadKeyByPassword(id string) []byte   { return []byte("parley/datakey/password/v2|" + id) }
func aadKeyByRecovery(id string) []byte   { return []byte("parley/datakey/recovery/v2|" + id) }
func aadKeyByPasswordV1(id string) []byte { return []byte("parley/datakey/password/v1|" + id) }
func aadKeyByRecoveryV1(id string) []byte { return []byte("parley/datakey/recovery/v1|" + id) }
func aadProfile(id string) []byte         { return []byte("parley/profile/v1|" + id) }

func (rec *record) passwordLock() vault.Lock {
	return vault.Lock{KDF: rec.PasswordKDF, Check: rec.PasswordCheck, Wrapped: rec.KeyByPassword, Version: rec.PasswordLock}
}

func (rec *record) setPasswordLock(l vault.Lock) {
	rec.PasswordKDF, rec.PasswordCheck, rec.KeyByPassword, rec.PasswordLock = l.KDF, l.Check, l.Wrapped, l.Version
}

func (rec *record) recoveryLock() vault.Lock {
	return vault.Lock{KDF: rec.RecoveryKDF, Check: rec.RecoveryCheck, Wrapped: rec.KeyByRecovery, Version: rec.RecoveryLock}
}

func (rec *record) setRecoveryLock(l vault.Lock) {
	rec.RecoveryKDF, rec.RecoveryCheck, rec.KeyByRecovery, rec.RecoveryLock = l.KDF, l.Check, l.Wrapped, l.Version
}

func newUserID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

func loadRecord(tx *bolt.Tx, key string) (*record, error) {
	users := tx.Bucket(store.BucketUsers)
	if users == nil {
		return nil, nil
	}
	raw := users.Get([]byte(key))
	if raw == nil {
		return nil, nil
	}
	var rec record
	if err := json.Unmarshal(raw, &rec); err != nil {
		return nil, apperr.Wrap(apperr.StoreCorrupt, err, "an account record cannot be read")
	}
	return &rec, nil
}

func saveRecord(tx *bolt.Tx, key string, rec *record) error {
	raw, err := json.Marshal(rec)
	if err != nil {
		return apperr.Wrap(apperr.Internal, err, "cannot encode the account")
	}
	users, err := tx.CreateBucketIfNotExists(store.BucketUsers)
	if err != nil {
		return err
	}
	return users.Put([]byte(key), raw)
}

func (rec *record) setProfile(p profile, dataKey *vault.Key) error {
	raw, err := json.Marshal(p)
	if err != nil {
		return err
	}
	sealed, err := dataKey.Seal(raw, aadProfile(rec.ID))
	if err != nil {
		return err
	}
	rec.Profile = sealed
	return nil
}

// user is the record as the UI sees it. The profile only holds the display
// name, so a damaged one falls back to the username rather than locking the
// learner out of everything else; the data key has already been unwrapped,
// which is what proves the password and the record. A logged-out key is
// still an error.
func (rec *record) user(dataKey *vault.Key) (User, error) {
	u := User{ID: rec.ID, Username: rec.Username, DisplayName: rec.Username, CreatedAt: rec.CreatedAt}
	raw, err := dataKey.Open(rec.Profile, aadProfile(rec.ID))
	if errors.Is(err, vault.ErrKeyZeroed) {
		return User{}, vaultErr(err)
	}
	var p profile
	if err == nil && json.Unmarshal(raw, &p) == nil && p.DisplayName != "" {
		u.DisplayName = p.DisplayName
	}
	return u, nil
}

func (rec *record) attempts() attempts {
	return attempts{Failed: rec.FailedAttempts, LockedUntil: rec.LockedUntil}
}

func (rec *record) setAttempts(a attempts) {
	rec.FailedAttempts, rec.LockedUntil = a.Failed, a.LockedUntil
}
