// Package events is the one place in the backend that talks to the Wails
// runtime: services depend on the Emitter interface, so they stay testable
// without a window, and only this adapter knows how events reach the web view.
package events

import (
	"context"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// Emitter sends a named event with a JSON-serialisable payload to the UI.
type Emitter interface {
	Emit(name string, payload any)
}

// Wails emits through the runtime bound to the app's startup context.
type Wails struct{ Ctx context.Context }

// Emit forwards to runtime.EventsEmit; a nil context (no window yet) drops the event.
func (w Wails) Emit(name string, payload any) {
	if w.Ctx == nil {
		return
	}
	runtime.EventsEmit(w.Ctx, name, payload)
}
