package account

import (
	"errors"

	bolt "go.etcd.io/bbolt"

	"parley/backend/apperr"
	"parley/backend/store"
	"parley/backend/vault"
)

// SignUp creates an account and logs it in. The result carries the recovery
// code, shown once: with neither it nor the password the data cannot be read.
func (s *Service) SignUp(req SignUpRequest) (SignUpResult, error) {
	name, err := cleanUsername(req.Username)
	if err != nil {
		return SignUpResult{}, err
	}
	pw, err := cleanPassword(req.Password, fieldPassword, name)
	if err != nil {
		return SignUpResult{}, err
	}
	display, err := cleanDisplayName(req.DisplayName, name)
	if err != nil {
		return SignUpResult{}, err
	}
	key := usernameKey(name)

	s.authMu.Lock()
	defer s.authMu.Unlock()
	if s.loggedIn() {
		return SignUpResult{}, alreadyLoggedIn()
	}
	if rec, err := s.load(key); err != nil {
		return SignUpResult{}, err
	} else if rec != nil {
		return SignUpResult{}, taken()
	}

	id, err := newUserID()
	if err != nil {
		return SignUpResult{}, vaultErr(err)
	}
	data, err := vault.NewKey()
	if err != nil {
		return SignUpResult{}, vaultErr(err)
	}
	now := s.now().UTC()
	rec := &record{ID: id, Username: name, CreatedAt: now, LastLoginAt: now}
	code, err := s.fillKeys(rec, pw, data)
	if err == nil {
		err = rec.setProfile(profile{DisplayName: display}, data)
	}
	if err == nil {
		err = s.update(func(tx *bolt.Tx) error {
			if existing, err := loadRecord(tx, key); err != nil || existing != nil {
				return firstErr(err, taken())
			}
			if err := forgetUnknown(tx, key); err != nil {
				return err
			}
			return saveRecord(tx, key, rec)
		})
	}
	if err != nil {
		data.Zero()
		return SignUpResult{}, vaultErr(err)
	}
	user := User{ID: id, Username: name, DisplayName: display, CreatedAt: now}
	s.startSession(key, user, data)
	return SignUpResult{User: user, RecoveryCode: code}, nil
}

