package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestVersionFlagIsReadBesideWailsDevFlags(t *testing.T) {
	tests := []struct {
		name        string
		args        []string
		wantVersion bool
		wantDataDir string
	}{
		{"double dash", []string{"--version"}, true, ""},
		{"single dash", []string{"-version"}, true, ""},
		{"after dev-mode flags", []string{"-devserver", "127.0.0.1:1", "-assetdir", "x", "--version"}, true, ""},
		{"with a data folder", []string{"--data-dir", "/d", "--version"}, true, "/d"},
		{"not asked", []string{"--data-dir", "/d"}, false, "/d"},
		{"no flags", nil, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseFlags(tt.args)
			if got.version != tt.wantVersion || got.dataDir != tt.wantDataDir {
				t.Fatalf("parseFlags(%q) = %+v, want version=%v dataDir=%q", tt.args, got, tt.wantVersion, tt.wantDataDir)
			}
		})
	}
}

func TestAboutShowsTheVersionParleyPrints(t *testing.T) {
	defer func(v string) { version = v }(version)
	version = "v1.2.3-4-gabcdef0"

	var out bytes.Buffer
	printVersion(&out)
	if out.String() != "Parley v1.2.3-4-gabcdef0\n" {
		t.Fatalf("printed %q", out.String())
	}
	info, err := NewApp("/data/parley.db").AppInfo()
	if err != nil || info.Version != version || info.DataPath != "/data/parley.db" {
		t.Fatalf("AppInfo() = %+v, %v", info, err)
	}
}

// The real binary, stamped the way the Makefile stamps it, answers --version
// and exits 0 on a machine without a display (a CI runner, an SSH session).
func TestStampedBinaryPrintsItsVersionWithoutADisplay(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "parley")
	build := exec.Command("go", "build", "-ldflags", "-X main.version=v9.8.7-test", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "--version")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "WAYLAND_DISPLAY=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("parley --version: %v", err)
	}
	if string(out) != "Parley v9.8.7-test\n" {
		t.Fatalf("parley --version printed %q", out)
	}
}
