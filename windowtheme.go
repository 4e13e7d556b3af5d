package main

import (
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"parley/backend/apperr"
)

// Window colours behind the page, the --bg of each theme in styles.css: what shows while the
// window is resized or the page is not painted yet.
var (
	lightBackground = [3]uint8{248, 249, 251}
	darkBackground  = [3]uint8{18, 20, 24}
)

// SetWindowTheme makes the native parts of the window follow the app's theme: the title bar,
// tooltips and the menus of drop-down lists are drawn by the OS toolkit, not by the page, and
// stayed light in a dark app. preference is the learner's choice (light, dark or system); dark is
// what it resolves to in the page.
func (a *App) SetWindowTheme(preference string, dark bool) error {
	if preference != "light" && preference != "dark" && preference != "system" {
		return apperr.Field(apperr.InputInvalid, "theme", "the theme must be system, light or dark")
	}
	if a.ctx == nil {
		return nil // no window (tests)
	}
	bg := lightBackground
	if dark {
		bg = darkBackground
	}
	wruntime.WindowSetBackgroundColour(a.ctx, bg[0], bg[1], bg[2], 255)
	applyWindowTheme(a.ctx, preference)
	return nil
}
