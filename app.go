package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/options"
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"parley/backend/account"
	"parley/backend/apperr"
	"parley/backend/applog"
	"parley/backend/audio"
	"parley/backend/chat"
	"parley/backend/coach"
	"parley/backend/core"
	"parley/backend/events"
	"parley/backend/llm"
	"parley/backend/lookup"
	"parley/backend/phrasebook"
	"parley/backend/progress"
	"parley/backend/reading"
	"parley/backend/room"
	"parley/backend/search"
	"parley/backend/settings"
	"parley/backend/speech"
	"parley/backend/store"
	"parley/backend/transfer"
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

// --- your data: backups and restore (before log-in) ---

// ListBackups lists the copies of the data file in its backups folder,
// newest first. It works when the data file could not be opened, too.
func (a *App) ListBackups() (_ []store.BackupInfo, err error) {
	defer recovered(&err)
	<-a.ready
	return store.Backups(a.dbPath)
}

// RestoreBackup replaces the data file with a backup, before anyone logs
// in: the file is closed, the backup copied into place (the current file
// kept as a "replaced" backup, which restoring undoes this), and opened
// again, checked, in this process.
func (a *App) RestoreBackup(name string) (_ store.RestoreResult, err error) {
	defer recovered(&err)
	<-a.ready
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.mayReplaceFile(); err != nil {
		return store.RestoreResult{}, err
	}
	if a.core != nil {
		if who, _ := a.core.Accounts().WhoAmI(); who.LoggedIn {
			return store.RestoreResult{}, apperr.New(apperr.AuthLoggedIn, "log out before restoring a backup")
		}
		if err := a.core.Close(); err != nil {
			return store.RestoreResult{}, apperr.Wrap(apperr.StoreIO, err, "cannot close the data file")
		}
		a.core = nil
	}
	c, res, err := core.RestoreBackup(a.dbPath, name, a.coreOptions())
	a.core, a.openErr = c, nil
	if c == nil {
		a.openErr = err
	}
	return res, err
}

// mayReplaceFile refuses to replace the data file while another Parley holds
// it (store.locked): only a file this process opened, or could not open
// because of what is in it, may be moved aside. Called with a.mu held.
func (a *App) mayReplaceFile() error {
	if a.core == nil && apperr.CodeOf(a.openErr) == apperr.StoreLocked {
		return a.openErr
	}
	return nil
}

// SalvageDataFile copies what can be read of a damaged data file into a new
// one, keeps the damaged file in the backups folder (restoring it undoes
// this) and opens the new one. Before log-in only.
func (a *App) SalvageDataFile() (_ core.SalvageResult, err error) {
	defer recovered(&err)
	<-a.ready
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.mayReplaceFile(); err != nil {
		return core.SalvageResult{}, err
	}
	if a.core != nil {
		if who, _ := a.core.Accounts().WhoAmI(); who.LoggedIn {
			return core.SalvageResult{}, apperr.New(apperr.AuthLoggedIn, "log out before salvaging the data file")
		}
		if err := a.core.Close(); err != nil {
			return core.SalvageResult{}, apperr.Wrap(apperr.StoreIO, err, "cannot close the data file")
		}
		a.core = nil
	}
	c, res, err := core.SalvageFile(a.dbPath, a.coreOptions())
	if c == nil && res.Replaced == "" {
		// Nothing was put in place: the file as it was opens (or fails) as before.
		c, a.openErr = core.Open(a.dbPath, a.coreOptions())
	} else {
		a.openErr = err
	}
	a.core = c
	return res, err
}

// --- your data: account export and import ---

// ExportResult says whether the export was saved (false: the learner closed
// the save dialog) and under which file name.
type ExportResult struct {
	Saved    bool                   `json:"saved"`
	FileName string                 `json:"fileName"`
	Summary  transfer.ExportSummary `json:"summary"`
}

