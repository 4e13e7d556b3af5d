//go:build !windows && !(linux && (dev || production))

package main

import "context"

// applyWindowTheme has nothing to set: macOS windows follow the system appearance, and a build
// without a window (tests) has no toolkit to tell.
func applyWindowTheme(context.Context, string) {}
