package main

import (
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"
)

// fileDialogs asks the learner where to save or what to open. Production
// uses the OS dialogs; the dev build used by the end-to-end suite can answer
// from a folder instead (dialogs_dev.go), since a browser cannot drive a
// GTK dialog.
type fileDialogs interface {
	save(title, defaultName, pattern string) (string, error)
	open(title, pattern string) (string, error)
}

// osDialogs are the native dialogs through the Wails runtime.
type osDialogs struct{ a *App }

func (d osDialogs) save(title, defaultName, pattern string) (string, error) {
	return wruntime.SaveFileDialog(d.a.ctx, wruntime.SaveDialogOptions{Title: title, DefaultFilename: defaultName,
		Filters: []wruntime.FileFilter{{DisplayName: pattern, Pattern: pattern}}})
}

func (d osDialogs) open(title, pattern string) (string, error) {
	return wruntime.OpenFileDialog(d.a.ctx, wruntime.OpenDialogOptions{Title: title,
		Filters: []wruntime.FileFilter{{DisplayName: pattern, Pattern: pattern}}})
}
