// Package fakeportal serves the XDG settings portal's colour scheme on a D-Bus connection, as a
// desktop's portal does, for tests: the Go tests of package appearance and, through its command,
// the production window's end-to-end test.
package fakeportal

import (
	"sync"

	"github.com/godbus/dbus/v5"

	"parley/backend/appearance"
)

// Portal is a settings portal holding one colour scheme.
type Portal struct {
	conn   *dbus.Conn
	mu     sync.Mutex
	scheme uint32
	value  func() any // what Read and ReadOne answer; tests make it hostile
}

// settings are the methods exported on the bus (kept apart so Set is not one of them).
type settings struct{ p *Portal }

// ReadOne is the portal's version-2 read: the value itself.
func (s settings) ReadOne(ns, key string) (dbus.Variant, *dbus.Error) {
	if ns != appearance.Namespace || key != appearance.Key {
		return dbus.Variant{}, dbus.NewError("org.freedesktop.portal.Error.NotFound", []any{"no such setting"})
	}
	return dbus.MakeVariant(s.p.current()), nil
}

// Read is the older read: the value wrapped in one more variant.
func (s settings) Read(ns, key string) (dbus.Variant, *dbus.Error) {
	v, err := s.ReadOne(ns, key)
	if err != nil {
		return v, err
	}
	return dbus.MakeVariant(v), nil
}

// legacy is a portal from before ReadOne.
type legacy struct{ s settings }

func (l legacy) Read(ns, key string) (dbus.Variant, *dbus.Error) { return l.s.Read(ns, key) }

// Serve takes the portal's name on conn and answers for scheme. With onlyRead it has no ReadOne,
// as portals before version 2.
func Serve(conn *dbus.Conn, scheme appearance.Scheme, onlyRead bool) (*Portal, error) {
	p := &Portal{conn: conn, scheme: uint32(scheme)}
	var methods any = settings{p}
	if onlyRead {
		methods = legacy{settings{p}}
	}
	if err := conn.Export(methods, appearance.Path, appearance.Interface); err != nil {
		return nil, err
	}
	reply, err := conn.RequestName(appearance.Service, dbus.NameFlagDoNotQueue)
	if err != nil {
		return nil, err
	}
	if reply != dbus.RequestNameReplyPrimaryOwner {
		return nil, dbus.ErrClosed
	}
	return p, nil
}

func (p *Portal) current() any {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.value != nil {
		return p.value()
	}
	return p.scheme
}

// Set changes the scheme and says so with SettingChanged, as the desktop's portal does.
func (p *Portal) Set(scheme appearance.Scheme) error {
	p.mu.Lock()
	p.scheme = uint32(scheme)
	p.mu.Unlock()
	return p.Emit(uint32(scheme))
}

// Emit sends SettingChanged with any value (a test's hostile one too).
func (p *Portal) Emit(value any) error {
	return p.conn.Emit(appearance.Path, appearance.Interface+".SettingChanged", appearance.Namespace, appearance.Key, dbus.MakeVariant(value))
}

// Answer makes reads answer value() instead of the scheme.
func (p *Portal) Answer(value func() any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.value = value
}
