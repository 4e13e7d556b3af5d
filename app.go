package main

import (
	"context"
	"log"
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
	"parley/backend/settings"
	"parley/backend/weblink"
)

// App is the only object bound to the web view. It stays thin: every method
// hands over to backend/core, which knows the session; JS never passes a user id.
type App struct {
	ctx    context.Context
	dbPath string

	ready   chan struct{} // closed once startup has opened (or failed to open) the data file
	core    *core.Core
	openErr error
}

// NewApp prepares the facade; the data file opens in startup.
func NewApp(dbPath string) *App { return &App{dbPath: dbPath, ready: make(chan struct{})} }

// startup opens the data file. A failure (already running, damaged file) is
// kept and returned by every call, so the UI can say what happened.
func (a *App) startup(ctx context.Context) {
	a.ctx = ctx
	a.core, a.openErr = core.Open(a.dbPath, core.Options{Emitter: events.Wails{Ctx: ctx}})
	if a.openErr != nil {
		log.Printf("parley: cannot open data file: %s", apperr.CodeOf(a.openErr))
	}
	close(a.ready)
}

// shutdown stops streams (saving partial replies), zeroes the key and closes the file.
func (a *App) shutdown(context.Context) {
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
	case <-time.After(30 * time.Second):
		return nil, apperr.New(apperr.StoreIO, "the data file did not open in time")
	}
	if a.openErr != nil {
		return nil, a.openErr
	}
	return a.core, nil
}

// call and do run a core method once the data file is open.
func call[T any](a *App, fn func(c *core.Core) (T, error)) (_ T, err error) {
	defer recovered(&err)
	c, err := a.c()
	if err != nil {
		var zero T
		return zero, err
	}
	return fn(c)
}

func do(a *App, fn func(c *core.Core) error) (err error) {
	defer recovered(&err)
	c, err := a.c()
	if err != nil {
		return err
	}
	return fn(c)
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
}

