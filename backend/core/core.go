// Package core wires Parley's services over one data file and keeps what
// composes them: the hooks between services, the log-in clean-up, the room
// list as the learner sees it, provider calls the learner can cancel, and the
// limits the UI shows. Everything else app.go calls on the services directly,
// through the logged-in user's scope (see Scope), so a new bound method
// touches the facade and one service, not a layer of pass-throughs here.
//
// No method takes a user id: the user is always the one whose session the
// account service holds, and every read and write goes through that user's
// sealed scope.
package core

import (
	"log"
	"time"

	"parley/backend/account"
	"parley/backend/audio"
	"parley/backend/chat"
	"parley/backend/coach"
	"parley/backend/events"
	"parley/backend/integrity"
	"parley/backend/lookup"
	"parley/backend/phrasebook"
	"parley/backend/room"
	"parley/backend/search"
	"parley/backend/settings"
	"parley/backend/speech"
	"parley/backend/store"
	"parley/backend/userdata"
	"parley/backend/vault"
)

// Options configure a Core; the zero value is production.
type Options struct {
	// Emitter carries streamed replies to the UI; nil drops them.
	Emitter events.Emitter
	// Params overrides argon2id costs; zero means the RFC 9106 set. Tests only.
	Params vault.Params
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// ReviewFuzz spreads review days; nil is random, phrasebook.NoFuzz none. Tests only.
	ReviewFuzz func() float64
	// LockTimeout bounds the wait for another process's file lock.
	LockTimeout time.Duration
	// Mic is the microphone Go records from; nil means this build's own
	// (speech.NativeMicrophone), which is none where the web view records.
	Mic speech.Microphone
	// Checker is the Parley binary, run with integrity.Flag to check the
	// data file out of process before it is opened (see checkFile). Empty
	// skips the check, as in Go tests that have no such binary.
	Checker string
	// CheckerEnv is added to the checker's environment (tests only).
	CheckerEnv []string
	// CheckTimeout bounds the check; 0 means DefaultCheckTimeout.
	CheckTimeout time.Duration
	// ExportWorkFactor is scrypt's log2(N) for account exports; 0 means
	// age's default. Tests only.
	ExportWorkFactor int
	// freeSpace stands in for the disk's free space (tests only).
	freeSpace func(dir string) (uint64, error)
	// releaseAfter and release stand in for the wait and the hand-back of
	// memory after a log-in (tests only; see releaser).
	releaseAfter time.Duration
	release      func()
}

// Core is Parley for one data file. It is safe for concurrent use.
type Core struct {
	db      *store.DB
	path    string
	opt     Options // to reopen the file after rewriting it (DeleteAccount)
	emitter events.Emitter
	now     func() time.Time
	// workFactor: see Options.ExportWorkFactor.
	workFactor int
	accounts   *account.Service
	settings   *settings.Service
	rooms      *room.Service
	chat       *chat.Service
	coach      *coach.Service
	speech     *speech.Service
	audio      *audio.Service
	phrases    *phrasebook.Service
	lookups    *lookup.Service
	search     *search.Service
	calls      calls
	released   *releaser
}

// Open opens (or creates) the data file and wires the services.
func Open(path string, opt Options) (*Core, error) {
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	if err := checkFile(path, opt, now()); err != nil {
		return nil, err
	}
	db, err := store.Open(path, store.Options{LockTimeout: opt.LockTimeout, Now: opt.Now, FreeSpace: opt.freeSpace})
	if err != nil {
		return nil, err
	}
	if err := db.RepackError(); err != nil {
		log.Printf("parley: the data file keeps its 4 KiB pages for now: %v", err)
	}
	// Until Close says otherwise, a run that ends now (a crash, a kill, a
	// fault in a damaged page) makes the next start check the file first.
	if err := integrity.Opened(path); err != nil {
		log.Printf("parley: cannot note beside the data file that it is open: %v", err)
	}
	c := &Core{db: db, path: path, opt: opt, emitter: opt.Emitter, now: now, workFactor: opt.ExportWorkFactor, settings: settings.New(),
		released: newReleaser(opt.releaseAfter, opt.release)}
	c.accounts = account.New(db, account.Options{Params: opt.Params, Now: opt.Now})
	// A room deleted for good takes its conversation with it, in the same
	// transaction; rooms know nothing else of chat.
	c.rooms = room.NewService(room.Options{Now: opt.Now, OnPurge: []room.PurgeHook{chat.PurgeRoom, coach.PurgeRoom, speech.PurgeRoom, audio.PurgeRoom}})
	c.chat = chat.NewService(chat.Options{Rooms: c.rooms, Config: c.settings, Emitter: opt.Emitter, Now: opt.Now})
	c.coach = coach.New(coach.Options{Chat: c.chat, Rooms: c.rooms, Settings: c.settings, Emitter: opt.Emitter, Now: opt.Now})
	if opt.Mic == nil {
		opt.Mic = speech.NativeMicrophone()
	}
	c.speech = speech.New(speech.Options{Mic: opt.Mic, Emitter: opt.Emitter, Config: c.settings, Rooms: c.rooms, Messages: c.chat})
	c.audio = audio.New(audio.Options{Settings: c.settings, Messages: c.chat, Now: opt.Now})
	c.lookups = lookup.New(lookup.Options{Config: c.settings, Now: opt.Now})
	c.phrases = phrasebook.New(phrasebook.Options{Now: opt.Now, Fuzz: opt.ReviewFuzz})
	// Log-out (and account deletion) stops every reply and saves its partial
	// text while the data key is still there to seal it, and cancels every
	// provider call under way.
	c.accounts.OnLogout(c.chat.CancelAll)
	c.accounts.OnLogout(c.calls.cancelAll)
	c.accounts.OnLogout(c.coach.CancelAll)
	c.accounts.OnLogout(c.speech.CancelAll) // the microphone stops with the session
	// Search keeps its in-memory index current with every saved message, and
	// wipes it once the replies above have been saved.
	c.search = search.New(c.chat, c.rooms)
	// The scratch memory of an index build goes back to the system with the
	// log-in's, after the last of them: the scavenger would take minutes.
	c.search.OnBuilt(c.released.soon)
	c.chat.OnChange(c.search.Apply)
	c.accounts.OnLogout(c.search.Drop)
	return c, nil
}

