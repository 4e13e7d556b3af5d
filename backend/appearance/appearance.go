// Package appearance reads the colour scheme the desktop prefers from the XDG settings portal
// (org.freedesktop.appearance color-scheme), and follows its changes. GNOME and KDE publish the
// learner's dark or light choice there; a GTK 3 window, WebKitGTK's included, does not read it
// by itself, so a "system" theme would otherwise stay light on a dark desktop.
package appearance

import (
	"context"
	"errors"
	"time"

	"github.com/godbus/dbus/v5"
)

// Scheme is the portal's value: what the desktop prefers.
type Scheme uint32

const (
	NoPreference Scheme = 0
	Dark         Scheme = 1
	Light        Scheme = 2
)

// The portal's address and the setting read.
const (
	Service   = "org.freedesktop.portal.Desktop"
	Path      = dbus.ObjectPath("/org/freedesktop/portal/desktop")
	Interface = "org.freedesktop.portal.Settings"
	Namespace = "org.freedesktop.appearance"
	Key       = "color-scheme"
)

// readTimeout bounds the first read: a desktop without a portal must not hold the window up.
const readTimeout = 2 * time.Second

// ErrNoPortal says the session has no settings portal answering for the colour scheme.
var ErrNoPortal = errors.New("appearance: no settings portal")

// Watch reads the desktop's scheme on conn and calls onChange with it, then again with every
// change, until ctx is done (it then stops listening; conn stays the caller's). It returns once
// the first value is known, or ErrNoPortal (nothing is called then). onChange runs on one
// goroutine at a time.
func Watch(ctx context.Context, conn *dbus.Conn, onChange func(Scheme)) error {
	// Subscribe first, so a change between the read and the subscription is not missed.
	match := []dbus.MatchOption{
		dbus.WithMatchObjectPath(Path),
		dbus.WithMatchInterface(Interface),
		dbus.WithMatchMember("SettingChanged"),
		dbus.WithMatchArg(0, Namespace),
		dbus.WithMatchArg(1, Key),
	}
	if err := conn.AddMatchSignalContext(ctx, match...); err != nil {
		return errors.Join(ErrNoPortal, err)
	}
	signals := make(chan *dbus.Signal, 8)
	conn.Signal(signals)
	stop := func() {
		conn.RemoveSignal(signals)
		_ = conn.RemoveMatchSignal(match...)
	}
	first, err := read(ctx, conn)
	if err != nil {
		stop()
		return err
	}
	onChange(first)
	go func() {
		defer stop()
		for {
			select {
			case <-ctx.Done():
				return
			case sig, ok := <-signals:
				if !ok {
					return
				}
				if s, ok := fromSignal(sig); ok {
					onChange(s)
				}
			}
		}
	}()
	return nil
}

// read asks the portal once: ReadOne (portal version 2) answers the value itself; the older Read
// answers it wrapped in one more variant.
func read(ctx context.Context, conn *dbus.Conn) (Scheme, error) {
	ctx, cancel := context.WithTimeout(ctx, readTimeout)
	defer cancel()
	obj := conn.Object(Service, Path)
	var v dbus.Variant
	err := obj.CallWithContext(ctx, Interface+".ReadOne", 0, Namespace, Key).Store(&v)
	if err != nil {
		err = obj.CallWithContext(ctx, Interface+".Read", 0, Namespace, Key).Store(&v)
	}
	if err != nil {
		return NoPreference, errors.Join(ErrNoPortal, err)
	}
	s, ok := fromValue(v)
	if !ok {
		return NoPreference, ErrNoPortal
	}
	return s, nil
}

// fromSignal reads a SettingChanged signal for the colour scheme.
func fromSignal(sig *dbus.Signal) (Scheme, bool) {
	if sig == nil || sig.Path != Path || sig.Name != Interface+".SettingChanged" || len(sig.Body) != 3 {
		return NoPreference, false
	}
	ns, _ := sig.Body[0].(string)
	key, _ := sig.Body[1].(string)
	v, ok := sig.Body[2].(dbus.Variant)
	if ns != Namespace || key != Key || !ok {
		return NoPreference, false
	}
	return fromValue(v)
}

// fromValue unwraps nested variants down to the uint32 the portal sends; anything else, or a
// value it does not define, is not taken (a hostile or broken portal cannot pick a theme).
func fromValue(v dbus.Variant) (Scheme, bool) {
	val := v.Value()
	for i := 0; i < 4; i++ {
		inner, ok := val.(dbus.Variant)
		if !ok {
			break
		}
		val = inner.Value()
	}
	n, ok := val.(uint32)
	if !ok || n > uint32(Light) {
		return NoPreference, false
	}
	return Scheme(n), true
}