// AppInfo returns the version and where the data file lives.
func (a *App) AppInfo() (Info, error) {
	return Info{Version: version, DataPath: a.dbPath}, nil
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

// --- account ---

func (a *App) SignUp(req account.SignUpRequest) (account.SignUpResult, error) {
	return call(a, func(c *core.Core) (account.SignUpResult, error) { return c.SignUp(req) })
}
func (a *App) LogIn(req account.LogInRequest) (account.User, error) {
	return call(a, func(c *core.Core) (account.User, error) { return c.LogIn(req) })
}
func (a *App) LogOut() error { return do(a, func(c *core.Core) error { return c.LogOut() }) }
func (a *App) WhoAmI() (account.Session, error) {
	return call(a, func(c *core.Core) (account.Session, error) { return c.WhoAmI() })
}
func (a *App) ChangePassword(req account.ChangePasswordRequest) error {
	return do(a, func(c *core.Core) error { return c.ChangePassword(req) })
}
func (a *App) DeleteAccount(password string) error {
	return do(a, func(c *core.Core) error { return c.DeleteAccount(password) })
}
func (a *App) RecoverAccount(req account.RecoverRequest) (account.SignUpResult, error) {
	return call(a, func(c *core.Core) (account.SignUpResult, error) { return c.RecoverAccount(req) })
}

// --- settings (the API key goes in, never out) ---

func (a *App) GetSettings() (settings.Settings, error) {
	return call(a, func(c *core.Core) (settings.Settings, error) { return c.GetSettings() })
}
func (a *App) SaveSettings(up settings.SettingsUpdate) (settings.Settings, error) {
	return call(a, func(c *core.Core) (settings.Settings, error) { return c.SaveSettings(up) })
}
func (a *App) TestConnection() (llm.ConnectionReport, error) {
	return call(a, func(c *core.Core) (llm.ConnectionReport, error) { return c.TestConnection(a.ctx) })
}
func (a *App) ListModels() ([]string, error) {
	return call(a, func(c *core.Core) ([]string, error) { return c.ListModels(a.ctx) })
}

// --- rooms ---

func (a *App) ListRooms() ([]room.RoomSummary, error) {
	return call(a, func(c *core.Core) ([]room.RoomSummary, error) { return c.ListRooms() })
}
func (a *App) GetRoom(id string) (room.Room, error) {
	return call(a, func(c *core.Core) (room.Room, error) { return c.GetRoom(id) })
}
func (a *App) CreateRoom(in room.RoomInput) (room.Room, error) {
	return call(a, func(c *core.Core) (room.Room, error) { return c.CreateRoom(in) })
}
func (a *App) UpdateRoom(id string, in room.RoomInput) (room.Room, error) {
	return call(a, func(c *core.Core) (room.Room, error) { return c.UpdateRoom(id, in) })
}
func (a *App) ValidateRoom(in room.RoomInput) ([]*apperr.Error, error) {
	return call(a, func(c *core.Core) ([]*apperr.Error, error) { return c.ValidateRoom(in) })
}
func (a *App) DeleteRooms(ids []string) error {
	return do(a, func(c *core.Core) error { return c.DeleteRooms(ids) })
}
func (a *App) ListTrash() ([]room.RoomSummary, error) {
	return call(a, func(c *core.Core) ([]room.RoomSummary, error) { return c.ListTrash() })
}
func (a *App) RestoreRooms(ids []string) error {
	return do(a, func(c *core.Core) error { return c.RestoreRooms(ids) })
}
func (a *App) EmptyTrash() error { return do(a, func(c *core.Core) error { return c.EmptyTrash() }) }
func (a *App) ListPresets() ([]room.Preset, error) {
	return call(a, func(c *core.Core) ([]room.Preset, error) { return c.ListPresets(), nil })
}

// --- chat (replies stream as chat:delta / chat:done / chat:error events) ---

func (a *App) ListMessages(roomID string, beforeID uint64, limit int) (chat.MessagePage, error) {
	return call(a, func(c *core.Core) (chat.MessagePage, error) { return c.ListMessages(roomID, beforeID, limit) })
}
func (a *App) OpenScene(roomID string) (chat.SendResult, error) {
	return call(a, func(c *core.Core) (chat.SendResult, error) { return c.OpenScene(roomID) })
}
func (a *App) SendMessage(roomID, text string) (chat.SendResult, error) {
	return call(a, func(c *core.Core) (chat.SendResult, error) { return c.SendMessage(roomID, text) })
}
func (a *App) StopReply(roomID string) error {
	return do(a, func(c *core.Core) error { return c.StopReply(roomID) })
}
func (a *App) RetryReply(roomID string) (chat.SendResult, error) {
	return call(a, func(c *core.Core) (chat.SendResult, error) { return c.RetryReply(roomID) })
}
func (a *App) RegenerateReply(roomID string) (chat.SendResult, error) {
	return call(a, func(c *core.Core) (chat.SendResult, error) { return c.RegenerateReply(roomID) })
}
func (a *App) EditLastMessage(roomID, text string) (chat.SendResult, error) {
	return call(a, func(c *core.Core) (chat.SendResult, error) { return c.EditLastMessage(roomID, text) })
}
func (a *App) SelectAlternative(roomID string, messageID uint64, index int) (chat.Message, error) {
	return call(a, func(c *core.Core) (chat.Message, error) { return c.SelectAlternative(roomID, messageID, index) })
}
func (a *App) SuggestReply(roomID string) (string, error) {
	return call(a, func(c *core.Core) (string, error) { return c.SuggestReply(a.ctx, roomID) })
}
func (a *App) RoomUsage(roomID string) (chat.RoomUsage, error) {
	return call(a, func(c *core.Core) (chat.RoomUsage, error) { return c.RoomUsage(roomID) })
}

// formatError turns every error into {code, field, message} for JS, so the UI
// can translate by code; uncoded errors become "internal" without leaking text.
func formatError(err error) any {
	e := apperr.As(err)
	return map[string]string{"code": e.Code, "field": e.Field, "message": e.Message}
}
