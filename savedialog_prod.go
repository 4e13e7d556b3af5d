//go:build !dev

package main

import (
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"parley/backend/apperr"
)

// saveAs shows the OS save dialog for a Markdown file named name.
func (a *App) saveAs(name string) (string, error) {
	path, err := wruntime.SaveFileDialog(a.ctx, wruntime.SaveDialogOptions{
		DefaultFilename: name,
		Filters:         []wruntime.FileFilter{{DisplayName: "Markdown (*.md)", Pattern: "*.md"}},
	})
	if err != nil {
		return "", apperr.Wrap(apperr.CoachExportFailed, err, "the save dialog failed")
	}
	return path, nil
}
