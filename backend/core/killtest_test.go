//go:build unix

package core

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"parley/backend/account"
	"parley/backend/apperr"
	"parley/backend/chat"
	"parley/backend/llm/fakeopenai"
	"parley/backend/vault"
)

// The kill test runs a real Parley (the services over a data file, as the
// app wires them; only the window is missing) in a child process, has it
// chat and edit rooms, and SIGKILLs it at random moments, twenty times.
// The child says on stdout what it was told was saved ("acknowledged"); after
// each kill the test opens the file as the app does (integrity check
// included, since the kill left it marked open) and checks every
// acknowledged line, reply and edit is there, then uses the room.

const (
	killDriverEnv = "PARLEY_KILL_DRIVER" // data folder; set in the child only
	killRounds    = 20
)

var killPassword = "correct horse battery"

// killReplyTokens is the reply the fake streams, slowly enough that kills
// land mid-reply, often after a partial save: 40 pieces, 60 ms apart (2.4 s
// a reply).
var killReplyTokens = func() []string {
	var out []string
	for i := range 40 {
		out = append(out, fmt.Sprintf("word%02d ", i))
	}
	return out
}()

var killReply = strings.Join(killReplyTokens, "")

// ack lines the child prints once a call has returned (or the done event
// came), in the form "kind roomID id text".
func ack(kind, roomID string, id uint64, text string) {
	fmt.Printf("%s %s %d %s\n", kind, roomID, id, text)
}

// doneEmitter forwards the saved reply of each chat:done to a channel.
type doneEmitter struct{ done chan chat.Message }

func (e doneEmitter) Emit(name string, payload any) {
	switch p := payload.(type) {
	case chat.DoneEvent:
		e.done <- p.Reply
	case chat.ErrorEvent:
		e.done <- p.Reply
	}
}

// killDriver is the child: it opens the file like the app, then chats in the
// first room and renames the second until it is killed.
func killDriver(dir string) int {
	exe, _ := os.Executable()
	ev := doneEmitter{done: make(chan chat.Message, 4)}
	c, err := Open(filepath.Join(dir, "parley.db"), Options{Emitter: ev, Params: vault.TestParams(), Checker: exe})
	if err != nil {
		fmt.Println("fail open", apperr.CodeOf(err))
		return 1
	}
	if _, err := c.LogIn(account.LogInRequest{Username: "ann", Password: killPassword}); err != nil {
		fmt.Println("fail login", apperr.CodeOf(err))
		return 1
	}
	s, _ := c.Scope()
	rooms, err := c.ListRooms(s)
	if err != nil || len(rooms) != 2 {
		fmt.Println("fail rooms", len(rooms), apperr.CodeOf(err))
		return 1
	}
	talk, edit := rooms[0].Room, rooms[1].Room
	if talk.Title != "Talk" {
		talk, edit = edit, talk
	}
	fmt.Println("ready")
	for i := 0; ; i++ {
		in := edit.RoomInput
		in.Title = fmt.Sprintf("Edit %d-%d", os.Getpid(), i)
		if _, err := c.Rooms().Update(s, edit.ID, in); err != nil {
			fmt.Println("fail update", apperr.CodeOf(err))
			return 1
		}
		ack("room", edit.ID, 0, in.Title)
		line := fmt.Sprintf("line %d-%d", os.Getpid(), i)
		res, err := c.Chat().SendMessage(s, talk.ID, line)
		if err != nil {
			fmt.Println("fail send", apperr.CodeOf(err))
			return 1
		}
		ack("user", talk.ID, res.MessageID, line)
		reply := <-ev.done
		if reply.Status != chat.StatusDone {
			fmt.Println("fail reply", reply.Status, reply.ErrorCode)
			return 1
		}
		ack("reply", talk.ID, reply.ID, reply.Text)
	}
}

type acked struct {
	kind, roomID string
	id           uint64
	text         string
}

