// Package applog is the logger Wails writes through.
//
// Wails' dispatcher copies whole bound-method calls into its log: at error
// level when a call's arguments cannot be parsed or the method panics
// ("process message error: C{...arguments...} -> ..."), which production
// builds print, and at trace level every call's result. Those carry passwords,
// recovery codes, API keys and message text. Redacting keeps each line, with
// the method's name, and withholds the payload.
package applog

import (
	"fmt"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
)

// Logger is the shape of Wails' logger.Logger, restated so this package needs
// no Wails import.
type Logger interface {
	Print(message string)
	Trace(message string)
	Debug(message string)
	Info(message string)
	Warning(message string)
	Error(message string)
	Fatal(message string)
}

// Redacting passes every message to Next after withholding call payloads.
type Redacting struct{ Next Logger }

// New wraps next.
func New(next Logger) *Redacting { return &Redacting{Next: next} }

func (r *Redacting) Print(m string)   { r.Next.Print(Redact(m)) }
func (r *Redacting) Trace(m string)   { r.Next.Trace(Redact(m)) }
func (r *Redacting) Debug(m string)   { r.Next.Debug(Redact(m)) }
func (r *Redacting) Info(m string)    { r.Next.Info(Redact(m)) }
func (r *Redacting) Warning(m string) { r.Next.Warning(Redact(m)) }
func (r *Redacting) Error(m string)   { r.Next.Error(Redact(m)) }
func (r *Redacting) Fatal(m string)   { r.Next.Fatal(Redact(m)) }

// payloadPrefixes start the Wails log lines that embed a call or its result.
var payloadPrefixes = []string{
	"process message error:",
	"json call result data:",
	"unknown Browser message:",
	"unknown Window message:",
	"Unknown message returned from dispatcher:",
}

var methodName = regexp.MustCompile(`"name":"([A-Za-z0-9_.]{1,200})"`)

// Redact returns m with any call payload replaced by a note naming the
// method, when the payload names one.
func Redact(m string) string {
	for _, p := range payloadPrefixes {
		if !strings.HasPrefix(m, p) {
			continue
		}
		note := p + " [payload withheld]"
		if name := methodName.FindStringSubmatch(m); name != nil {
			note = p + " " + name[1] + " [payload withheld]"
		}
		return note
	}
	return m
}

// Callers describes the goroutine's stack above skip frames as one
// "function (file:line)" per line. Unlike runtime/debug.Stack it prints no
// argument words, which would give away, for one, a password's length.
func Callers(skip int) string {
	pcs := make([]uintptr, 32)
	n := runtime.Callers(skip+2, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	var b strings.Builder
	for {
		f, more := frames.Next()
		fmt.Fprintf(&b, "\t%s (%s:%d)\n", f.Function, filepath.Base(f.File), f.Line)
		if !more {
			break
		}
	}
	return b.String()
}