// Close stops replies and calls, ends the session (zeroing the data key) and
// closes the file.
func (c *Core) Close() error {
	c.released.stop()
	c.chat.CancelAll()
	c.calls.cancelAll()
	c.coach.CancelAll()
	c.speech.CancelAll()
	_ = c.accounts.LogOut()
	if err := c.db.Close(); err != nil {
		return err
	}
	if err := integrity.Closed(c.path); err != nil {
		log.Printf("parley: cannot note beside the data file that it is closed: %v", err)
	}
	return nil
}

// Accounts is the account service: sign-up, log-out, password changes.
// Log in through Core.LogIn or Core.RecoverAccount, which also tidy the
// user's data.
func (c *Core) Accounts() *account.Service { return c.accounts }

// Settings is the settings service.
func (c *Core) Settings() *settings.Service { return c.settings }

// Rooms is the room service. List rooms through Core.ListRooms and
// Core.ListTrash, which add what chat knows of each.
func (c *Core) Rooms() *room.Service { return c.rooms }

// Chat is the chat service.
func (c *Core) Chat() *chat.Service { return c.chat }

// Coach is the coach: feedback, hints, translations, goals.
func (c *Core) Coach() *coach.Service { return c.coach }

// Speech is push-to-talk: recording, transcription, kept takes, shadowing.
// Stop a recording through Core.StopRecording, which the learner can cancel.
func (c *Core) Speech() *speech.Service { return c.speech }

// Audio is the speech service. Speak through Core.SpeakMessage and
// Core.SpeakText, which the learner can cancel.
func (c *Core) Audio() *audio.Service { return c.audio }

// Phrases is the phrasebook: saved phrases, their review and export.
func (c *Core) Phrases() *phrasebook.Service { return c.phrases }

// Search is the search across every message of the logged-in user.
func (c *Core) Search() *search.Service { return c.search }

// Scope is the logged-in user's sealed data access, or auth.required.
func (c *Core) Scope() (*userdata.Scope, error) { return c.accounts.Scope() }

// LogIn opens a session and tidies the user's data (see settle).
func (c *Core) LogIn(req account.LogInRequest) (account.User, error) {
	u, err := c.accounts.LogIn(req)
	if err != nil {
		return u, err
	}
	return u, c.settle()
}

// RecoverAccount sets a new password with the recovery code, logs in like
// LogIn, and returns a new recovery code.
func (c *Core) RecoverAccount(req account.RecoverRequest) (account.SignUpResult, error) {
	res, err := c.accounts.RecoverAccount(req)
	if err != nil {
		return res, err
	}
	if err := c.settle(); err != nil {
		return account.SignUpResult{}, err
	}
	return res, nil
}

// settle runs once a user's data key is open: it moves data written by older
// versions to where it lives now, and clears rooms whose 30 days in the trash
// are over. The memory the log-in leaves behind is handed back soon after.
func (c *Core) settle() error {
	s, err := c.Scope()
	if err != nil {
		return err
	}
	defer c.released.soon()
	// Chat reads conversations only in the current layout: a learner whose
	// data cannot be moved is not let in half-migrated.
	if err := c.chat.MigrateLegacy(s); err != nil {
		_ = c.accounts.LogOut()
		return err
	}
	// A failed purge only delays the clean-up; it must not block log-in.
	_, _ = c.rooms.PurgeExpired(s)
	// The search index is built now, in the background, so the learner's
	// first search finds it ready.
	c.search.Warm(s)
	return nil
}
