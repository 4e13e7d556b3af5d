package account

import (
	"errors"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"parley/backend/apperr"
	"parley/backend/store"
	"parley/backend/userdata"
	"parley/backend/vault"
)

// Options tune a Service. The zero value is what the app uses.
type Options struct {
	// Params are the argon2id costs for new hashes and keys; zero means
	// vault.DefaultParams (RFC 9106). Tests pass vault.TestParams to stay fast.
	Params vault.Params
	// Now is the clock used for timestamps and throttling; nil means time.Now.
	Now func() time.Time
}

// Service owns the accounts and the current session. Safe for concurrent use.
type Service struct {
	db     *store.DB
	params vault.Params
	now    func() time.Time

	// derive is the only place argon2id runs and update the only way records
	// are written, so tests can count the work an attempt does.
	derive func(vault.KDF, []byte) (*vault.Derived, error)
	update func(func(*bolt.Tx) error) error

	// authMu serialises everything that reads and rewrites an account record
	// (and so also makes parallel password guessing no faster).
	authMu     sync.Mutex
	dummy      vault.Lock // argon2 target for names without an account
	maxUnknown int        // names without an account whose failures are kept

	mu  sync.RWMutex
	cur *session

	hooksMu  sync.Mutex
	onLogout []func()
}

type session struct {
	key   string // usernameKey
	user  User
	data  *vault.Key
	scope *userdata.Scope
}

// New returns the account service over db.
func New(db *store.DB, opt Options) *Service {
	if opt.Params == (vault.Params{}) {
		opt.Params = vault.DefaultParams()
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	s := &Service{db: db, params: opt.Params, now: opt.Now, maxUnknown: maxUnknownNames,
		derive: deriveAndRelease, update: db.Update, dummy: dummyLock(opt.Params)}
	return s
}

// OnLogout registers fn to run at every log-out and account deletion, before
// the data key is zeroed: chat uses it to cancel streams (and may still save a
// stopped reply through its Scope while fn runs). fn must return promptly.
func (s *Service) OnLogout(fn func()) {
	s.hooksMu.Lock()
	defer s.hooksMu.Unlock()
	s.onLogout = append(s.onLogout, fn)
}

// Scope is the logged-in user's sealed data access, or apperr.AuthRequired.
// For Go services only; never bind it.
func (s *Service) Scope() (*userdata.Scope, error) {
	sess, err := s.current()
	if err != nil {
		return nil, err
	}
	return sess.scope, nil
}

// WhoAmI reports the logged-in user, if any.
func (s *Service) WhoAmI() (Session, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.cur == nil {
		return Session{}, nil
	}
	u := s.cur.user
	return Session{LoggedIn: true, User: &u}, nil
}

// LogOut ends the session and zeroes the data key. Logging out twice is fine.
func (s *Service) LogOut() error {
	s.endSession(nil)
	return nil
}

func (s *Service) current() (*session, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.cur == nil {
		return nil, apperr.New(apperr.AuthRequired, "please log in")
	}
	return s.cur, nil
}

func (s *Service) loggedIn() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.cur != nil
}

func (s *Service) startSession(key string, u User, data *vault.Key) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cur = &session{key: key, user: u, data: data, scope: userdata.New(s.db, u.ID, data)}
}

// endSession logs out (only if the session is still `only`, when given): new
// calls see no session at once, hooks run, then the key is zeroed and its
// cipher dropped.
func (s *Service) endSession(only *session) {
	s.mu.Lock()
	sess := s.cur
	if sess == nil || (only != nil && sess != only) {
		s.mu.Unlock()
		return
	}
	s.cur = nil
	s.mu.Unlock()

	s.hooksMu.Lock()
	hooks := append([]func(){}, s.onLogout...)
	s.hooksMu.Unlock()
	for _, fn := range hooks {
		fn()
	}
	sess.data.Zero()
}

func badCredentials() error {
	return apperr.New(apperr.AuthBadCredentials, "the username or password is wrong")
}

func badRecovery() error {
	return apperr.Field(apperr.AuthBadRecovery, fieldRecoveryCode, "the username or recovery code is wrong")
}

func alreadyLoggedIn() error {
	return apperr.New(apperr.AuthLoggedIn, "log out first")
}

// vaultErr codes a failure from the vault: a zeroed key means the user logged
// out meanwhile; anything else is internal.
func vaultErr(err error) error {
	if errors.Is(err, vault.ErrKeyZeroed) {
		return apperr.New(apperr.AuthRequired, "please log in")
	}
	var coded *apperr.Error
	if errors.As(err, &coded) {
		return err
	}
	return apperr.Wrap(apperr.Internal, err, "account: key handling failed")
}

func (s *Service) load(key string) (*record, error) {
	var rec *record
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		rec, err = loadRecord(tx, key)
		return err
	})
	return rec, err
}

func (s *Service) save(key string, rec *record) error {
	return s.update(func(tx *bolt.Tx) error { return saveRecord(tx, key, rec) })
}

// failKnown counts a failed attempt in the account record, so it survives restarts.
func (s *Service) failKnown(key string, rec *record) error {
	a := rec.attempts()
	a.fail(s.now())
	rec.setAttempts(a)
	return s.save(key, rec)
}

// checkThrottle refuses an attempt while the name is locked out.
func (s *Service) checkThrottle(key string, rec *record) error {
	if rec == nil {
		a, err := s.unknownAttempts(key)
		if err != nil {
			return err
		}
		return a.throttled(s.now())
	}
	return rec.attempts().throttled(s.now())
}

// requireUsername checks a username typed to log in or recover: its size
// first, then that it is not blank. The rules may have changed since sign-up,
// so nothing else is checked.
func requireUsername(raw string) error {
	if err := tooBig(raw, maxUsernameBytes, fieldUsername, "the username is longer than 32 characters"); err != nil {
		return err
	}
	if strings.TrimSpace(raw) == "" {
		return apperr.Field(apperr.InputRequired, fieldUsername, "enter your username")
	}
	return nil
}