// ExportAccount asks where to save and writes the logged-in account there,
// sealed with the passphrase (the API key only when req.IncludeKey).
func (a *App) ExportAccount(req core.ExportRequest) (ExportResult, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (ExportResult, error) {
		if err := transfer.CheckPassphrase(req.Passphrase); err != nil {
			return ExportResult{}, err
		}
		who, err := c.Accounts().WhoAmI()
		if err != nil || who.User == nil {
			return ExportResult{}, apperr.New(apperr.AuthRequired, "please log in")
		}
		name := fmt.Sprintf("parley-%s-%s%s", who.User.Username, time.Now().Format("2006-01-02"), transfer.Ext)
		path, err := a.dialogs.save("Export my account", name, "*"+transfer.Ext)
		if err != nil || path == "" {
			return ExportResult{}, err
		}
		sum, err := c.ExportAccount(s, path, req)
		return ExportResult{Saved: err == nil, FileName: filepath.Base(path), Summary: sum}, err
	})
}

// ImportResult says whether a file was chosen and what importing it did.
type ImportResult struct {
	Opened bool                  `json:"opened"`
	Report transfer.ImportReport `json:"report"`
}

// ImportAccount asks for an export file and merges it into the logged-in account.
func (a *App) ImportAccount(passphrase string) (ImportResult, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (ImportResult, error) {
		path, err := a.dialogs.open("Import an account", "*"+transfer.Ext)
		if err != nil || path == "" {
			return ImportResult{}, err
		}
		rep, err := c.ImportAccount(s, path, passphrase)
		return ImportResult{Opened: true, Report: rep}, err
	})
}

// ImportNewResult says whether a file was chosen, and the new account made
// from it (logged in, with its recovery code) and what it holds.
type ImportNewResult struct {
	Opened  bool                 `json:"opened"`
	Account core.ImportNewResult `json:"account"`
}

// ImportNewAccount asks for an export file and makes a new local account from it, before log-in.
func (a *App) ImportNewAccount(req core.ImportNewRequest) (ImportNewResult, error) {
	return call(a, func(c *core.Core) (ImportNewResult, error) {
		path, err := a.dialogs.open("Import an account", "*"+transfer.Ext)
		if err != nil || path == "" {
			return ImportNewResult{}, err
		}
		res, err := c.ImportNewAccount(path, req)
		return ImportNewResult{Opened: true, Account: res}, err
	})
}

// RoomExportResult says whether a room transcript was saved (false: the
// learner closed the save dialog) and under which file name.
type RoomExportResult struct {
	Saved    bool   `json:"saved"`
	FileName string `json:"fileName"`
}

// ExportRoom asks where to save and writes the room's transcript there, as
// "markdown" or "json".
func (a *App) ExportRoom(roomID, format string) (RoomExportResult, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (RoomExportResult, error) {
		ext, ok := core.RoomFormatExt[format]
		if !ok {
			return RoomExportResult{}, apperr.Field(apperr.InputInvalid, "format", "the format is markdown or json")
		}
		r, err := c.Rooms().Get(s, roomID)
		if err != nil {
			return RoomExportResult{}, err
		}
		path, err := a.dialogs.save("Export the room", safeFileName(r.Title)+ext, "*"+ext)
		if err != nil || path == "" {
			return RoomExportResult{}, err
		}
		err = c.ExportRoom(s, roomID, format, path)
		return RoomExportResult{Saved: err == nil, FileName: filepath.Base(path)}, err
	})
}

// safeFileName makes a room title a file name on every OS.
func safeFileName(title string) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`<>:"/\|?*`, r) || r < 32 {
			return '-'
		}
		return r
	}, strings.TrimSpace(title))
	if name == "" || strings.Trim(name, ".") == "" {
		return "parley-room"
	}
	if r := []rune(name); len(r) > 80 {
		name = string(r[:80])
	}
	return name
}

// --- coach (feedback arrives as coach:feedback and coach:goals events) ---

func (a *App) RoomCoaching(roomID string) (coach.RoomCoaching, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (coach.RoomCoaching, error) {
		return c.Coach().RoomCoaching(s, roomID)
	})
}
func (a *App) SetCoachMode(roomID, mode string) error {
	return scopedDo(a, func(c *core.Core, s *userdata.Scope) error { return c.Coach().SetMode(s, roomID, mode) })
}

// ShowingLanguage tells the coach which language the UI shows, for a UI
// language setting that follows the OS.
func (a *App) ShowingLanguage(lang string) error {
	return scopedDo(a, func(c *core.Core, s *userdata.Scope) error { return c.Coach().ShowingLanguage(s, lang) })
}

