package settings

import (
	"strings"
	"testing"
)

func TestTheProxyPasswordIsNeverShownButSurvivesSavingTheFormAgain(t *testing.T) {
	f := newFixture(t)
	s := f.scope(t, "mina")
	svc := New()
	up := full()
	up.ProxyURL = "http://learner:s3cret-proxy-pw@proxy.lan:3128"
	saved, err := svc.Save(s, up)
	if err != nil {
		t.Fatal(err)
	}
	got, err := svc.Get(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, view := range []Settings{saved, got} {
		if strings.Contains(view.ProxyURL, "s3cret") || view.ProxyURL != "http://learner:xxxxx@proxy.lan:3128" {
			t.Fatalf("the UI is shown proxy %q", view.ProxyURL)
		}
	}

	// The settings form sends back what it was shown.
	again := full()
	again.APIKey, again.ProxyURL = "", got.ProxyURL
	if _, err := svc.Save(s, again); err != nil {
		t.Fatal(err)
	}
	cfg, err := svc.ProviderConfig(s)
	if err != nil || cfg.ProxyURL != up.ProxyURL {
		t.Fatalf("proxy after saving the form again = %q, %v; want the stored password kept", cfg.ProxyURL, err)
	}

	// A new password replaces it.
	again.ProxyURL = "http://learner:n3w@proxy.lan:3128"
	if _, err := svc.Save(s, again); err != nil {
		t.Fatal(err)
	}
	if cfg, _ := svc.ProviderConfig(s); cfg.ProxyURL != again.ProxyURL {
		t.Fatalf("proxy after a new password = %q", cfg.ProxyURL)
	}
}
