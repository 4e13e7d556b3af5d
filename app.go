package main

import (
	"context"
	"log"
	"os"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/options"
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"parley/backend/account"
	"parley/backend/apperr"
	"parley/backend/applog"
	"parley/backend/chat"
	"parley/backend/core"
	"parley/backend/events"
	"parley/backend/llm"
	"parley/backend/room"
	"parley/backend/search"
	"parley/backend/settings"
	"parley/backend/update"
	"parley/backend/userdata"
	"parley/backend/weblink"
)

// App is the only object bound to the web view. It stays thin: every method
// is one call to a service (or to backend/core where services compose) in the
// logged-in user's scope; JS never passes a user id.
type App struct {
	ctx    context.Context
	dbPath string

	dialogs fileDialogs
	updates *update.Checker // this build's version and release address
	ready   chan struct{}   // closed once startup has opened (or failed to open) the data file
	mu      sync.RWMutex    // guards core and openErr, which a restore replaces
	core    *core.Core
	openErr error
	theme   windowTheme // what the window's native parts follow (windowtheme.go)
}

// NewApp prepares the facade; the data file opens in startup.
func NewApp(dbPath string) *App {
	a := &App{dbPath: dbPath, ready: make(chan struct{}), updates: update.NewChecker(releasesURL, version, os.Getenv)}
	a.dialogs = dialogsFor(a)
	return a
}

// startup opens the data file. A failure (already running, damaged file) is
// kept and returned by every call, so the UI can say what happened.
func (a *App) startup(ctx context.Context) {
	a.ctx = ctx
	go followDesktopTheme(ctx, a.desktopSchemeChanged)
	a.mu.Lock()
	a.core, a.openErr = core.Open(a.dbPath, a.coreOptions())
	a.mu.Unlock()
	if a.openErr != nil {
		log.Printf("parley: cannot open data file: %s", apperr.CodeOf(a.openErr))
	}
	close(a.ready)
}

// coreOptions are the options the data file is opened with.
func (a *App) coreOptions() core.Options {
	// The checker is this binary (main handles integrity.Flag); without it
	// the file is opened unchecked rather than not at all.
	exe, err := os.Executable()
	if err != nil {
		log.Printf("parley: cannot find the checker: %v", err)
	}
	return core.Options{Emitter: events.Wails{Ctx: a.ctx}, Checker: exe}
}

// shutdown stops streams (saving partial replies), zeroes the key and closes the file.
func (a *App) shutdown(context.Context) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.core != nil {
		_ = a.core.Close()
	}
}

// secondInstance brings the running window forward when Parley is launched again.
func (a *App) secondInstance(options.SecondInstanceData) {
	if a.ctx == nil {
		return
	}
	wruntime.WindowUnminimise(a.ctx)
	wruntime.Show(a.ctx)
}

// c waits for startup and returns the core, or why it could not open.
func (a *App) c() (*core.Core, error) {
	select {
	case <-a.ready:
	// Startup may first run the integrity check, bounded by its own timeout.
	case <-time.After(core.DefaultCheckTimeout + 30*time.Second):
		return nil, apperr.New(apperr.StoreIO, "the data file did not open in time")
	}
	a.mu.RLock()
	defer a.mu.RUnlock()
	if a.openErr != nil {
		return nil, a.openErr
	}
	return a.core, nil
}

// call runs fn once the data file is open; scoped also needs someone logged
// in and passes their scope. Every bound method is one of these around one
// service call, so adding one touches this file and one service.
func call[T any](a *App, fn func(c *core.Core) (T, error)) (_ T, err error) {
	defer recovered(&err)
	c, err := a.c()
	if err != nil {
		var zero T
		return zero, err
	}
	return fn(c)
}

func scoped[T any](a *App, fn func(c *core.Core, s *userdata.Scope) (T, error)) (T, error) {
	return call(a, func(c *core.Core) (T, error) {
		s, err := c.Scope()
		if err != nil {
			var zero T
			return zero, err
		}
		return fn(c, s)
	})
}

// do and scopedDo are call and scoped for methods that return only an error.
func do(a *App, fn func(c *core.Core) error) error {
	_, err := call(a, func(c *core.Core) (struct{}, error) { return struct{}{}, fn(c) })
	return err
}

func scopedDo(a *App, fn func(c *core.Core, s *userdata.Scope) error) error {
	_, err := scoped(a, func(c *core.Core, s *userdata.Scope) (struct{}, error) { return struct{}{}, fn(c, s) })
	return err
}

// recovered turns a panic in a bound method into an internal error. Left to
// Wails, the panic would be logged with the whole call, arguments (passwords)
// included; here only where it happened is logged.
func recovered(err *error) {
	if r := recover(); r != nil {
		log.Printf("parley: a call failed with a panic (%T) at:\n%s", r, applog.Callers(2))
		*err = apperr.New(apperr.Internal, "something went wrong")
	}
}