// CheckLine asks the coach about one of my lines now (Check, Retry).
func (a *App) CheckLine(roomID string, messageID uint64) (coach.Feedback, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (coach.Feedback, error) {
		return c.Coach().Check(s, roomID, messageID)
	})
}

// HintLadder runs as call callID, which CancelCall (or log-out) cancels.
func (a *App) HintLadder(callID, roomID string) (coach.HintLadder, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (coach.HintLadder, error) {
		return c.HintLadder(s, callID, roomID)
	})
}
func (a *App) HintRungReached(roomID string, rung int) error {
	return scopedDo(a, func(c *core.Core, s *userdata.Scope) error { return c.Coach().ReachRung(s, roomID, rung) })
}

// TranslateMessage and HowDoISay run as call callID, which CancelCall cancels.
func (a *App) TranslateMessage(callID, roomID string, messageID uint64) (coach.Translation, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (coach.Translation, error) {
		return c.TranslateMessage(s, callID, roomID, messageID)
	})
}
func (a *App) HowDoISay(callID, roomID, text string) (coach.Ways, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (coach.Ways, error) { return c.HowDoISay(s, callID, roomID, text) })
}

// EndSession runs as call callID, which CancelCall cancels.
func (a *App) EndSession(callID, roomID string) (coach.Debrief, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (coach.Debrief, error) { return c.EndSession(s, callID, roomID) })
}
func (a *App) ListDebriefs(roomID string) ([]coach.Debrief, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) ([]coach.Debrief, error) { return c.Coach().Debriefs(s, roomID) })

}

// TranslateScene runs as call callID, which CancelCall cancels.
func (a *App) TranslateScene(callID, roomID, language string) (chat.SceneTranslation, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (chat.SceneTranslation, error) {
		return c.TranslateScene(s, callID, roomID, language)
	})
}

// UsageReport is the usage panel: tokens and estimated cost per month and model.
func (a *App) UsageReport() (chat.UsageReport, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (chat.UsageReport, error) { return c.Chat().UsageReport(s) })
}

// --- speaking (push-to-talk, shadowing) ---

func (a *App) SpeechCapture() (speech.CaptureInfo, error) {
	return call(a, func(c *core.Core) (speech.CaptureInfo, error) { return c.Speech().Capture(), nil })
}
func (a *App) GetSpeakSettings() (settings.SpeakSettings, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (settings.SpeakSettings, error) { return c.Settings().GetSpeak(s) })
}
func (a *App) SaveSpeakSettings(transcriptionModel string) (settings.SpeakSettings, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (settings.SpeakSettings, error) {
		return c.Settings().SaveSpeak(s, transcriptionModel)
	})
}
func (a *App) SetSendAtOnce(roomID string, on bool) (settings.SpeakSettings, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (settings.SpeakSettings, error) {
		return c.Settings().SetSendAtOnce(s, roomID, on)
	})
}
func (a *App) StartRecording() (speech.Recording, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (speech.Recording, error) { return c.Speech().StartRecording(s) })
}

// StopRecording runs as call recordingID, which CancelCall cancels.
func (a *App) StopRecording(roomID, recordingID string) (speech.Transcript, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (speech.Transcript, error) {
		return c.StopRecording(s, roomID, recordingID)
	})
}
func (a *App) CancelRecording(recordingID string) error {
	return scopedDo(a, func(c *core.Core, s *userdata.Scope) error { return c.Speech().CancelRecording(s, recordingID) })
}

// TranscribeUpload runs as call callID, which CancelCall cancels.
func (a *App) TranscribeUpload(callID, roomID string, up speech.Upload) (speech.Transcript, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (speech.Transcript, error) {
		return c.TranscribeUpload(s, callID, roomID, up)
	})
}
func (a *App) KeepTake(roomID string, messageID uint64, takeID string) error {
	return scopedDo(a, func(c *core.Core, s *userdata.Scope) error { return c.Speech().KeepTake(s, roomID, messageID, takeID) })
}
func (a *App) MyTakes(roomID string) ([]uint64, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) ([]uint64, error) { return c.Speech().MyTakes(s, roomID) })
}
func (a *App) PlayTake(roomID string, messageID uint64) (speech.Take, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (speech.Take, error) {
		return c.Speech().PlayTake(s, roomID, messageID)
	})
}
func (a *App) CompareLine(roomID string, messageID uint64, said string) (speech.Comparison, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (speech.Comparison, error) {
		return c.Speech().CompareLine(s, roomID, messageID, said)
	})
}

