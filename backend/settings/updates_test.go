package settings

import "testing"

func TestCheckingForUpdatesIsOffUntilTheLearnerTurnsItOn(t *testing.T) {
	f := newFixture(t)
	s := f.scope(t, "mina")
	svc := New()
	if got, err := svc.Get(s); err != nil || got.CheckUpdates {
		t.Fatalf("a new user's settings: %+v, %v; want checking for updates off", got, err)
	}
	// Saving other settings leaves it off.
	if saved, err := svc.Save(s, full()); err != nil || saved.CheckUpdates {
		t.Fatalf("after saving the provider form: %+v, %v", saved, err)
	}
	up := full()
	up.APIKey = ""
	up.CheckUpdates = true
	if saved, err := svc.Save(s, up); err != nil || !saved.CheckUpdates {
		t.Fatalf("turning it on: %+v, %v", saved, err)
	}
	if got, _ := svc.Get(s); !got.CheckUpdates || !got.HasKey {
		t.Fatalf("read back: %+v; want it on and the key kept", got)
	}
	up.CheckUpdates = false
	if saved, _ := svc.Save(s, up); saved.CheckUpdates {
		t.Fatal("turning it off did not stick")
	}
}
