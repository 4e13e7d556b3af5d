package account

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	bolt "go.etcd.io/bbolt"

	"parley/backend/apperr"
	"parley/backend/store"
	"parley/backend/vault"
)

// record is one account in the users bucket, keyed by usernameKey. It holds no
// secret in clear: the password hash, and the data key wrapped once under a key
// derived from the password and once under a key derived from the recovery
// code, each with its own salt. The display name is sealed with the data key.
type record struct {
	ID            string             `json:"id"`
	Username      string             `json:"username"`
	CreatedAt     time.Time          `json:"createdAt"`
	LastLoginAt   time.Time          `json:"lastLoginAt"`
	Password      vault.PasswordHash `json:"password"`
	PasswordKDF   vault.KDF          `json:"passwordKdf"`
	KeyByPassword []byte             `json:"keyByPassword"`
	RecoveryKDF   vault.KDF          `json:"recoveryKdf"`
	KeyByRecovery []byte             `json:"keyByRecovery"`
	Profile       []byte             `json:"profile"` // sealed profile JSON

	// Failed log-in attempts since the last success, and when the next attempt
	// is allowed; kept here so a restart does not reset the throttle.
	FailedAttempts int       `json:"failedAttempts"`
	LockedUntil    time.Time `json:"lockedUntil"`
}

type profile struct {
	DisplayName string `json:"displayName"`
}

// Associated data for the wrapped keys and the profile, bound to the user id so
// nothing can be swapped between records.
func aadKeyByPassword(id string) []byte { return []byte("parley/datakey/password/v1|" + id) }
func aadKeyByRecovery(id string) []byte { return []byte("parley/datakey/recovery/v1|" + id) }
func aadProfile(id string) []byte       { return []byte("parley/profile/v1|" + id) }

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

// setPassword hashes password and re-wraps the data key under it. Nothing else
// is re-encrypted: the data key, and so every sealed value, stays the same.
func (rec *record) setPassword(password string, dataKey *vault.Key, p vault.Params) error {
	hash, err := vault.HashPassword(password, p)
	if err != nil {
		return err
	}
	kdf, err := vault.NewKDF(p)
	if err != nil {
		return err
	}
	kek, err := kdf.Derive([]byte(password))
	if err != nil {
		return err
	}
	defer kek.Zero()
	wrapped, err := kek.Wrap(dataKey, aadKeyByPassword(rec.ID))
	if err != nil {
		return err
	}
	rec.Password, rec.PasswordKDF, rec.KeyByPassword = hash, kdf, wrapped
	return nil
}

// setRecoveryCode makes a fresh recovery code that unwraps the data key; the
// previous code stops working. It returns the code formatted for display.
func (rec *record) setRecoveryCode(dataKey *vault.Key, p vault.Params) (string, error) {
	code, err := vault.NewRecoveryCode()
	if err != nil {
		return "", err
	}
	canon, err := vault.NormalizeRecoveryCode(code)
	if err != nil {
		return "", err
	}
	kdf, err := vault.NewKDF(p)
	if err != nil {
		return "", err
	}
	kek, err := kdf.Derive([]byte(canon))
	if err != nil {
		return "", err
	}
	defer kek.Zero()
	wrapped, err := kek.Wrap(dataKey, aadKeyByRecovery(rec.ID))
	if err != nil {
		return "", err
	}
	rec.RecoveryKDF, rec.KeyByRecovery = kdf, wrapped
	return code, nil
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

// attempts is a failure counter with its lock, stored in a record or, for
// names without an account, in memory.
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

func (rec *record) attempts() attempts {
	return attempts{Failed: rec.FailedAttempts, LockedUntil: rec.LockedUntil}
}

func (rec *record) setAttempts(a attempts) {
	rec.FailedAttempts, rec.LockedUntil = a.Failed, a.LockedUntil
}
