package main

import (
	"context"
	"runtime/debug"

	"github.com/wailsapp/wails/v2/pkg/options"
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"parley/backend/apperr"
	"parley/backend/weblink"
)

// App is the only object bound to the web view. It stays thin: it checks the
// session, calls a backend service and returns coded errors.
type App struct {
	ctx    context.Context
	dbPath string
}

// NewApp prepares the facade; the database opens in startup.
func NewApp(dbPath string) *App { return &App{dbPath: dbPath} }

func (a *App) startup(ctx context.Context) {
	a.ctx = ctx
}

func (a *App) shutdown(ctx context.Context) {}

// secondInstance brings the running window forward when Parley is launched again.
func (a *App) secondInstance(options.SecondInstanceData) {
	if a.ctx == nil {
		return
	}
	wruntime.WindowUnminimise(a.ctx)
	wruntime.Show(a.ctx)
}

// Info describes this build to the About box and support requests.
type Info struct {
	Version  string `json:"version"`
	DataPath string `json:"dataPath"`
}

// AppInfo returns the version and where the data file lives.
func (a *App) AppInfo() (Info, error) {
	v := "dev"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	return Info{Version: v, DataPath: a.dbPath}, nil
}

// OpenExternal opens an http(s) link in the OS browser; nothing else leaves the app.
func (a *App) OpenExternal(url string) error {
	u, err := weblink.Check(url)
	if err != nil {
		return err
	}
	wruntime.BrowserOpenURL(a.ctx, u)
	return nil
}

// formatError turns every error into {code, field, message} for JS, so the UI
// can translate by code; uncoded errors become "internal" without leaking text.
func formatError(err error) any {
	e := apperr.As(err)
	return map[string]string{"code": e.Code, "field": e.Field, "message": e.Message}
}
