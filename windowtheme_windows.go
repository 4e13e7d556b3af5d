//go:build windows

package main

import (
	"context"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"
)

// applyWindowTheme sets the title bar's theme (Windows draws it, not the page).
func applyWindowTheme(ctx context.Context, preference string) {
	switch preference {
	case "dark":
		wruntime.WindowSetDarkTheme(ctx)
	case "light":
		wruntime.WindowSetLightTheme(ctx)
	default:
		wruntime.WindowSetSystemDefaultTheme(ctx)
	}
}
