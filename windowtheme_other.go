//go:build !windows && !(linux && (dev || production))

package main

import (
	"context"

	"parley/backend/appearance"
)

// applyWindowTheme has nothing to set: macOS windows follow the system appearance, and a build
// without a window (tests) has no toolkit to tell.
func applyWindowTheme(context.Context, string, appearance.Scheme) {}

// followDesktopTheme has nothing to follow: macOS tells the web view itself; tests have no desktop.
func followDesktopTheme(context.Context, func(appearance.Scheme)) {}