// Info describes this build to the About box and support requests.
type Info struct {
	Version  string `json:"version"`
	DataPath string `json:"dataPath"`
	// CanCheckUpdates: this build knows where releases are published.
	CanCheckUpdates bool `json:"canCheckUpdates"`
}

// AppInfo returns the version and where the data file lives.
func (a *App) AppInfo() (Info, error) {
	return Info{Version: version, DataPath: a.dbPath, CanCheckUpdates: a.updates.Available()}, nil
}

// CheckForUpdates compares this version with the newest release, because
// the learner clicked Check now; nothing is downloaded. CancelCall(callID) stops it.
func (a *App) CheckForUpdates(callID string) (update.Result, error) {
	return scoped(a, func(c *core.Core, _ *userdata.Scope) (update.Result, error) {
		return c.CheckForUpdates(callID, a.updates)
	})
}

// CheckForUpdatesAtStart is the UI's call after log-in: it checks only when
// the learner turned checking on, once per start; otherwise result.checked is false.
func (a *App) CheckForUpdatesAtStart(callID string) (update.Result, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (update.Result, error) {
		return c.CheckForUpdatesAtStart(s, callID, a.updates)
	})
}

// OpenExternal opens an http(s) link in the OS browser; nothing else leaves the app.
func (a *App) OpenExternal(url string) error {
	u, err := weblink.Check(url)
	if err != nil {
		return err
	}
	wruntime.BrowserOpenURL(a.ctx, u)
	return nil
}

// Limits returns the form choices and maximum lengths the services enforce.
func (a *App) Limits() (core.Limits, error) {
	return call(a, func(c *core.Core) (core.Limits, error) { return c.Limits(), nil })
}

// CancelCall cancels a SuggestReply, TranslateScene, TestConnection or ListModels call by the
// id the UI gave it; an id with nothing under way is not an error.
func (a *App) CancelCall(callID string) error {
	return do(a, func(c *core.Core) error { return c.CancelCall(callID) })
}

// --- account ---

func (a *App) SignUp(req account.SignUpRequest) (account.SignUpResult, error) {
	return call(a, func(c *core.Core) (account.SignUpResult, error) { return c.Accounts().SignUp(req) })
}
func (a *App) LogIn(req account.LogInRequest) (account.User, error) {
	return call(a, func(c *core.Core) (account.User, error) { return c.LogIn(req) })
}
func (a *App) LogOut() error { return do(a, func(c *core.Core) error { return c.Accounts().LogOut() }) }
func (a *App) WhoAmI() (account.Session, error) {
	return call(a, func(c *core.Core) (account.Session, error) { return c.Accounts().WhoAmI() })
}
func (a *App) ChangePassword(req account.ChangePasswordRequest) error {
	return do(a, func(c *core.Core) error { return c.Accounts().ChangePassword(req) })
}
func (a *App) ChangeDisplayName(name string) (account.User, error) {
	return call(a, func(c *core.Core) (account.User, error) { return c.Accounts().ChangeDisplayName(name) })
}

// DeleteAccount deletes the logged-in account, rewrites the data file
// without its bytes, and, when fromBackups, removes it from the backups too.
func (a *App) DeleteAccount(password string, fromBackups bool) (_ core.DeleteResult, err error) {
	defer recovered(&err)
	if _, err := a.c(); err != nil {
		return core.DeleteResult{}, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.core == nil {
		return core.DeleteResult{}, a.openErr
	}
	c, res, err := core.DeleteAccount(a.core, password, fromBackups)
	a.core = c
	if c == nil {
		a.openErr = err
	}
	return res, err
}
func (a *App) RecoverAccount(req account.RecoverRequest) (account.SignUpResult, error) {
	return call(a, func(c *core.Core) (account.SignUpResult, error) { return c.RecoverAccount(req) })
}

// --- settings (the API key goes in, never out) ---

func (a *App) GetSettings() (settings.Settings, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (settings.Settings, error) { return c.Settings().Get(s) })
}
func (a *App) SaveSettings(up settings.SettingsUpdate) (settings.Settings, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (settings.Settings, error) { return c.Settings().Save(s, up) })
}

// TestConnection and ListModels try the settings the form holds, unsaved (a
// blank key means the stored one); only SaveSettings saves.
func (a *App) TestConnection(callID string, up settings.SettingsUpdate) (llm.ConnectionReport, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (llm.ConnectionReport, error) {
		return c.TestConnection(s, callID, up)
	})
}
func (a *App) ListModels(callID string, up settings.SettingsUpdate) ([]string, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) ([]string, error) { return c.ListModels(s, callID, up) })
}

// --- rooms ---