func taken() error {
	return apperr.Field(apperr.AuthUsernameTaken, fieldUsername, "this username is taken")
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// fillKeys locks data under the password and under a fresh recovery code (one
// argon2id run each) and returns the code formatted for display; the previous
// code stops working.
func (s *Service) fillKeys(rec *record, password string, data *vault.Key) (string, error) {
	pl, err := s.newLock(password, data, aadKeyByPassword(rec.ID))
	if err != nil {
		return "", err
	}
	code, err := vault.NewRecoveryCode()
	if err != nil {
		return "", err
	}
	canon, err := vault.NormalizeRecoveryCode(code)
	if err != nil {
		return "", err
	}
	rl, err := s.newLock(canon, data, aadKeyByRecovery(rec.ID))
	if err != nil {
		return "", err
	}
	rec.setPasswordLock(pl)
	rec.setRecoveryLock(rl)
	return code, nil
}

// LogIn checks the password and starts the session. An unknown name and a
// wrong password give the same auth.bad_credentials after the same work; after
// FreeAttempts failures the name is locked for a growing delay
// (auth.throttled, with the seconds left in the message).
func (s *Service) LogIn(req LogInRequest) (User, error) {
	if err := requireUsername(req.Username); err != nil {
		return User{}, err
	}
	pw, err := loginPassword(req.Password, fieldPassword)
	if err != nil {
		return User{}, err
	}
	key := usernameKey(req.Username)

	s.authMu.Lock()
	defer s.authMu.Unlock()
	if s.loggedIn() {
		return User{}, alreadyLoggedIn()
	}
	rec, err := s.load(key)
	if err != nil {
		return User{}, err
	}
	if err := s.checkThrottle(key, rec); err != nil {
		return User{}, err
	}
	if rec == nil {
		_, _, _ = s.openLock(s.dummy, pw, nil, nil) // the same argon2id run, bound to fail
		return User{}, firstErr(s.failUnknown(key), badCredentials())
	}
	// One argon2id run both checks the password and unwraps the key; an older
	// record's lock is replaced (same salt) in the write that stamps the log-in.
	data, next, err := s.openLock(rec.passwordLock(), pw, aadKeyByPassword(rec.ID), aadKeyByPasswordV1(rec.ID))
	if errors.Is(err, vault.ErrWrongSecret) {
		return User{}, firstErr(s.failKnown(key, rec), badCredentials())
	}
	if err != nil {
		return User{}, lockErr(err)
	}
	if next != nil {
		rec.setPasswordLock(*next)
	}
	return s.finishLogIn(key, rec, data)
}

// finishLogIn resets the throttle, stamps the log-in and starts the session.
func (s *Service) finishLogIn(key string, rec *record, data *vault.Key) (User, error) {
	user, err := rec.user(data)
	if err == nil {
		rec.setAttempts(attempts{})
		rec.LastLoginAt = s.now().UTC()
		err = s.save(key, rec)
	}
	if err != nil {
		data.Zero()
		return User{}, err
	}
	s.startSession(key, user, data)
	return user, nil
}

// ChangePassword replaces the password after checking the current one. Only
// the wrapping of the data key changes; the recovery code keeps working.
func (s *Service) ChangePassword(req ChangePasswordRequest) error {
	sess, err := s.current()
	if err != nil {
		return err
	}
	cur, err := loginPassword(req.Current, fieldCurrent)
	if err != nil {
		return err
	}
	next, err := cleanPassword(req.Next, fieldNext, sess.user.Username)
	if err != nil {
		return err
	}

	s.authMu.Lock()
	defer s.authMu.Unlock()
	rec, err := s.verifySessionPassword(sess, cur, fieldCurrent)
	if err != nil {
		return err
	}
	pl, err := s.newLock(next, sess.data, aadKeyByPassword(rec.ID))
	if err != nil {
		return vaultErr(err)
	}
	rec.setPasswordLock(pl)
	rec.setAttempts(attempts{})
	return s.save(sess.key, rec)
}

// verifySessionPassword loads the session's record and checks password,
// counting a failure like a log-in does. Caller holds authMu.
func (s *Service) verifySessionPassword(sess *session, password, field string) (*record, error) {
	rec, err := s.load(sess.key)
	if err != nil {
		return nil, err
	}
	if rec == nil || rec.ID != sess.user.ID {
		return nil, apperr.New(apperr.AuthRequired, "please log in")
	}
	if err := s.checkThrottle(sess.key, rec); err != nil {
		return nil, err
	}
	data, next, err := s.openLock(rec.passwordLock(), password, aadKeyByPassword(rec.ID), aadKeyByPasswordV1(rec.ID))
	if errors.Is(err, vault.ErrWrongSecret) {
		return nil, firstErr(s.failKnown(sess.key, rec),
			apperr.Field(apperr.AuthBadCredentials, field, "the password is wrong"))
	}
	if err != nil {
		return nil, lockErr(err)
	}
	data.Zero() // the session already holds this key
	if next != nil {
		rec.setPasswordLock(*next)
	}
	return rec, nil
}

// DeleteAccount removes the account and all its data after checking the
// password, and logs out. The user's bucket tree is deleted and the wrapped
// keys with it, so whatever sealed bytes bbolt leaves in free pages can never
// be opened again.
func (s *Service) DeleteAccount(password string) error {
	sess, err := s.current()
	if err != nil {
		return err
	}
	pw, err := loginPassword(password, fieldPassword)
	if err != nil {
		return err
	}

	s.authMu.Lock()
	defer s.authMu.Unlock()
	if _, err := s.verifySessionPassword(sess, pw, fieldPassword); err != nil {
		return err
	}
	// Log out first, so no service can write into the tree being deleted.
	s.endSession(sess)
	return s.update(func(tx *bolt.Tx) error {
		if users := tx.Bucket(store.BucketUsers); users != nil {
			if err := users.Delete([]byte(sess.key)); err != nil {
				return err
			}
		}
		if roots := tx.Bucket(store.BucketUserRoots); roots != nil && roots.Bucket([]byte(sess.user.ID)) != nil {
			return roots.DeleteBucket([]byte(sess.user.ID))
		}
		return nil
	})
}

// RecoverAccount sets a new password with the recovery code, keeping all data,
// logs in, and returns a new recovery code (the old one stops working).
func (s *Service) RecoverAccount(req RecoverRequest) (SignUpResult, error) {
	if err := requireUsername(req.Username); err != nil {
		return SignUpResult{}, err
	}
	if req.RecoveryCode == "" {
		return SignUpResult{}, apperr.Field(apperr.InputRequired, fieldRecoveryCode, "enter your recovery code")
	}
	if err := tooBig(req.RecoveryCode, maxRecoveryCodeBytes, fieldRecoveryCode, "this is longer than a recovery code"); err != nil {
		return SignUpResult{}, err
	}
	canon, err := vault.NormalizeRecoveryCode(req.RecoveryCode)
	if err != nil {
		return SignUpResult{}, badRecovery()
	}
	pw, err := cleanPassword(req.NewPassword, fieldNewPassword, req.Username)
	if err != nil {
		return SignUpResult{}, err
	}
	key := usernameKey(req.Username)

	s.authMu.Lock()
	defer s.authMu.Unlock()
	if s.loggedIn() {
		return SignUpResult{}, alreadyLoggedIn()
	}
	rec, err := s.load(key)
	if err != nil {
		return SignUpResult{}, err
	}
	if err := s.checkThrottle(key, rec); err != nil {
		return SignUpResult{}, err
	}
	if rec == nil {
		_, _, _ = s.openLock(s.dummy, canon, nil, nil) // the same argon2id run, bound to fail
		return SignUpResult{}, firstErr(s.failUnknown(key), badRecovery())
	}
	data, _, err := s.openLock(rec.recoveryLock(), canon, aadKeyByRecovery(rec.ID), aadKeyByRecoveryV1(rec.ID))
	if errors.Is(err, vault.ErrWrongSecret) {
		return SignUpResult{}, firstErr(s.failKnown(key, rec), badRecovery())
	}
	if err != nil {
		return SignUpResult{}, lockErr(err)
	}
	code, err := s.fillKeys(rec, pw, data)
	if err != nil {
		data.Zero()
		return SignUpResult{}, vaultErr(err)
	}
	user, err := s.finishLogIn(key, rec, data)
	if err != nil {
		return SignUpResult{}, err
	}
	return SignUpResult{User: user, RecoveryCode: code}, nil
}
