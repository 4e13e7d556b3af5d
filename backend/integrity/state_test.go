package integrity

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestTheFileIsCheckedAfterAnUncleanEndAndOnceADay(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	day := time.Date(2026, 11, 29, 9, 0, 0, 0, time.Local)
	if Due(path, day) {
		t.Fatal("a file that does not exist yet needs no check")
	}
	if err := os.WriteFile(path, []byte("data"), 0o600); err != nil {
		t.Fatal(err)
	}
	if !Due(path, day) {
		t.Fatal("a file never checked (no note beside it) must be checked")
	}
	if err := Passed(path, day); err != nil {
		t.Fatal(err)
	}
	if err := Opened(path); err != nil {
		t.Fatal(err)
	}
	if err := Closed(path); err != nil {
		t.Fatal(err)
	}
	if Due(path, day.Add(time.Hour)) {
		t.Fatal("checked today and closed cleanly: no second check the same day")
	}
	if !Due(path, day.Add(24*time.Hour)) {
		t.Fatal("the next day's first start must check again")
	}
	// A run that ends without closing (killed, crashed) is checked next time.
	if err := Opened(path); err != nil {
		t.Fatal(err)
	}
	if !Due(path, day.Add(2*time.Hour)) {
		t.Fatal("after an unclean end the file must be checked")
	}
	// A damaged note is no reason to skip the check.
	if err := os.WriteFile(path+".state", []byte("{garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	if !Due(path, day) {
		t.Fatal("an unreadable note must lead to a check")
	}
}

func TestAFileReplacedByARestoreIsCheckedAgain(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	if err := os.WriteFile(path, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := Passed(path, now); err != nil {
		t.Fatal(err)
	}
	if err := Closed(path); err != nil {
		t.Fatal(err)
	}
	if Due(path, now) {
		t.Fatal("due right after a passed check and a clean close")
	}
	if err := Forget(path); err != nil {
		t.Fatal(err)
	}
	if !Due(path, now) {
		t.Fatal("a forgotten file is not due")
	}
}

func TestANewSchemaMakesTheCheckDueBeforeItMigrates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	if err := os.WriteFile(path, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := PassedForSchema(path, now, 1); err != nil {
		t.Fatal(err)
	}
	if err := Closed(path); err != nil {
		t.Fatal(err)
	}
	if DueForSchema(path, now, 1) {
		t.Fatal("due right after a passed check under the same schema")
	}
	if !DueForSchema(path, now, 2) {
		t.Fatal("a build with a newer schema may migrate an unchecked file")
	}
}