// --- speech (audio comes back as a data: URL for an <audio> element) ---

// SpeakMessage and SpeakText run as call callID, which CancelCall cancels.
func (a *App) SpeakMessage(callID, roomID string, messageID uint64, speed float64) (audio.Clip, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (audio.Clip, error) {
		return c.SpeakMessage(s, callID, roomID, messageID, speed)
	})
}
func (a *App) SpeakText(callID, text string, speed float64) (audio.Clip, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (audio.Clip, error) { return c.SpeakText(s, callID, text, speed) })
}
func (a *App) SpeechCacheInfo() (audio.CacheInfo, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (audio.CacheInfo, error) { return c.Audio().CacheInfo(s) })
}
func (a *App) ClearSpeechCache() error {
	return scopedDo(a, func(c *core.Core, s *userdata.Scope) error { return c.Audio().ClearCache(s) })
}

// LookupWord explains a tapped word (reading, dictionary form, meaning, note); cached.
func (a *App) LookupWord(callID string, req lookup.Request) (lookup.WordInfo, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (lookup.WordInfo, error) { return c.LookupWord(s, callID, req) })
}

// ReadingAids gives each text its reading segments: furigana for ja,
// romanisation for ko, none for en (English readings come on tap).
func (a *App) ReadingAids(language string, texts []string) ([][]reading.Segment, error) {
	return scoped(a, func(*core.Core, *userdata.Scope) ([][]reading.Segment, error) {
		return reading.ForTexts(language, texts)
	})
}

// Progress is the practice per language; days in the learner's time zone (IANA name).
func (a *App) Progress(timeZone string) ([]progress.Language, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) ([]progress.Language, error) { return c.Progress(s, timeZone) })
}

// --- phrasebook (SavePhrase is what tap-a-word, corrections, hints and the debrief call) ---

func (a *App) SavePhrase(in phrasebook.PhraseInput) (phrasebook.Phrase, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (phrasebook.Phrase, error) { return c.Phrases().Save(s, in) })
}
func (a *App) UpdatePhrase(id uint64, in phrasebook.PhraseInput) (phrasebook.Phrase, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (phrasebook.Phrase, error) { return c.Phrases().Update(s, id, in) })
}
func (a *App) DeletePhrases(ids []uint64) error {
	return scopedDo(a, func(c *core.Core, s *userdata.Scope) error { return c.Phrases().Delete(s, ids) })
}
func (a *App) ListPhrases(q phrasebook.Query) ([]phrasebook.Phrase, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) ([]phrasebook.Phrase, error) { return c.Phrases().List(s, q) })
}
func (a *App) DuePhrases(limit int) (phrasebook.Due, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (phrasebook.Due, error) { return c.Phrases().DueNow(s, limit) })
}
func (a *App) RatePhrase(id uint64, rating int) (phrasebook.Phrase, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (phrasebook.Phrase, error) {
		return c.Phrases().Rate(s, id, phrasebook.Rating(rating))
	})
}
func (a *App) ExportPhrasebook(format, language string) (phrasebook.ExportFile, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (phrasebook.ExportFile, error) {
		return c.Phrases().Export(s, format, language)
	})
}

// SavePhrasebookExport asks where to save the export (the OS save dialog)
// and writes it there; "" means the learner canceled.
func (a *App) SavePhrasebookExport(format, language string) (string, error) {
	f, err := a.ExportPhrasebook(format, language)
	if err != nil {
		return "", err
	}
	path, err := wruntime.SaveFileDialog(a.ctx, wruntime.SaveDialogOptions{DefaultFilename: f.Name, Title: "Parley"})
	if err != nil || path == "" {
		return "", err
	}
	return path, phrasebook.WriteExport(path, f)
}

// formatError turns every error into {code, field, message} for JS, so the UI
// can translate by code; uncoded errors become "internal" without leaking text.
func formatError(err error) any {
	e := apperr.As(err)
	return map[string]string{"code": e.Code, "field": e.Field, "message": e.Message}
}
