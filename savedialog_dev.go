//go:build dev

package main

import (
	"os"
	"path/filepath"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"parley/backend/apperr"
)

// saveAs shows the OS save dialog, except in a dev build run with
// PARLEY_E2E_SAVE_DIR set: the end-to-end tests cannot click a native dialog,
// so the file goes into that folder under its default name.
func (a *App) saveAs(name string) (string, error) {
	if dir := os.Getenv("PARLEY_E2E_SAVE_DIR"); dir != "" {
		return filepath.Join(dir, name), nil
	}
	path, err := wruntime.SaveFileDialog(a.ctx, wruntime.SaveDialogOptions{
		DefaultFilename: name,
		Filters:         []wruntime.FileFilter{{DisplayName: "Markdown (*.md)", Pattern: "*.md"}},
	})
	if err != nil {
		return "", apperr.Wrap(apperr.CoachExportFailed, err, "the save dialog failed")
	}
	return path, nil
}
