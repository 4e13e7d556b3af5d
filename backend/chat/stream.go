package chat

import (
	"context"
	"errors"
	"io"
	"log"
	"strings"
	"sync"

	"parley/backend/apperr"
	"parley/backend/applog"
	"parley/backend/llm"
	"parley/backend/models"
	"parley/backend/userdata"
)

// outcome is what a model call produced besides the streamed text.
type outcome struct {
	model    string
	estimate int        // Parley's estimate of the prompt tokens sent
	usage    *llm.Usage // as the server reported it; nil when it did not
	cutOff   bool       // the reply reached llm's size cap and was cut there
}

// run writes one reply: it streams it from the model, saves the final state,
// frees the room and emits chat:done or chat:error. The room stays claimed
// until the reply is saved, so nothing can interleave with it.
func (s *Service) run(scope *userdata.Scope, a *activeReply, j *job) {
	defer close(a.done)
	batch := newDeltaBatcher(a.events, j.roomID, j.reply.ID)
	var mu sync.Mutex
	var text strings.Builder
	// Text arrives cleaned: llm applies textclean where it enters.
	onDelta := func(d string) {
		mu.Lock()
		text.WriteString(d)
		mu.Unlock()
		batch.add(d)
	}
	stopSaving := s.keepPartial(scope, j, func() string {
		mu.Lock()
		defer mu.Unlock()
		return text.String()
	})
	out, err := s.generateSafely(a.ctx, scope, j, onDelta)
	batch.close()
	stopSaving()
	mu.Lock()
	final := text.String()
	mu.Unlock()

	reply, saveErr := s.finish(scope, j, final, out, err)
	a.saveErr = saveErr
	s.release(scope, j.roomID, a)
	if err == nil && saveErr != nil {
		// The reply arrived but could not be saved: say so rather than
		// show it as done and have it missing after a restart.
		err = saveErr
		reply.Status, reply.ErrorCode = StatusError, apperr.CodeOf(saveErr)
	}
	if err == nil {
		a.events.Emit(EventDone, DoneEvent{RoomID: j.roomID, Reply: reply})
		return
	}
	e := apperr.As(err)
	a.events.Emit(EventError, ErrorEvent{RoomID: j.roomID, ReplyID: j.reply.ID, Code: e.Code, Message: e.Message, Reply: reply})
}

// generateSafely turns a panic while producing a reply (a bug, or input no
// test foresaw) into a failed reply: its partial text is saved, the room is
// released, and the app with every other room's reply keeps running.
func (s *Service) generateSafely(ctx context.Context, scope *userdata.Scope, j *job, onDelta func(string)) (out outcome, err error) {
	defer func() {
		if r := recover(); r != nil {
			// Where it happened, never what: the value may hold message text.
			log.Printf("parley: a reply panicked (%T) at:\n%s", r, applog.Callers(2))
			err = apperr.New(apperr.Internal, "the reply failed unexpectedly")
		}
	}()
	return s.generate(ctx, scope, j, onDelta)
}

// generate streams the reply into onDelta. When the server still finds the
// conversation too long for its context (its window is smaller than Parley's
// table says, as with a local server's setting), the request is made once
// more with half as many tokens.
func (s *Service) generate(ctx context.Context, scope *userdata.Scope, j *job, onDelta func(string)) (outcome, error) {
	cfg, err := s.config.ProviderConfig(scope)
	if err != nil {
		return outcome{}, err
	}
	client, err := s.client(scope.UserID(), cfg)
	if err != nil {
		return outcome{}, err
	}
	out := outcome{model: client.Model()}
	budget := s.budget(out.model)
	for attempt := 0; ; attempt++ {
		msgs, estimate, err := s.replyRequest(scope, j, out.model, budget)
		if err != nil {
			return out, err
		}
		out.estimate = estimate
		// Stream returns only once the server has accepted the request, so a
		// context-length refusal always comes before any text.
		st, err := client.Stream(ctx, llm.Request{Messages: msgs})
		if apperr.CodeOf(err) == apperr.LLMContextTooLong && attempt == 0 {
			// Halve what was actually sent, not the nominal budget: a
			// conversation already under half the budget would otherwise go
			// out unchanged and fail the same way.
			budget = min(budget, estimate) / 2
			continue
		}
		if err != nil {
			return out, err
		}
		err = receive(st, onDelta)
		out.usage, out.cutOff = st.Usage(), st.Truncated()
		if err == nil && out.usage != nil {
			s.calib.observe(out.model, estimate, out.usage.PromptTokens)
		}
		return out, err
	}
}

// receive passes the stream's pieces to onDelta until it ends; a clean end
// is nil.
func receive(st *llm.Stream, onDelta func(string)) error {
	defer st.Close()
	for {
		piece, err := st.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		onDelta(piece)
	}
}

// budget is the prompt budget for model.
func (s *Service) budget(model string) int {
	if s.budgetOverride > 0 {
		return s.budgetOverride
	}
	return promptBudget(model)
}

