//go:build linux

package core

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"parley/backend/apperr"
	"parley/backend/chat"
	"parley/backend/llm/fakeopenai"
	"parley/backend/vault"
)

// smallDisk mounts a tmpfs of size bytes and returns its folder; the test is
// skipped where mounting is not allowed (not root, or in a sandbox).
func smallDisk(t *testing.T, size int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "disk")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, fmt.Sprintf("size=%d", size)); err != nil {
		t.Skipf("cannot mount a small tmpfs here (%v): run as root to test a full disk", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			_ = exec.Command("umount", "-l", dir).Run()
		}
	})
	return dir
}

// fill writes a file until the disk is full; removing it frees the space.
func fill(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 4096)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			return path
		}
	}
}

func TestAFullDiskGivesAClearErrorLosesNothingAndParleyRecoversWhenSpaceIsFreed(t *testing.T) {
	dir := smallDisk(t, 4<<20)
	path := filepath.Join(dir, "parley.db")
	ev := &uiEvents{done: make(chan chat.DoneEvent, 16), delta: make(chan chat.DeltaEvent, 16)}
	errs := make(chan chat.ErrorEvent, 16)
	c, err := Open(path, Options{Emitter: emitBoth{ev, errs}, Params: vault.TestParams(), LockTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { c.Close() }()
	s := signUp(t, c, "ann")
	fake := fakeopenai.New()
	defer fake.Close()
	useServer(t, c, s, fake)
	r, err := c.Rooms().Create(s, tokyo)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := c.Chat().SendMessage(s, r.ID, fmt.Sprintf("Line %d", i)); err != nil {
			t.Fatal(err)
		}
		waitDone(t, ev)
	}
	before := allMessages(t, c, r.ID)

	filler := fill(t, dir)
	// Sending, editing, and a long reply: each fails with the disk-full
	// code, or saves, but never half-saves or loses what was there.
	long := strings.Repeat("とても長い返事です。", 4000)
	fake.SetDefault(fakeopenai.Behavior{Reply: long})
	var codes []string
	for i := range 20 {
		res, err := c.Chat().SendMessage(s, r.ID, fmt.Sprintf("Full %d %s", i, strings.Repeat("x", 300)))
		if err != nil {
			codes = append(codes, apperr.CodeOf(err))
			continue
		}
		select {
		case e := <-errs:
			codes = append(codes, e.Code)
		case <-ev.done:
		case <-time.After(10 * time.Second):
			t.Fatalf("reply %d never ended", res.ReplyID)
		}
	}
	in := tokyo
	in.Title = strings.Repeat("Renamed ", 10)
	for range 50 {
		if _, err := c.Rooms().Update(s, r.ID, in); err != nil {
			codes = append(codes, apperr.CodeOf(err))
			break
		}
	}
	if len(codes) == 0 {
		t.Fatal("the disk never filled up")
	}
	for _, code := range codes {
		if code != apperr.StoreDiskFull {
			t.Fatalf("a full disk gave %v, want only %s", codes, apperr.StoreDiskFull)
		}
	}
	after := allMessages(t, c, r.ID)
	for i, m := range before {
		if after[i].ID != m.ID || after[i].Text != m.Text || after[i].Status != m.Status {
			t.Fatalf("message %d changed on a full disk: %+v -> %+v", m.ID, m, after[i])
		}
	}

	// Free the space: Parley carries on, and after a restart the file
	// passes the checker and holds everything.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	fake.SetDefault(fakeopenai.Behavior{Reply: "Back again."})
	if _, err := c.Chat().SendMessage(s, r.ID, "Is there space now?"); err != nil {
		t.Fatalf("after freeing space: %v", err)
	}
	if d := waitDone(t, ev); d.Reply.Text != "Back again." {
		t.Fatalf("reply after freeing space = %+v", d.Reply)
	}
	c.Close()
	exe, _ := os.Executable()
	c, err = Open(path, Options{Emitter: ev, Params: vault.TestParams(), Checker: exe})
	if err != nil {
		t.Fatalf("reopen after a full disk: %v", err)
	}
	if _, err := c.LogIn(loginAnn); err != nil {
		t.Fatal(err)
	}
	final := allMessages(t, c, r.ID)
	if len(final) < len(before)+2 {
		t.Fatalf("after restart %d messages, want at least %d", len(final), len(before)+2)
	}
	t.Logf("full disk: %d refused writes, all %s; %d messages kept, %d after recovery", len(codes), apperr.StoreDiskFull, len(before), len(final))

}

// emitBoth records done events in ev and error events in errs.
type emitBoth struct {
	ev   *uiEvents
	errs chan chat.ErrorEvent
}

func (e emitBoth) Emit(name string, payload any) {
	if p, ok := payload.(chat.ErrorEvent); ok {
		e.errs <- p
		return
	}
	e.ev.Emit(name, payload)
}
