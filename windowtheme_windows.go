//go:build windows

package main

import (
	"context"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"parley/backend/appearance"
)

// applyWindowTheme sets the title bar's theme (Windows draws it, not the page); "system" leaves
// it to Windows, which follows its own setting.
func applyWindowTheme(ctx context.Context, preference string, _ appearance.Scheme) {
	switch preference {
	case "dark":
		wruntime.WindowSetDarkTheme(ctx)
	case "light":
		wruntime.WindowSetLightTheme(ctx)
	default:
		wruntime.WindowSetSystemDefaultTheme(ctx)
	}
}

// followDesktopTheme has nothing to do: Windows tells the web view itself.
func followDesktopTheme(context.Context, func(appearance.Scheme)) {}
