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

import "context"

// applyWindowTheme asks GTK for its dark or light variant, which WebKitGTK also reports to the
// page as prefers-color-scheme; "system" hands the setting back to the desktop, so the page's
// "system" theme follows the desktop and not Parley's last choice.
func applyWindowTheme(_ context.Context, preference string) {
	switch preference {
	case "dark":
		C.parley_queue_dark(1)
	case "light":
		C.parley_queue_dark(0)
	default:
		C.parley_queue_dark(2)
	}
}