// replyRequest builds the messages for job j within budget, reading the
// room's history newest first from just before the reply.
func (s *Service) replyRequest(scope *userdata.Scope, j *job, model string, budget int) ([]llm.Message, int, error) {
	c, err := s.counter(model)
	if err != nil {
		return nil, 0, err
	}
	system := SystemPrompt(j.version, j.scene)
	opening := OpeningPrompt(j.version, j.scene)
	var plan contextPlan
	err = scope.View(func(tx *userdata.Tx) error {
		ms, err := openMessages(tx, j.roomID)
		if err != nil {
			return err
		}
		plan, err = planContext(c, budget, system, opening, func(visit func(Message) bool) error {
			return ms.newestFirst(j.reply.ID, visit)
		})
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	if j.askOpening {
		plan.estimate += c.message(RoleUser, opening)
	}
	return toLLM(rolePlayMessages(system, opening, plan, j.askOpening)), plan.estimate, nil
}

func toLLM(msgs []wireMessage) []llm.Message {
	out := make([]llm.Message, len(msgs))
	for i, m := range msgs {
		out[i] = llm.Message{Role: m.Role, Content: m.Content}
	}
	return out
}

// counter returns a token counter for model, calibrated by past usage.
func (s *Service) counter(model string) (counter, error) {
	name := encodingFor(model)
	enc, err := encoder(name)
	if err != nil {
		return counter{}, apperr.Wrap(apperr.Internal, err, "the token counter cannot load")
	}
	return counter{enc: enc, name: name, cache: &s.tokens, scale: s.calib.scale(model)}, nil
}

// finish saves the reply's final state: its text (what streamed, even when
// it failed or was stopped), status, error code and usage, and the room's
// activity and running cost.
func (s *Service) finish(scope *userdata.Scope, j *job, text string, out outcome, genErr error) (Message, error) {
	status, code := StatusDone, ""
	switch {
	case genErr == nil:
	case apperr.CodeOf(genErr) == apperr.LLMCanceled:
		status, code = StatusStopped, apperr.LLMCanceled
	default:
		status, code = StatusError, apperr.CodeOf(genErr)
	}
	usage := s.usageOf(out, text)
	reply := j.reply
	var changed *changeSet
	err := scope.Update(func(tx *userdata.Tx) error {
		b, err := tx.Bucket(messagesBucket(j.roomID)...)
		if err != nil {
			return err
		}
		if b == nil {
			return apperr.New(apperr.RoomNotFound, "the room was deleted")
		}
		// The reply grows from empty to its full text here, which is when
		// its page overflows: split it as an appended page too.
		b.AppendOnly()
		ms := messages{b, &changeSet{roomID: j.roomID}}
		changed = ms.ch
		m, err := ms.get(j.reply.ID)
		if err != nil {
			return err
		}
		applyOutcome(&m, text, status, code, usage, out.cutOff)
		if err := ms.put(m); err != nil {
			return err
		}
		reply = m
		// A room moved to the trash meanwhile still gets its reply and
		// record; only a purged room (no bucket, above) does not.
		st, err := s.loadState(tx, j.roomID, ms)
		if err != nil {
			return err
		}
		if usage != nil {
			cost, priced := models.Cost(out.model, usage.PromptTokens, usage.CompletionTokens)
			st.addUsage(*usage, cost, priced)
			if err := addToLedger(tx, s.tick(), out.model, *usage, cost, priced); err != nil {
				return err
			}
		}
		preview, role := text, RoleAssistant
		if text == "" {
			preview, role = j.userText, RoleUser
		}
		st.touch(s.tick(), 0, preview, role)
		return putState(tx, j.roomID, st)
	})
	if err == nil {
		s.publish(scope, changed)
	}
	if err != nil {
		// Nothing was written: describe the reply from its state at the start.
		reply = j.reply
		applyOutcome(&reply, text, status, code, usage, out.cutOff)
	}
	return reply, err
}

// applyOutcome sets a reply's final state. A regenerated reply gains the new
// version as an alternative, unless it failed: a failed attempt is not a
// version worth flipping back to, and retry replaces it. A reply cut at the
// size cap is done (the model said nothing wrong) but marked CutOff.
func applyOutcome(m *Message, text, status, code string, usage *Usage, cutOff bool) {
	m.Text, m.Status, m.ErrorCode, m.Usage = text, status, code, usage
	m.CutOff = cutOff && status == StatusDone
	if len(m.Alternatives) > 0 && status != StatusError && text != "" {
		m.Alternatives = append(m.Alternatives, text)
		m.AltStatuses = append(m.AltStatuses, status)
		for len(m.AltCutOff) < len(m.Alternatives)-1 {
			m.AltCutOff = append(m.AltCutOff, false)
		}
		m.AltCutOff = append(m.AltCutOff, m.CutOff)
		m.ActiveAlt = len(m.Alternatives) - 1
	}
}

// usageOf is the reply's token usage: the server's report, or else, when
// text came back (a local server without usage reports, a stopped reply), an
// estimate from the tokenizer, since those tokens were still processed.
func (s *Service) usageOf(out outcome, text string) *Usage {
	if out.usage != nil {
		return &Usage{PromptTokens: out.usage.PromptTokens, CompletionTokens: out.usage.CompletionTokens}
	}
	if text == "" || out.model == "" {
		return nil
	}
	c, err := s.counter(out.model)
	if err != nil {
		return nil
	}
	return &Usage{PromptTokens: out.estimate, CompletionTokens: c.cache.count(c.enc, c.name, text)}
}
