package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"parley/backend/apperr"
	"parley/backend/core"
	"parley/backend/store"
	"parley/backend/transfer"
	"parley/backend/userdata"
)

// Bound methods for the learner's data: backups, restore, salvage, export and import.

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
