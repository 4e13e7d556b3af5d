package main

import (
	"context"
	"sync"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"parley/backend/appearance"
	"parley/backend/apperr"
)

// Window colours behind the page, the --bg of each theme in styles.css: what shows while the
// window is resized or the page is not painted yet.
var (
	lightBackground = [3]uint8{248, 249, 251}
	darkBackground  = [3]uint8{18, 20, 24}
)

// windowTheme is what the window's native parts follow: the learner's choice and, for "system",
// what the desktop prefers.
type windowTheme struct {
	mu         sync.Mutex
	preference string            // light, dark or system; "" (system) until the page says
	desktop    appearance.Scheme // from the desktop's settings portal; NoPreference without one
}

// SetWindowTheme makes the native parts of the window follow the app's theme: the title bar,
// tooltips and the menus of drop-down lists are drawn by the OS toolkit, not by the page, and
// stayed light in a dark app. preference is the learner's choice (light, dark or system); dark is
// what it resolves to in the page.
func (a *App) SetWindowTheme(preference string, dark bool) error {
	if preference != "light" && preference != "dark" && preference != "system" {
		return apperr.Field(apperr.InputInvalid, "theme", "the theme must be system, light or dark")
	}
	a.theme.mu.Lock()
	defer a.theme.mu.Unlock()
	a.theme.preference = preference
	if a.ctx == nil {
		return nil // no window (tests)
	}
	setBackground(a.ctx, dark)
	applyWindowTheme(a.ctx, preference, a.theme.desktop)
	return nil
}

// desktopSchemeChanged is told what the desktop prefers, at start and on every change; while
// the learner's choice is "system" the window follows it, and WebKitGTK tells the page.
func (a *App) desktopSchemeChanged(s appearance.Scheme) {
	a.theme.mu.Lock()
	defer a.theme.mu.Unlock()
	a.theme.desktop = s
	if a.ctx == nil || (a.theme.preference != "" && a.theme.preference != "system") {
		return
	}
	if s != appearance.NoPreference {
		setBackground(a.ctx, s == appearance.Dark)
	}
	applyWindowTheme(a.ctx, "system", s)
}

func setBackground(ctx context.Context, dark bool) {
	bg := lightBackground
	if dark {
		bg = darkBackground
	}
	wruntime.WindowSetBackgroundColour(ctx, bg[0], bg[1], bg[2], 255)
}

// toolkitDark is what a toolkit with one dark switch (GTK) is told for preference when the
// desktop prefers desktop: 1 dark, 0 light, -1 the desktop's own setting (no preference known).
func toolkitDark(preference string, desktop appearance.Scheme) int {
	switch {
	case preference == "dark", preference == "system" && desktop == appearance.Dark:
		return 1
	case preference == "light", preference == "system" && desktop == appearance.Light:
		return 0
	default:
		return -1
	}
}
