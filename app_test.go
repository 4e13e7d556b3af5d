package main

import (
	"bytes"
	"errors"
	"fmt"
	"log"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"parley/backend/account"
	"parley/backend/appearance"
	"parley/backend/apperr"
	"parley/backend/core"
)

// boundMethods lists what Wails binds: the exported methods of *App.
func boundMethods() map[string]reflect.Method {
	t := reflect.TypeOf(&App{})
	out := map[string]reflect.Method{}
	for i := 0; i < t.NumMethod(); i++ {
		out[t.Method(i).Name] = t.Method(i)
	}
	return out
}

// The UI reaches Go only through frontend/src/api.js; a renamed or removed Go
// method must fail here, not as a rejected promise in front of a learner.
func TestEveryMethodTheUICallsIsBoundAndEveryBoundMethodIsUsed(t *testing.T) {
	src, err := os.ReadFile("frontend/src/api.js")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, m := range regexp.MustCompile(`call\('([A-Za-z]+)'`).FindAllStringSubmatch(string(src), -1) {
		used[m[1]] = true
	}
	bound := boundMethods()
	for name := range used {
		if _, ok := bound[name]; !ok {
			t.Errorf("api.js calls %s, which app.go does not bind", name)
		}
	}
	var unused []string
	for name := range bound {
		if !used[name] {
			unused = append(unused, name)
		}
	}
	sort.Strings(unused)
	if len(unused) > 0 {
		t.Errorf("bound but never called by the UI (unbind or wrap them): %v", unused)
	}
}

// Wails shows whatever ErrorFormatter returns to the web view: an uncoded
// error's text (paths, server bodies, keys) and a coded error's cause must not
// reach it.
func TestErrorsReachTheWebViewAsCodesWithoutInternalText(t *testing.T) {
	secret := errors.New("open /home/mina/.config/Parley/parley.db: sk-proj-leaked-key")
	cases := []struct {
		err  error
		want map[string]string
	}{
		{secret, map[string]string{"code": apperr.Internal, "field": "", "message": "something went wrong"}},
		{fmt.Errorf("chat: %w", secret), map[string]string{"code": apperr.Internal, "field": "", "message": "something went wrong"}},
		{apperr.Wrap(apperr.LLMUnauthorized, secret, "the server refused the API key"),
			map[string]string{"code": apperr.LLMUnauthorized, "field": "", "message": "the server refused the API key"}},
		{fmt.Errorf("settings: %w", apperr.Field(apperr.InputInvalid, "baseUrl", "bad address")),
			map[string]string{"code": apperr.InputInvalid, "field": "baseUrl", "message": "bad address"}},
	}
	for _, c := range cases {
		got := formatError(c.err)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("formatError(%v) = %v, want %v", c.err, got, c.want)
		}
		if strings.Contains(fmt.Sprint(got), "sk-proj") || strings.Contains(fmt.Sprint(got), "/home/") {
			t.Errorf("formatError leaks internal text: %v", got)
		}
	}
}

// A panic in a bound method must reach the UI as "internal" and leave the
// call's arguments, which Wails would log, out of the log.
func TestAPanickingCallIsAnInternalErrorAndLogsNoArguments(t *testing.T) {
	var logged bytes.Buffer
	log.SetOutput(&logged)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })
	a := NewApp("")
	close(a.ready)
	password := "hunter2-secret"
	_, err := call(a, func(*core.Core) (account.User, error) { panic("cannot log in with " + password) })
	errDo := do(a, func(*core.Core) error { var m map[string]int; m[password]++; return nil })
	for _, e := range []error{err, errDo} {
		got := formatError(e).(map[string]string)
		if got["code"] != apperr.Internal || strings.Contains(fmt.Sprint(got), password) {
			t.Errorf("the UI got %v", got)
		}
	}
	if strings.Contains(logged.String(), "hunter2") || !strings.Contains(logged.String(), "app_test.go") {
		t.Errorf("log = %q; want where it happened, without the arguments", logged.String())
	}
}

func TestTheWindowThemeTakesOnlyTheThemesTheAppHas(t *testing.T) {
	a := NewApp("")
	for _, bad := range []string{"", "blue", "Dark", "system "} {
		err := a.SetWindowTheme(bad, true)
		if apperr.CodeOf(err) != apperr.InputInvalid || apperr.As(err).Field != "theme" {
			t.Errorf("SetWindowTheme(%q) = %v, want a theme input error", bad, err)
		}
	}
	for _, good := range []string{"light", "dark", "system"} {
		if err := a.SetWindowTheme(good, good == "dark"); err != nil {
			t.Errorf("SetWindowTheme(%q) without a window = %v", good, err)
		}
	}
}

func TestTheToolkitIsToldTheChoiceOrForSystemWhatTheDesktopPrefers(t *testing.T) {
	cases := []struct {
		preference string
		desktop    appearance.Scheme
		want       int
	}{
		{"dark", appearance.Light, 1},
		{"light", appearance.Dark, 0},
		{"system", appearance.Dark, 1},
		{"system", appearance.Light, 0},
		{"system", appearance.NoPreference, -1},
		{"", appearance.Dark, -1},
	}
	for _, c := range cases {
		if got := toolkitDark(c.preference, c.desktop); got != c.want {
			t.Errorf("toolkitDark(%q, %d) = %d, want %d", c.preference, c.desktop, got, c.want)
		}
	}
}
