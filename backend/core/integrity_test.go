//go:build unix

package core

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"parley/backend/apperr"
	"parley/backend/integrity"
	"parley/backend/vault"
)

// openChecked opens path the way the app does, with the test binary as the
// checker; mode is PARLEY_TEST_CHECKER ("" checks for real).
func openChecked(path, mode string, timeout time.Duration) (*Core, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	return Open(path, Options{Params: vault.TestParams(), LockTimeout: 200 * time.Millisecond,
		Checker: exe, CheckerEnv: []string{"PARLEY_TEST_CHECKER=" + mode}, CheckTimeout: timeout})
}

// fileWithData makes a data file with an account and a room, closed cleanly.
func fileWithData(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "parley.db")
	c, err := openChecked(path, "", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	s := signUp(t, c, "ann")
	if _, err := c.Rooms().Create(s, tokyo); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestADamagedFileIsNamedAndLeftUntouchedInsteadOfOpened(t *testing.T) {
	path := fileWithData(t)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Zero every page after the two meta pages, as a failing disk would.
	const page = 4096
	damagedRaw := bytes.Clone(raw)
	clear(damagedRaw[2*page:])
	if err := os.WriteFile(path, damagedRaw, 0o600); err != nil {
		t.Fatal(err)
	}
	// Even a file that passed today is checked again after a run that
	// did not close it.
	if err := integrity.Opened(path); err != nil {
		t.Fatal(err)
	}
	c, err := openChecked(path, "", time.Minute)
	if err == nil {
		c.Close()
		t.Fatal("a damaged file was opened")
	}
	if apperr.CodeOf(err) != apperr.StoreCorrupt {
		t.Fatalf("Open(damaged) = %v, want %s", err, apperr.StoreCorrupt)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, damagedRaw) {
		t.Fatal("the damaged file was changed")
	}
	// Nothing opened it: no backup or migration copied the damage around.
	if backups, _ := os.ReadDir(filepath.Join(filepath.Dir(path), "backups")); len(backups) != 0 {
		t.Fatalf("backups after a refused open: %d", len(backups))
	}
}

func TestACheckerKilledByAFaultMeansDamagedNotACrashedApp(t *testing.T) {
	path := fileWithData(t)
	if err := integrity.Opened(path); err != nil { // the last run did not close it
		t.Fatal(err)
	}
	if c, err := openChecked(path, "fault", time.Minute); apperr.CodeOf(err) != apperr.StoreCorrupt {
		if c != nil {
			c.Close()
		}
		t.Fatalf("Open with a faulting checker = %v, want %s", err, apperr.StoreCorrupt)
	}
}

func TestACheckThatPassedTodayIsNotRunAgainAfterACleanClose(t *testing.T) {
	path := fileWithData(t) // a new file is not due: this open checks it
	c, err := openChecked(path, "", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	// A faulting checker would refuse the file: it is not run.
	c, err = openChecked(path, "fault", time.Minute)
	if err != nil {
		t.Fatalf("Open after a passed check and a clean close = %v", err)
	}
	c.Close()
}

func TestACheckThatDoesNotFinishInTimeStillOpensTheFile(t *testing.T) {
	path := fileWithData(t)
	if err := integrity.Opened(path); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	c, err := openChecked(path, "hang", 300*time.Millisecond)
	if err != nil {
		t.Fatalf("Open with a hanging checker = %v", err)
	}
	defer c.Close()
	if d := time.Since(start); d > 20*time.Second {
		t.Fatalf("the bound did not hold: %s", d)
	}
	if _, err := c.LogIn(loginAnn); err != nil {
		t.Fatalf("log-in after an unfinished check: %v", err)
	}
}
