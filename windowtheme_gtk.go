//go:build linux && (dev || production)

package main

/*
#cgo pkg-config: gtk+-3.0
#include <gtk/gtk.h>

// GTK is touched only on its own thread: the change is queued onto its main loop.
static gboolean parley_set_dark(gpointer data) {
	GtkSettings *s = gtk_settings_get_default();
	if (s == NULL) return G_SOURCE_REMOVE;
	int want = GPOINTER_TO_INT(data);
	if (want == 2) {
		// The desktop's own choice again, and following it if it changes later.
		gtk_settings_reset_property(s, "gtk-application-prefer-dark-theme");
	} else {
		g_object_set(s, "gtk-application-prefer-dark-theme", want ? TRUE : FALSE, NULL);
	}
	return G_SOURCE_REMOVE;
}

static void parley_queue_dark(int want) {
	g_idle_add(parley_set_dark, GINT_TO_POINTER(want));
}
*/
import "C"

import (
	"context"
	"log"

	"github.com/godbus/dbus/v5"

	"parley/backend/appearance"
)

// applyWindowTheme asks GTK for its dark or light variant, which WebKitGTK also reports to the
// page as prefers-color-scheme. For "system" it is what the desktop's portal prefers; with no
// preference there, the setting goes back to the desktop's own (its GTK theme).
func applyWindowTheme(_ context.Context, preference string, desktop appearance.Scheme) {
	want := toolkitDark(preference, desktop)
	if want < 0 {
		want = 2 // reset: the desktop's own
	}
	C.parley_queue_dark(C.int(want))
}

// followDesktopTheme reports the desktop's colour scheme (the XDG settings portal) to changed,
// now and on every change: GTK 3 does not read it by itself, so a dark GNOME or KDE desktop
// would leave a "system" Parley light. Without a portal nothing is reported.
func followDesktopTheme(ctx context.Context, changed func(appearance.Scheme)) {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return
	}
	if err := appearance.Watch(ctx, conn, changed); err != nil {
		log.Printf("parley: the desktop's colour scheme is not known: %v", err)
		_ = conn.Close()
		return
	}
	go func() {
		<-ctx.Done()
		_ = conn.Close()
	}()
}
