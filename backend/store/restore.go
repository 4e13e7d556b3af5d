package store

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"parley/backend/apperr"
)

// Restoring a backup replaces the data file with a copy of it. The file it
// replaces is never deleted: it is moved into the backups folder as
// replacedPrefix+<time>.db, listed with the backups (kind "replaced") and
// never rotated, so a restore is undone by restoring that file.
const replacedPrefix = "replaced-"

// Backup kinds, as Backups lists them.
const (
	KindDaily     = "daily"
	KindMigration = "migration"
	KindReplaced  = "replaced" // the data file as it was before a restore
)

// BackupInfo is one copy in the backups folder.
type BackupInfo struct {
	// Name is the file name inside the backups folder; Restore takes it.
	Name string `json:"name"`
	Kind string `json:"kind"`
	// Time is when the copy was made (its file's modification time).
	Time time.Time `json:"time"`
	Size int64     `json:"size"`
}

// Backups lists the copies beside the data file at dbPath, newest first. A
// missing folder is an empty list.
func Backups(dbPath string) ([]BackupInfo, error) {
	entries, err := os.ReadDir(BackupDir(dbPath))
	if errors.Is(err, os.ErrNotExist) {
		return []BackupInfo{}, nil
	}
	if err != nil {
		return nil, apperr.Wrap(apperr.StoreIO, err, "cannot read the backups folder")
	}
	out := []BackupInfo{}
	for _, e := range entries {
		kind := backupKind(e.Name())
		if kind == "" || !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		out = append(out, BackupInfo{Name: e.Name(), Kind: kind, Time: info.ModTime().UTC(), Size: info.Size()})
	}
	slices.SortFunc(out, func(a, b BackupInfo) int { return b.Time.Compare(a.Time) })
	return out, nil
}

func backupKind(name string) string {
	if !strings.HasSuffix(name, backupExt) {
		return ""
	}
	switch {
	case strings.HasPrefix(name, dailyPrefix):
		if _, ok := dailyDay(name); ok {
			return KindDaily
		}
	case strings.HasPrefix(name, migrationPrefix):
		return KindMigration
	case strings.HasPrefix(name, replacedPrefix):
		return KindReplaced
	}
	return ""
}

// RestoreResult names the file the restore moved aside (a "replaced" copy
// in the backups folder; restoring it undoes the restore), or "" when there
// was no data file.
type RestoreResult struct {
	Replaced string `json:"replaced"`
}

// Restore replaces the data file at dbPath with the backup called name. The
// file must not be open (the app closes it first). The current file is
// moved aside, never deleted; the copy is written beside the data file,
// synced, then renamed into place, so a crash leaves one file or the other.
func Restore(dbPath, name string, now time.Time) (RestoreResult, error) {
	if name != filepath.Base(name) || backupKind(name) == "" {
		return RestoreResult{}, apperr.Field(apperr.InputInvalid, "name", "no such backup")
	}
	dir := BackupDir(dbPath)
	src := filepath.Join(dir, name)
	if _, err := os.Stat(src); err != nil {
		return RestoreResult{}, apperr.Field(apperr.InputInvalid, "name", "no such backup")
	}
	// Copy first: if that fails (a full disk), the data file is untouched.
	tmp := dbPath + ".restore.tmp"
	if err := copyFile(src, tmp); err != nil {
		return RestoreResult{}, err
	}
	return PutInPlace(dbPath, tmp, now)
}

// PutInPlace makes the (closed, synced) file at tmp the data file at dbPath,
// moving the current data file into the backups folder as a "replaced"
// copy, never deleting it. Salvage uses it to put the salvaged file in
// place of the damaged one.
func PutInPlace(dbPath, tmp string, now time.Time) (RestoreResult, error) {
	dir := BackupDir(dbPath)
	if err := makeBackupDir(dir); err != nil {
		_ = os.Remove(tmp)
		return RestoreResult{}, err
	}
	var res RestoreResult
	if _, err := os.Stat(dbPath); err == nil {
		aside := replacedPrefix + now.UTC().Format("20060102T150405.000") + backupExt
		if err := os.Rename(dbPath, filepath.Join(dir, aside)); err != nil {
			_ = os.Remove(tmp)
			return RestoreResult{}, apperr.Wrap(apperr.StoreIO, err, "cannot move the data file aside")
		}
		res.Replaced = aside
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		// Put the data file back rather than leave none.
		if res.Replaced != "" {
			_ = os.Rename(filepath.Join(dir, res.Replaced), dbPath)
		}
		_ = os.Remove(tmp)
		return RestoreResult{}, apperr.Wrap(apperr.StoreIO, err, "cannot put the file in place")
	}
	return res, nil
}

// copyFile copies src to a new private file dst, synced.
func copyFile(src, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return apperr.Wrap(apperr.StoreIO, err, "cannot read the backup")
	}
	defer in.Close()
	_ = os.Remove(dst) // a leftover from a crash keeps its mode; start afresh
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return apperr.Wrap(apperr.StoreIO, err, "cannot write the restored file")
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if closeErr := out.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		_ = os.Remove(dst)
		return apperr.Wrap(apperr.StoreIO, err, "cannot write the restored file")
	}
	return nil
}
