// Package macos checks the macOS bundle settings, which can only be built on
// a Mac: a broken Info.plist would otherwise first show up in a release.
package macos

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
	"text/template"

	"howett.net/plist"
)

// wailsData mirrors the fields Wails hands to build/darwin/Info.plist.
type wailsData struct {
	Name           string
	OutputFilename string
	Info           struct {
		ProductName    string `json:"productName"`
		ProductVersion string `json:"productVersion"`
		Copyright      string `json:"copyright"`
		Comments       string `json:"comments"`
	}
}

func TestInfoPlistCarriesTheVersionAndAsksForTheMicrophone(t *testing.T) {
	var cfg struct {
		Name           string          `json:"name"`
		OutputFilename string          `json:"outputfilename"`
		Info           json.RawMessage `json:"info"`
	}
	raw, err := os.ReadFile("../../../wails.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &cfg); err != nil {
		t.Fatal(err)
	}
	data := wailsData{Name: cfg.Name, OutputFilename: cfg.OutputFilename}
	if err := json.Unmarshal(cfg.Info, &data.Info); err != nil {
		t.Fatal(err)
	}
	data.Info.ProductVersion = "1.4.2" // what the release workflow stamps from the tag

	src, err := os.ReadFile("../../darwin/Info.plist")
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := template.New("Info.plist").Option("missingkey=error").Parse(string(src))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := tmpl.Execute(&out, data); err != nil {
		t.Fatal(err)
	}
	var p map[string]any
	if _, err := plist.Unmarshal(out.Bytes(), &p); err != nil {
		t.Fatalf("Info.plist does not parse once Wails fills it: %v\n%s", err, out.Bytes())
	}
	for key, want := range map[string]string{
		"CFBundleShortVersionString": "1.4.2",
		"CFBundleVersion":            "1.4.2",
		"CFBundleExecutable":         cfg.OutputFilename,
		"CFBundleName":               "Parley",
	} {
		if p[key] != want {
			t.Errorf("%s = %v, want %q", key, p[key], want)
		}
	}
	// Without it macOS kills the app the moment it opens the microphone.
	if s, _ := p["NSMicrophoneUsageDescription"].(string); len(s) < 20 {
		t.Errorf("NSMicrophoneUsageDescription = %q", s)
	}
}
