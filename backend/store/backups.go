package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"parley/backend/apperr"
)

// Backups live in a folder beside the data file, private like it (0700, each
// copy 0600): one consistent copy (tx.WriteTo) on the first start of each
// day, and one before every migration. Daily copies are rotated: the newest
// KeepDaily days, plus the newest copy of each of KeepWeekly earlier weeks.
// Copies made before a migration are never rotated away: they are the way
// back from a release that mishandled the file.
const (
	BackupDirName = "backups"
	KeepDaily     = 7
	KeepWeekly    = 4

	dailyPrefix     = "parley-"
	dailyLayout     = "20060102"
	migrationPrefix = "pre-migration-"
	backupExt       = ".db"
)

// MinFreeAfterBackup is how much free space a backup must leave on the disk;
// below it the backup is skipped (and reported), never written into the last
// megabytes a learner's replies need.
const MinFreeAfterBackup = 256 << 20

// BackupReport says what the start-up backup did, so the UI can warn when
// practice is no longer being backed up.
type BackupReport struct {
	// Path of today's copy, when there is one (made now or earlier today).
	Path string `json:"path,omitempty"`
	// Skipped is why no copy was made today: "low_space" or "error".
	Skipped string `json:"skipped,omitempty"`
}

// BackupDir is the folder holding the backups of the data file at dbPath.
func BackupDir(dbPath string) string { return filepath.Join(filepath.Dir(dbPath), BackupDirName) }

// makeBackupDir creates the backups folder, or tightens one made looser by hand.
func makeBackupDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return apperr.Wrap(apperr.StoreIO, err, "cannot create the backups folder")
	}
	_ = os.Chmod(dir, 0o700)
	return nil
}

// dailyBackup makes today's copy unless there is one, then rotates the old
// ones. Days are the learner's local days (now's location).
func (d *DB) dailyBackup(opt Options) BackupReport {
	dir := BackupDir(d.path)
	dest := filepath.Join(dir, dailyPrefix+opt.Now().Format(dailyLayout)+backupExt)
	if _, err := os.Stat(dest); err == nil {
		return BackupReport{Path: dest}
	}
	if err := makeBackupDir(dir); err != nil {
		return BackupReport{Skipped: "error"}
	}
	if !d.roomFor(dir, opt) {
		return BackupReport{Skipped: "low_space"}
	}
	if _, err := d.Backup(dest); err != nil {
		if IsDiskFull(err) {
			return BackupReport{Skipped: "low_space"}
		}
		return BackupReport{Skipped: "error"}
	}
	_ = rotate(dir)
	return BackupReport{Path: dest}
}

// roomFor reports whether a copy of the file fits with MinFreeAfterBackup to spare.
func (d *DB) roomFor(dir string, opt Options) bool {
	info, err := os.Stat(d.path)
	if err != nil {
		return false
	}
	free, err := opt.FreeSpace(dir)
	if err != nil {
		return true // unknown: a failed write is still caught and reported
	}
	return free >= uint64(info.Size())+MinFreeAfterBackup
}

// migrationBackup copies the file before a migration from schema version from.
func (d *DB) migrationBackup(from int, now time.Time) error {
	dir := BackupDir(d.path)
	if err := makeBackupDir(dir); err != nil {
		return err
	}
	name := fmt.Sprintf("%sv%d-%s%s", migrationPrefix, from, now.UTC().Format("20060102T150405"), backupExt)
	_, err := d.Backup(filepath.Join(dir, name))
	return err
}

// rotate deletes the daily copies the policy no longer keeps.
func rotate(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var days []time.Time
	for _, e := range entries {
		if day, ok := dailyDay(e.Name()); ok {
			days = append(days, day)
		}
	}
	var errs []error
	for _, day := range expired(days) {
		errs = append(errs, os.Remove(filepath.Join(dir, dailyPrefix+day.Format(dailyLayout)+backupExt)))
	}
	return errors.Join(errs...)
}

// dailyDay parses the day out of a daily copy's name.
func dailyDay(name string) (time.Time, bool) {
	if !strings.HasPrefix(name, dailyPrefix) || !strings.HasSuffix(name, backupExt) {
		return time.Time{}, false
	}
	day, err := time.Parse(dailyLayout, strings.TrimSuffix(strings.TrimPrefix(name, dailyPrefix), backupExt))
	return day, err == nil
}

// expired returns the days whose copies the policy drops: all but the newest
// KeepDaily, and among the older ones the newest of each of KeepWeekly weeks.
func expired(days []time.Time) []time.Time {
	slices.SortFunc(days, func(a, b time.Time) int { return b.Compare(a) })
	days = slices.CompactFunc(days, time.Time.Equal)
	var drop []time.Time
	weeks := map[[2]int]bool{}
	for i, day := range days {
		if i < KeepDaily {
			continue
		}
		y, w := day.ISOWeek()
		if !weeks[[2]int{y, w}] && len(weeks) < KeepWeekly {
			weeks[[2]int{y, w}] = true
			continue
		}
		drop = append(drop, day)
	}
	return drop
}
