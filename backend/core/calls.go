package core

import (
	"context"
	"sync"

	"parley/backend/apperr"
	"parley/backend/chat"
	"parley/backend/llm"
	"parley/backend/settings"
	"parley/backend/userdata"
)

// Provider calls that return one answer (a suggestion, a connection test, the
// model list) can take as long as the server does, retries included. Each
// runs under an id the UI chooses, so the learner can cancel it (CancelCall),
// and log-out cancels them all.

// MaxCallID bounds a call id: the UI makes one per call (a UUID is 36).
const MaxCallID = 64

// calls holds the cancel funcs of the calls under way, by id.
type calls struct {
	mu   sync.Mutex
	live map[string]context.CancelFunc
}

func checkCallID(id string) error {
	if id == "" || len(id) > MaxCallID {
		return apperr.Field(apperr.InputInvalid, "callId", "a call id has 1 to 64 characters")
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return apperr.Field(apperr.InputInvalid, "callId", "a call id is letters, digits, - and _")
		}
	}
	return nil
}

// start registers a call; done must be called when it ends.
func (cs *calls) start(id string) (ctx context.Context, done func(), err error) {
	if err := checkCallID(id); err != nil {
		return nil, nil, err
	}
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if _, dup := cs.live[id]; dup {
		return nil, nil, apperr.Field(apperr.InputInvalid, "callId", "a call with this id is under way")
	}
	if cs.live == nil {
		cs.live = map[string]context.CancelFunc{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cs.live[id] = cancel
	return ctx, func() {
		cs.mu.Lock()
		delete(cs.live, id)
		cs.mu.Unlock()
		cancel()
	}, nil
}

func (cs *calls) cancel(id string) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if cancel, ok := cs.live[id]; ok {
		cancel()
	}
}

func (cs *calls) cancelAll() {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	for _, cancel := range cs.live {
		cancel()
	}
}

// cancellable runs fn under call id. A call canceled before it answered is
// llm.canceled, whatever fn made of the canceled context.
func cancellable[T any](c *Core, id string, fn func(ctx context.Context) (T, error)) (T, error) {
	var zero T
	ctx, done, err := c.calls.start(id)
	if err != nil {
		return zero, err
	}
	defer done()
	v, err := fn(ctx)
	if ctx.Err() != nil {
		return zero, apperr.New(apperr.LLMCanceled, "the request was canceled")
	}
	return v, err
}

// CancelCall cancels the call under way with this id; an id with no call
// under way (already finished, or never started) is not an error.
func (c *Core) CancelCall(id string) error {
	if err := checkCallID(id); err != nil {
		return err
	}
	c.calls.cancel(id)
	return nil
}

// SuggestReply proposes a line the learner could say next; it is not kept.
func (c *Core) SuggestReply(s *userdata.Scope, callID, roomID string) (string, error) {
	return cancellable(c, callID, func(ctx context.Context) (string, error) {
		return c.chat.SuggestReply(ctx, s, roomID)
	})
}

// TestConnection tries the provider settings the form holds (see
// settings.TrialConfig), without saving them, and names what failed.
func (c *Core) TestConnection(s *userdata.Scope, callID string, up settings.SettingsUpdate) (llm.ConnectionReport, error) {
	return cancellable(c, callID, func(ctx context.Context) (llm.ConnectionReport, error) {
		cl, err := c.trialClient(s, up)
		if err != nil {
			return llm.ConnectionReport{}, err
		}
		defer cl.Close()
		return cl.TestConnection(ctx), nil
	})
}

// ListModels lists the models the server in the form (unsaved) offers.
func (c *Core) ListModels(s *userdata.Scope, callID string, up settings.SettingsUpdate) ([]string, error) {
	return cancellable(c, callID, func(ctx context.Context) ([]string, error) {
		cl, err := c.trialClient(s, up)
		if err != nil {
			return nil, err
		}
		defer cl.Close()
		return cl.ListModels(ctx)
	})
}

// trialClient builds an llm client from the form's settings, unsaved.
func (c *Core) trialClient(s *userdata.Scope, up settings.SettingsUpdate) (*llm.Client, error) {
	cfg, err := c.settings.TrialConfig(s, up)
	if err != nil {
		return nil, err
	}
	return llm.NewClient(cfg)
}

// TranslateScene gives a room's scene in another language for the scenario
// card, translated once and cached by chat.
func (c *Core) TranslateScene(s *userdata.Scope, callID, roomID, language string) (chat.SceneTranslation, error) {
	return cancellable(c, callID, func(ctx context.Context) (chat.SceneTranslation, error) {
		return c.chat.TranslateScene(ctx, s, roomID, language)
	})
}
