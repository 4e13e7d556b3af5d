package appearance_test

import (
	"bufio"
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"parley/backend/appearance"
	"parley/backend/appearance/fakeportal"
)

// privateBus starts a session bus of the test's own (dbus-daemon, which `make test` installs)
// and returns its address.
func privateBus(t *testing.T) string {
	t.Helper()
	daemon, err := exec.LookPath("dbus-daemon")
	if err != nil {
		t.Skip("dbus-daemon is not installed (make deps-test installs it)")
	}
	cmd := exec.Command(daemon, "--session", "--nofork", "--nopidfile", "--print-address")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon gave no address: %v", err)
	}
	return strings.TrimSpace(line)
}

func connect(t *testing.T, addr string) *dbus.Conn {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// watch starts Watch and returns the schemes it reports, as they come.
func watch(t *testing.T, ctx context.Context, conn *dbus.Conn) (<-chan appearance.Scheme, error) {
	t.Helper()
	got := make(chan appearance.Scheme, 16)
	err := appearance.Watch(ctx, conn, func(s appearance.Scheme) { got <- s })
	return got, err
}

func next(t *testing.T, got <-chan appearance.Scheme) appearance.Scheme {
	t.Helper()
	select {
	case s := <-got:
		return s
	case <-time.After(5 * time.Second):
		t.Fatal("no scheme reported within 5 s")
		return 0
	}
}

func quiet(t *testing.T, got <-chan appearance.Scheme, why string) {
	t.Helper()
	select {
	case s := <-got:
		t.Fatalf("%s, yet %d was reported", why, s)
	case <-time.After(300 * time.Millisecond):
	}
}

// session is a private bus with a portal saying one scheme, watched from another connection.
type session struct {
	addr   string
	conn   *dbus.Conn // the portal's connection
	portal *fakeportal.Portal
	got    <-chan appearance.Scheme
	ctx    context.Context
	cancel context.CancelFunc
}

// watching starts a session whose portal says scheme, and checks that it is the first reported.
func watching(t *testing.T, scheme appearance.Scheme, onlyRead bool) *session {
	t.Helper()
	s := &session{addr: privateBus(t)}
	s.conn = connect(t, s.addr)
	var err error
	if s.portal, err = fakeportal.Serve(s.conn, scheme, onlyRead); err != nil {
		t.Fatal(err)
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	t.Cleanup(s.cancel)
	if s.got, err = watch(t, s.ctx, connect(t, s.addr)); err != nil {
		t.Fatal(err)
	}
	if got := next(t, s.got); got != scheme {
		t.Fatalf("first scheme %d, want %d", got, scheme)
	}
	return s
}

func TestTheDesktopsSchemeIsReadAndEveryChangeFollowed(t *testing.T) {
	for _, onlyRead := range []bool{false, true} {
		name := "ReadOne"
		if onlyRead {
			name = "Read (portal before version 2, the value in one more variant)"
		}
		t.Run(name, func(t *testing.T) {
			w := watching(t, appearance.Dark, onlyRead)
			for _, s := range []appearance.Scheme{appearance.Light, appearance.NoPreference, appearance.Dark} {
				if err := w.portal.Set(s); err != nil {
					t.Fatal(err)
				}
				if g := next(t, w.got); g != s {
					t.Fatalf("after the desktop chose %d, reported %d", s, g)
				}
			}
			// Once the window closes (ctx done), changes are no longer reported.
			w.cancel()
			time.Sleep(100 * time.Millisecond)
			if err := w.portal.Set(appearance.Light); err != nil {
				t.Fatal(err)
			}
			quiet(t, w.got, "the watch was stopped")
		})
	}
}

func TestWithoutAPortalWatchSaysSoAtOnceAndReportsNothing(t *testing.T) {
	addr := privateBus(t)
	start := time.Now()
	got, err := watch(t, context.Background(), connect(t, addr))
	if !errors.Is(err, appearance.ErrNoPortal) {
		t.Fatalf("err = %v, want ErrNoPortal", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("took %v to find there is no portal", d)
	}
	quiet(t, got, "there is no portal")
}

func TestAPortalsOtherSettingsAndValuesItDoesNotDefineAreNotTaken(t *testing.T) {
	w := watching(t, appearance.Light, false)
	for _, hostile := range []any{uint32(7), "dark", int32(1), []byte{1}} {
		if err := w.portal.Emit(hostile); err != nil {
			t.Fatal(err)
		}
	}
	// Another key of the same namespace (the accent colour) is not the scheme.
	if err := w.conn.Emit(appearance.Path, appearance.Interface+".SettingChanged", appearance.Namespace, "accent-color", dbus.MakeVariant(uint32(1))); err != nil {
		t.Fatal(err)
	}
	quiet(t, w.got, "only values the portal defines are taken")
	if err := w.portal.Set(appearance.Dark); err != nil {
		t.Fatal(err)
	}
	if s := next(t, w.got); s != appearance.Dark {
		t.Fatalf("after the hostile values, a real change reported %d", s)
	}

	// A first read answering something undefined is no portal at all.
	w.portal.Answer(func() any { return "prefer-dark" })
	if _, err := watch(t, w.ctx, connect(t, w.addr)); !errors.Is(err, appearance.ErrNoPortal) {
		t.Fatalf("a portal answering a string: err = %v, want ErrNoPortal", err)
	}
}