func TestParleyKilledMidReplyAndMidEditKeepsEverythingItAcknowledged(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a child Parley twenty times (about a minute)")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	fake := fakeopenai.New()
	defer fake.Close()
	fake.SetDefault(fakeopenai.Behavior{Tokens: killReplyTokens, TokenDelay: 60 * time.Millisecond})

	dir := t.TempDir()
	path := filepath.Join(dir, "parley.db")
	c, err := Open(path, Options{Params: vault.TestParams()})
	if err != nil {
		t.Fatal(err)
	}
	s := signUp(t, c, "ann")
	useServer(t, c, s, fake)
	for _, title := range []string{"Talk", "Edit"} {
		in := tokyo
		in.Title = title
		if _, err := c.Rooms().Create(s, in); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}

	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 12))
	var stats struct {
		lines, replies, edits, partials, partialChars, empties int
		midReply                                               int
		checks                                                 time.Duration
	}
	for round := range killRounds {
		// Even rounds kill during the first reply, after its first partial
		// save; odd rounds anywhere in the next few seconds, where replies
		// have completed and another one, or a room edit, is under way.
		after := time.Duration(1200+rng.IntN(1100)) * time.Millisecond
		if round%2 == 1 {
			after = time.Duration(300+rng.IntN(6000)) * time.Millisecond
		}
		acks, cut := runAndKill(t, exe, dir, after)
		if cut {
			stats.midReply++
		}

		start := time.Now()
		ev := &uiEvents{done: make(chan chat.DoneEvent, 16), delta: make(chan chat.DeltaEvent, 16)}
		c, err := Open(path, Options{Emitter: ev, Params: vault.TestParams(), Checker: exe})
		if err != nil {
			t.Fatalf("round %d: the file does not open after the kill: %v", round, err)
		}
		stats.checks += time.Since(start)
		if _, err := c.LogIn(loginAnn); err != nil {
			t.Fatalf("round %d: log-in after the kill: %v", round, err)
		}
		s, _ := c.Scope()
		var talkID string
		byID := map[uint64]chat.Message{}
		lastTitle := ""
		for _, a := range acks {
			switch a.kind {
			case "room":
				lastTitle = a.text
				r, err := c.Rooms().Get(s, a.roomID)
				if err != nil {
					t.Fatalf("round %d: edited room: %v", round, err)
				}
				// The acknowledged edit, or a later one the kill cut
				// off after it was saved but before it was acknowledged.
				if r.Title != a.text && !strings.HasPrefix(r.Title, "Edit ") {
					t.Fatalf("round %d: room title %q, want %q", round, r.Title, a.text)
				}
			case "user", "reply":
				talkID = a.roomID
				if len(byID) == 0 {
					for _, m := range allMessages(t, c, a.roomID) {
						byID[m.ID] = m
					}
				}
				m, ok := byID[a.id]
				if !ok || m.Text != a.text {
					t.Fatalf("round %d: acknowledged %s %d %q is %+v after the kill", round, a.kind, a.id, a.text, m)
				}
				if a.kind == "reply" && m.Status != chat.StatusDone {
					t.Fatalf("round %d: acknowledged reply %d is %s", round, a.id, m.Status)
				}
			}
		}
		if lastTitle == "" {
			t.Logf("round %d: killed before the first acknowledged edit", round)
		}
		for _, a := range acks {
			switch a.kind {
			case "user":
				stats.lines++
			case "reply":
				stats.replies++
			case "room":
				stats.edits++
			}
		}
		if talkID == "" {
			continue
		}
		// The newest reply, cut by the kill, keeps what had streamed.
		msgs := allMessages(t, c, talkID)
		last := msgs[len(msgs)-1]
		if last.Role == chat.RoleAssistant && last.Status == chat.StatusError {
			if last.ErrorCode != apperr.LLMDropped || !strings.HasPrefix(killReply, last.Text) {
				t.Fatalf("round %d: the cut reply is %+v", round, last)
			}
			if last.Text == "" {
				stats.empties++
			} else {
				stats.partials++
				stats.partialChars += len(last.Text)
			}
			// Retry works in the room the kill interrupted (at full speed).
			fake.Script(fakeopenai.Behavior{Tokens: killReplyTokens})
			if _, err := c.Chat().RetryReply(s, talkID); err != nil {
				t.Fatalf("round %d: retry after the kill: %v", round, err)
			}
			if d := waitDone(t, ev); d.Reply.Text != killReply {
				t.Fatalf("round %d: retried reply %q", round, d.Reply.Text)
			}
		}
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
	}
	// A reply streams 2.4 s, saving its text each second, and half the
	// kills land 1.2-2.3 s into the first one: some cut reply kept text.
	if stats.lines == 0 || stats.edits == 0 || stats.partials == 0 || stats.replies == 0 {
		t.Fatalf("the child acknowledged too little to prove anything: %+v", stats)
	}
	t.Logf("kill test: %d kills (%d mid-reply); acknowledged and found after restart: %d learner lines, %d replies, %d room edits; cut replies kept with text: %d (%d chars), cut with no text yet: %d; open after kill incl. integrity check: %s average",
		killRounds, stats.midReply, stats.lines, stats.replies, stats.edits, stats.partials, stats.partialChars, stats.empties, stats.checks/killRounds)
}

// runAndKill runs the child on dir until after, SIGKILLs it and returns what
// it acknowledged, and whether a reply was streaming at the kill.
func runAndKill(t *testing.T, exe, dir string, after time.Duration) ([]acked, bool) {
	t.Helper()
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), killDriverEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		acks  []acked
		ready = make(chan struct{})
		ended = make(chan struct{})
		fail  string
	)
	go func() {
		defer close(ended)
		sc := bufio.NewScanner(out)
		once := sync.Once{}
		for sc.Scan() {
			line := sc.Text()
			if line == "ready" {
				once.Do(func() { close(ready) })
				continue
			}
			parts := strings.SplitN(line, " ", 4)
			if parts[0] == "fail" || len(parts) < 4 {
				mu.Lock()
				fail = line
				mu.Unlock()
				once.Do(func() { close(ready) })
				continue
			}
			id, _ := strconv.ParseUint(parts[2], 10, 64)
			mu.Lock()
			acks = append(acks, acked{parts[0], parts[1], id, parts[3]})
			mu.Unlock()
		}
	}()
	select {
	case <-ready:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("the child did not start")
	}
	time.Sleep(after)
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()
	<-ended
	mu.Lock()
	defer mu.Unlock()
	if fail != "" {
		t.Fatalf("the child failed: %s", fail)
	}
	cut := len(acks) > 0 && acks[len(acks)-1].kind == "user"
	return acks, cut
}
