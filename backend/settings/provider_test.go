package settings

import (
	"math"
	"strings"
	"testing"

	"parley/backend/apperr"
	"parley/backend/llm"
)

// The provider settings have one set of rules, llm's: a setting the settings
// form refuses is refused by the client with the same code and field, and one
// the form accepts builds a client.
func TestSettingsAndTheClientRefuseTheSameProviderSettings(t *testing.T) {
	bad := []struct {
		name        string
		edit        func(*SettingsUpdate)
		code, field string
	}{
		{"key with a space", func(u *SettingsUpdate) { u.APIKey = "sk-abc def" }, apperr.InputInvalid, "apiKey"},
		{"key with non-ASCII", func(u *SettingsUpdate) { u.APIKey = "sk-키" }, apperr.InputInvalid, "apiKey"},
		{"key too long", func(u *SettingsUpdate) { u.APIKey = strings.Repeat("k", 513) }, apperr.InputTooLong, "apiKey"},
		{"base URL without scheme", func(u *SettingsUpdate) { u.BaseURL = "api.openai.com/v1" }, apperr.InputInvalid, "baseUrl"},
		{"base URL host:port only", func(u *SettingsUpdate) { u.BaseURL = "localhost:11434" }, apperr.InputInvalid, "baseUrl"},
		{"base URL with ftp", func(u *SettingsUpdate) { u.BaseURL = "ftp://example.com" }, apperr.InputInvalid, "baseUrl"},
		{"base URL with javascript", func(u *SettingsUpdate) { u.BaseURL = "javascript:alert(1)" }, apperr.InputInvalid, "baseUrl"},
		{"base URL with credentials", func(u *SettingsUpdate) { u.BaseURL = "https://user:pw@example.com" }, apperr.InputInvalid, "baseUrl"},
		{"base URL with a space", func(u *SettingsUpdate) { u.BaseURL = "https://exa mple.com" }, apperr.InputInvalid, "baseUrl"},
		{"base URL with a fragment", func(u *SettingsUpdate) { u.BaseURL = "https://example.com/v1#x" }, apperr.InputInvalid, "baseUrl"},
		{"base URL without a host name", func(u *SettingsUpdate) { u.BaseURL = "http://:8080/v1" }, apperr.InputInvalid, "baseUrl"},
		{"base URL too long", func(u *SettingsUpdate) { u.BaseURL = "https://a.com/" + strings.Repeat("a", 2048) }, apperr.InputTooLong, "baseUrl"},
		{"model too long", func(u *SettingsUpdate) { u.Model = strings.Repeat("m", 201) }, apperr.InputTooLong, "model"},
		{"model with a newline", func(u *SettingsUpdate) { u.Model = "gpt\n4" }, apperr.InputInvalid, "model"},
		{"model with a right-to-left override", func(u *SettingsUpdate) { u.Model = "gpt-4o\u202e-inim" }, apperr.InputInvalid, "model"},
		{"model with a zero-width space", func(u *SettingsUpdate) { u.Model = "gpt-4o\u200b" }, apperr.InputInvalid, "model"},
		{"model with invalid UTF-8", func(u *SettingsUpdate) { u.Model = "gpt\xff" }, apperr.InputInvalid, "model"},
		{"temperature below 0", func(u *SettingsUpdate) { u.Temperature = -0.1 }, apperr.InputInvalid, "temperature"},
		{"temperature above 2", func(u *SettingsUpdate) { u.Temperature = 2.01 }, apperr.InputInvalid, "temperature"},
		{"temperature NaN", func(u *SettingsUpdate) { u.Temperature = math.NaN() }, apperr.InputInvalid, "temperature"},
		{"temperature infinite", func(u *SettingsUpdate) { u.Temperature = math.Inf(1) }, apperr.InputInvalid, "temperature"},
		{"temperature minus infinite", func(u *SettingsUpdate) { u.Temperature = math.Inf(-1) }, apperr.InputInvalid, "temperature"},
		{"proxy with ftp", func(u *SettingsUpdate) { u.ProxyURL = "ftp://proxy:21" }, apperr.InputInvalid, "proxyUrl"},
		{"proxy with gopher", func(u *SettingsUpdate) { u.ProxyURL = "gopher://proxy:70" }, apperr.InputInvalid, "proxyUrl"},
		{"proxy without host", func(u *SettingsUpdate) { u.ProxyURL = "socks5://" }, apperr.InputInvalid, "proxyUrl"},
		{"proxy not a URL", func(u *SettingsUpdate) { u.ProxyURL = "not a url" }, apperr.InputInvalid, "proxyUrl"},
		{"proxy too long", func(u *SettingsUpdate) { u.ProxyURL = "http://" + strings.Repeat("p", 2048) + ":3128" }, apperr.InputTooLong, "proxyUrl"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			svc, scope := New(), f.scope(t, "mina")
			before, _ := svc.Save(scope, SettingsUpdate{APIKey: "sk-original-key", Temperature: 0.5})
			up := full()
			c.edit(&up)
			_, saveErr := svc.Save(scope, up)
			cl, clientErr := llm.NewClient(providerConfig(up))
			if cl != nil {
				cl.Close()
			}
			for path, err := range map[string]error{"Save": saveErr, "llm.NewClient": clientErr} {
				if e := apperr.As(err); e == nil || e.Code != c.code || e.Field != c.field {
					t.Errorf("%s: error = %v; want %s on %s", path, err, c.code, c.field)
				}
			}
			if after, _ := svc.Get(scope); after != before {
				t.Errorf("a refused save changed the settings: %+v -> %+v", before, after)
			}
		})
	}

	good := []SettingsUpdate{
		{Temperature: 0},
		{Temperature: 2, BaseURL: "HTTPS://openrouter.ai/api/v1", ProxyURL: "http://user:pw@proxy.lan:3128"},
		{Temperature: 0.7, BaseURL: "http://[::1]:1234/v1", ProxyURL: "socks5h://127.0.0.1:9050"},
		{APIKey: "  sk-padded-key ", BaseURL: " http://localhost:11434/v1/ ", Model: " llama3.1:8b ", ProxyURL: " https://proxy.lan "},
	}
	f := newFixture(t)
	svc, scope := New(), f.scope(t, "mina")
	for _, up := range good {
		if _, err := svc.Save(scope, up); err != nil {
			t.Errorf("Save(%+v): %v", up, err)
			continue
		}
		// What was saved is what the client gets, and it builds one.
		saved, _ := svc.ProviderConfig(scope)
		cl, err := llm.NewClient(saved)
		if err != nil {
			t.Errorf("NewClient(%+v): %v", saved, err)
			continue
		}
		cl.Close()
		if again, err := saved.Check(); err != nil || again.BaseURL != saved.BaseURL || again.Model != saved.Model ||
			again.ProxyURL != saved.ProxyURL || again.APIKey != saved.APIKey {
			t.Errorf("saved settings %+v are not what Check makes of them: %+v, %v", saved, again, err)
		}
	}
}

func TestEmptyProviderFieldsGetLLMsDefaults(t *testing.T) {
	f := newFixture(t)
	svc, scope := New(), f.scope(t, "mina")
	saved, err := svc.Save(scope, SettingsUpdate{BaseURL: "  ", Model: "", Temperature: 0})
	if err != nil {
		t.Fatal(err)
	}
	if saved.BaseURL != "https://api.openai.com/v1" || saved.Model != "gpt-4o-mini" || saved.Temperature != 0 {
		t.Errorf("saved %+v", saved)
	}
	cfg, err := llm.Config{}.Check()
	if err != nil || cfg.BaseURL != saved.BaseURL || cfg.Model != saved.Model {
		t.Errorf("llm's defaults %+v, %v differ from the saved ones", cfg, err)
	}
}

func providerConfig(up SettingsUpdate) llm.Config {
	return llm.Config{APIKey: up.APIKey, BaseURL: up.BaseURL, Model: up.Model, Temperature: up.Temperature, ProxyURL: up.ProxyURL}
}
