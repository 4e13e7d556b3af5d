//go:build dev

package main

import (
	"os"
	"path/filepath"
	"slices"
)

// devDialogDirEnv, in the dev build only, makes the file dialogs answer from
// a folder: save proposes <folder>/<default name>, open takes the newest file
// there matching the pattern. The end-to-end suite sets it.
const devDialogDirEnv = "PARLEY_DEV_DIALOG_DIR"

func dialogsFor(a *App) fileDialogs {
	if dir := os.Getenv(devDialogDirEnv); dir != "" {
		return folderDialogs(dir)
	}
	return osDialogs{a}
}

type folderDialogs string

func (d folderDialogs) save(_, defaultName, _ string) (string, error) {
	return filepath.Join(string(d), defaultName), nil
}

func (d folderDialogs) open(_, pattern string) (string, error) {
	matches, _ := filepath.Glob(filepath.Join(string(d), pattern))
	slices.SortFunc(matches, func(a, b string) int {
		ia, _ := os.Stat(a)
		ib, _ := os.Stat(b)
		return ib.ModTime().Compare(ia.ModTime())
	})
	if len(matches) == 0 {
		return "", nil
	}
	return matches[0], nil
}
