package appdir

import (
	"errors"
	"path/filepath"
	"testing"
)

func TestDataLivesWhereTheUserAsked(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == EnvDataDir {
				return v
			}
			return ""
		}
	}
	cfg := func() (string, error) { return "/home/ann/.config", nil }
	tests := []struct {
		name, flag, env, want string
	}{
		{"flag wins over everything", "/data/flag", "/data/env", "/data/flag/parley.db"},
		{"environment when no flag", "", "/data/env", "/data/env/parley.db"},
		{"OS config folder by default", "", "", "/home/ann/.config/Parley/parley.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DBPath(tt.flag, env(tt.env), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if got != filepath.FromSlash(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRelativeDataDirBecomesAbsolute(t *testing.T) {
	got, err := DBPath("rel", func(string) string { return "" }, nil)
	if err != nil || !filepath.IsAbs(got) {
		t.Fatalf("got %q, %v; want an absolute path", got, err)
	}
}

func TestNoConfigFolderIsAnError(t *testing.T) {
	_, err := DBPath("", func(string) string { return "" }, func() (string, error) { return "", errors.New("no $HOME") })
	if err == nil {
		t.Fatal("want an error when the OS has no config folder")
	}
}
