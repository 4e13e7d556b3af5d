package winpe

import (
	"bytes"
	"debug/pe"
	"os"
	"strings"
	"testing"
)

// make dist-test points these at the files `make dist` built:
//
//	PARLEY_WINDOWS_EXE      the app (what the portable zip holds)
//	PARLEY_WINDOWS_SETUP    the NSIS installer
//	PARLEY_WINDOWS_VERSION  X.Y.Z the version resources must carry
//	PARLEY_VERSION          the git describe string stamped into the app
func artifact(t *testing.T, env string) (*pe.File, []byte) {
	t.Helper()
	path := os.Getenv(env)
	if path == "" {
		t.Skipf("%s not set: run make dist-test", env)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := pe.NewFile(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("%s is not a PE file: %v", path, err)
	}
	return f, raw
}

func subsystem(f *pe.File) uint16 {
	switch h := f.OptionalHeader.(type) {
	case *pe.OptionalHeader64:
		return h.Subsystem
	case *pe.OptionalHeader32:
		return h.Subsystem
	}
	return 0
}

func mustResources(t *testing.T, f *pe.File) map[uint32][][]byte {
	t.Helper()
	res, err := Resources(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range []uint32{TypeIcon, TypeGroupIcon, TypeVersion, TypeManifest} {
		if len(res[typ]) == 0 {
			t.Errorf("no resource of type %d (icon 3, icon group 14, version 16, manifest 24)", typ)
		}
	}
	return res
}

func checkVersion(t *testing.T, res map[uint32][][]byte) {
	t.Helper()
	want := os.Getenv("PARLEY_WINDOWS_VERSION")
	if len(res[TypeVersion]) == 0 {
		return
	}
	v := res[TypeVersion][0]
	if got := VersionString(v, "ProductName"); got != "Parley" {
		t.Errorf("ProductName = %q", got)
	}
	if got := VersionString(v, "ProductVersion"); want != "" && got != want {
		t.Errorf("ProductVersion = %q, want %q", got, want)
	}
}

func TestWindowsAppIsAnAmd64GUIProgramWithIconVersionAndManifest(t *testing.T) {
	f, raw := artifact(t, "PARLEY_WINDOWS_EXE")
	if f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		t.Errorf("machine %#x, want amd64", f.Machine)
	}
	// A console subsystem would open a black terminal window beside Parley.
	if s := subsystem(f); s != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		t.Errorf("subsystem %d, want Windows GUI (2)", s)
	}
	res := mustResources(t, f)
	checkVersion(t, res)
	if m := res[TypeManifest]; len(m) > 0 {
		// Per-monitor DPI awareness keeps text sharp on scaled displays.
		if !bytes.Contains(m[0], []byte("permonitorv2")) {
			t.Errorf("manifest lacks per-monitor DPI awareness:\n%s", m[0])
		}
	}
	if v := os.Getenv("PARLEY_VERSION"); v != "" && !bytes.Contains(raw, []byte(v)) {
		t.Errorf("the exe does not carry the stamped version %q", v)
	}
}

func TestWindowsInstallerRunsWithoutAdminRights(t *testing.T) {
	f, _ := artifact(t, "PARLEY_WINDOWS_SETUP")
	if s := subsystem(f); s != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		t.Errorf("subsystem %d, want Windows GUI (2)", s)
	}
	res := mustResources(t, f)
	checkVersion(t, res)
	if m := res[TypeManifest]; len(m) > 0 {
		// RequestExecutionLevel user: Windows starts it without a UAC prompt.
		if !strings.Contains(string(m[0]), `level="asInvoker"`) {
			t.Errorf("installer manifest does not run as the invoking user:\n%s", m[0])
		}
	}
}

func TestVersionStringReadsAnAlignedValue(t *testing.T) {
	// A String entry: 6 header bytes, then "ProductName\0" (24 bytes) ends at
	// 30, so the value starts after 2 bytes of padding, at 32.
	res := append(make([]byte, 6), utf16le("ProductName\x00")...)
	res = append(res, 0xff, 0xff)
	res = append(res, utf16le("Parley\x00")...)
	if got := VersionString(res, "ProductName"); got != "Parley" {
		t.Fatalf("got %q", got)
	}
	if got := VersionString(res, "FileVersion"); got != "" {
		t.Fatalf("missing key gave %q", got)
	}
}