func (a *App) ListRooms() ([]core.RoomSummary, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) ([]core.RoomSummary, error) { return c.ListRooms(s) })
}
func (a *App) GetRoom(id string) (room.Room, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (room.Room, error) { return c.Rooms().Get(s, id) })
}
func (a *App) CreateRoom(in room.RoomInput) (room.Room, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (room.Room, error) { return c.Rooms().Create(s, in) })
}
func (a *App) UpdateRoom(id string, in room.RoomInput) (room.Room, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (room.Room, error) { return c.Rooms().Update(s, id, in) })
}

// ValidateRoom returns every bad field at once ([] when none), for inline errors.
func (a *App) ValidateRoom(in room.RoomInput) ([]*apperr.Error, error) {
	return scoped(a, func(*core.Core, *userdata.Scope) ([]*apperr.Error, error) {
		return append([]*apperr.Error{}, room.Validate(in)...), nil
	})
}
func (a *App) DeleteRooms(ids []string) error {
	return scopedDo(a, func(c *core.Core, s *userdata.Scope) error { return c.Rooms().Delete(s, ids) })
}

// DataDamage counts the rooms and conversation records the lists leave out
// because they cannot be read, so the UI can name the damage.
func (a *App) DataDamage() (core.DamageReport, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (core.DamageReport, error) { return c.Damage(s) })
}
func (a *App) ListTrash() ([]core.RoomSummary, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) ([]core.RoomSummary, error) { return c.ListTrash(s) })
}
func (a *App) RestoreRooms(ids []string) error {
	return scopedDo(a, func(c *core.Core, s *userdata.Scope) error { return c.Rooms().Restore(s, ids) })
}
func (a *App) EmptyTrash() error {
	return scopedDo(a, func(c *core.Core, s *userdata.Scope) error { return c.Rooms().EmptyTrash(s) })
}

// PinnedRooms and PinRoom keep the learner's favourite rooms on top of the list.
func (a *App) PinnedRooms() ([]string, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) ([]string, error) { return c.Settings().PinnedRooms(s) })
}
func (a *App) PinRoom(id string, pin bool) ([]string, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) ([]string, error) { return c.PinRoom(s, id, pin) })
}
func (a *App) ListPresets() ([]room.Preset, error) {
	return call(a, func(*core.Core) ([]room.Preset, error) { return room.Presets(), nil })
}

// --- chat (replies stream as chat:delta / chat:done / chat:error events) ---

func (a *App) ListMessages(roomID string, beforeID uint64, limit int) (chat.MessagePage, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (chat.MessagePage, error) {
		return c.Chat().ListMessages(s, roomID, beforeID, limit)
	})
}
func (a *App) ListMessagesAround(roomID string, messageID uint64, limit int) (chat.MessagePage, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (chat.MessagePage, error) {
		return c.Chat().ListMessagesAround(s, roomID, messageID, limit)
	})
}
func (a *App) SearchMessages(req search.Request) (search.Result, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (search.Result, error) { return c.Search().Search(s, req) })
}
func (a *App) OpenScene(roomID string) (chat.SendResult, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (chat.SendResult, error) { return c.Chat().OpenScene(s, roomID) })
}
func (a *App) SendMessage(roomID, text string) (chat.SendResult, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (chat.SendResult, error) {
		return c.SendMessage(s, roomID, text)
	})
}
func (a *App) StopReply(roomID string) error {
	return scopedDo(a, func(c *core.Core, s *userdata.Scope) error { return c.Chat().StopReply(s, roomID) })
}
func (a *App) RetryReply(roomID string) (chat.SendResult, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (chat.SendResult, error) { return c.Chat().RetryReply(s, roomID) })
}
func (a *App) RegenerateReply(roomID string) (chat.SendResult, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (chat.SendResult, error) {
		return c.Chat().RegenerateReply(s, roomID)
	})
}
func (a *App) EditLastMessage(roomID, text string) (chat.SendResult, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (chat.SendResult, error) {
		return c.EditLastMessage(s, roomID, text)
	})
}
func (a *App) SelectAlternative(roomID string, messageID uint64, index int) (chat.Message, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (chat.Message, error) {
		return c.Chat().SelectAlternative(s, roomID, messageID, index)
	})
}

// SuggestReply runs as call callID, which CancelCall (or log-out) cancels.
func (a *App) SuggestReply(callID, roomID string) (string, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (string, error) { return c.SuggestReply(s, callID, roomID) })
}
func (a *App) RoomUsage(roomID string) (chat.RoomUsage, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (chat.RoomUsage, error) { return c.Chat().RoomUsage(s, roomID) })
}

// formatError turns every error into {code, field, message} for JS, so the UI
// can translate by code; uncoded errors become "internal" without leaking text.
func formatError(err error) any {
	e := apperr.As(err)
	return map[string]string{"code": e.Code, "field": e.Field, "message": e.Message}
}
