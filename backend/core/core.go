// Package core wires Parley's services over one data file and offers them as
// the logged-in user sees them. app.go binds a thin facade over it, so every
// use case here is testable without Wails, a window or a display.
//
// No method takes a user id: the user is always the one whose session the
// account service holds, and every read and write goes through that user's
// sealed scope.
package core

import (
	"context"
	"time"

	"parley/backend/account"
	"parley/backend/chat"
	"parley/backend/events"
	"parley/backend/llm"
	"parley/backend/room"
	"parley/backend/settings"
	"parley/backend/store"
	"parley/backend/userdata"
	"parley/backend/vault"
)

// Options configure a Core; the zero value is production.
type Options struct {
	// Emitter carries streamed replies to the UI; nil drops them.
	Emitter events.Emitter
	// Params overrides argon2id costs; zero means the RFC 9106 set. Tests only.
	Params vault.Params
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// LockTimeout bounds the wait for another process's file lock.
	LockTimeout time.Duration
}

// Core is Parley for one data file. It is safe for concurrent use.
type Core struct {
	db       *store.DB
	accounts *account.Service
	settings *settings.Service
	rooms    *room.Service
	chat     *chat.Service
}

// Open opens (or creates) the data file and wires the services.
func Open(path string, opt Options) (*Core, error) {
	db, err := store.Open(path, store.Options{LockTimeout: opt.LockTimeout, Now: opt.Now})
	if err != nil {
		return nil, err
	}
	c := &Core{db: db, settings: settings.New()}
	c.accounts = account.New(db, account.Options{Params: opt.Params, Now: opt.Now})
	// Rooms ask chat whether a reply streams; chat is built after rooms.
	c.rooms = room.NewService(room.Options{
		Now:           opt.Now,
		PromptVersion: chat.PromptVersion,
		Streaming:     func(userID, roomID string) bool { return c.chat.Streaming(userID, roomID) },
	})
	c.chat = chat.NewService(chat.Options{Rooms: c.rooms, Config: c.settings, Emitter: opt.Emitter, Now: opt.Now})
	// Log-out (and account deletion) stops every reply and saves its partial
	// text while the data key is still there to seal it.
	c.accounts.OnLogout(c.chat.CancelAll)
	return c, nil
}

// Close stops replies, ends the session (zeroing the data key) and closes the file.
func (c *Core) Close() error {
	c.chat.CancelAll()
	_ = c.accounts.LogOut()
	return c.db.Close()
}

func (c *Core) scope() (*userdata.Scope, error) { return c.accounts.Scope() }

// --- account ---

// SignUp creates an account, logs it in and returns its one-time recovery code.
func (c *Core) SignUp(req account.SignUpRequest) (account.SignUpResult, error) {
	return c.accounts.SignUp(req)
}

// LogIn opens a session and clears rooms whose 30 days in the trash are over.
func (c *Core) LogIn(req account.LogInRequest) (account.User, error) {
	u, err := c.accounts.LogIn(req)
	if err != nil {
		return u, err
	}
	if s, err := c.scope(); err == nil {
		// A failed purge only delays the clean-up; it must not block log-in.
		_, _ = c.rooms.PurgeExpired(s)
	}
	return u, nil
}

// LogOut ends the session; streams stop and keep their partial text.
func (c *Core) LogOut() error { return c.accounts.LogOut() }

// WhoAmI tells the UI whether someone is logged in.
func (c *Core) WhoAmI() (account.Session, error) { return c.accounts.WhoAmI() }

// ChangePassword re-wraps the data key under a new password.
func (c *Core) ChangePassword(req account.ChangePasswordRequest) error {
	return c.accounts.ChangePassword(req)
}

// DeleteAccount removes every byte of the user's data and logs out.
func (c *Core) DeleteAccount(password string) error { return c.accounts.DeleteAccount(password) }

// RecoverAccount sets a new password with the recovery code and issues a new code.
func (c *Core) RecoverAccount(req account.RecoverRequest) (account.SignUpResult, error) {
	return c.accounts.RecoverAccount(req)
}

// --- settings ---

// GetSettings returns the settings; the API key only as "set, ends in …".
func (c *Core) GetSettings() (settings.Settings, error) {
	return withScope(c, func(s *userdata.Scope) (settings.Settings, error) { return c.settings.Get(s) })
}

// SaveSettings validates and stores the settings.
func (c *Core) SaveSettings(up settings.SettingsUpdate) (settings.Settings, error) {
	return withScope(c, func(s *userdata.Scope) (settings.Settings, error) { return c.settings.Save(s, up) })
}

// client builds an llm client from the saved settings.
func (c *Core) client() (*llm.Client, error) {
	s, err := c.scope()
	if err != nil {
		return nil, err
	}
	cfg, err := c.settings.ProviderConfig(s)
	if err != nil {
		return nil, err
	}
	return llm.NewClient(cfg)
}

// TestConnection tries the saved provider settings and names what failed.
func (c *Core) TestConnection(ctx context.Context) (llm.ConnectionReport, error) {
	cl, err := c.client()
	if err != nil {
		return llm.ConnectionReport{}, err
	}
	defer cl.Close()
	return cl.TestConnection(ctx), nil
}

// ListModels lists the models the configured server offers.
func (c *Core) ListModels(ctx context.Context) ([]string, error) {
	cl, err := c.client()
	if err != nil {
		return nil, err
	}
	defer cl.Close()
	return cl.ListModels(ctx)
}

// withScope runs fn with the logged-in user's scope, or fails with auth.required.
func withScope[T any](c *Core, fn func(s *userdata.Scope) (T, error)) (T, error) {
	s, err := c.scope()
	if err != nil {
		var zero T
		return zero, err
	}
	return fn(s)
}

// withScopeErr is withScope for actions that return only an error.
func withScopeErr(c *Core, fn func(s *userdata.Scope) error) error {
	s, err := c.scope()
	if err != nil {
		return err
	}
	return fn(s)
}
