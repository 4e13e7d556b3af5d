package llm

import (
	"context"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sashabaranov/go-openai"

	"parley/backend/apperr"
	"parley/backend/textclean"
)

// Stream is one reply arriving piece by piece. Call Recv until it returns an
// error, then Close. Recv and the accessors belong to one goroutine; Close may
// be called from any.
type Stream struct {
	parent context.Context
	actx   context.Context
	cancel context.CancelCauseFunc
	dog    *watchdog
	raw    *openai.ChatCompletionStream
	max    int

	size      int // bytes of reply text so far, for the MaxReplyBytes cap
	usage     *Usage
	finish    string
	chunks    int
	truncated bool
	err       error
	closeOnce sync.Once
}

// Stream sends the chat request and returns once the server has started
// answering. Server errors (5xx) are retried up to twice with backoff, since
// no text has reached the user yet. Errors are *apperr.Error; a canceled ctx
// gives llm.canceled.
func (c *Client) Stream(ctx context.Context, r Request) (*Stream, error) {
	if err := c.check(r); err != nil {
		return nil, err
	}
	var s *Stream
	err := c.retrying(ctx, func() *apperr.Error {
		actx, cancel := context.WithCancelCause(ctx)
		dog := startWatchdog(cancel, c.cfg.FirstTokenTimeout, c.cfg.StallTimeout)
		raw, err := c.api.CreateChatCompletionStream(actx, c.chatRequest(r, true))
		if err != nil {
			dog.stop()
			e := classify(ctx, actx, err, phaseConnect)
			cancel(nil)
			return e
		}
		s = &Stream{parent: ctx, actx: actx, cancel: cancel, dog: dog, raw: raw, max: c.cfg.MaxReplyBytes}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Recv returns the next piece of reply text. When the reply is complete it
// returns io.EOF, and Usage and Truncated tell how it ended. Any other error
// is an *apperr.Error (llm.timeout, llm.dropped, llm.malformed, llm.canceled,
// …); the pieces returned before it are the broken-off reply, for the caller
// to keep. errors.Is(err, io.EOF) holds only for a complete reply. After an
// error, Recv keeps returning it.
func (s *Stream) Recv() (string, error) {
	for s.err == nil {
		resp, err := s.raw.Recv()
		if err != nil {
			s.fail(err)
			break
		}
		s.chunks++
		if u := resp.Usage; u != nil {
			s.usage = &Usage{PromptTokens: max(u.PromptTokens, 0), CompletionTokens: max(u.CompletionTokens, 0)}
		}
		var piece string
		for _, ch := range resp.Choices {
			if ch.Index != 0 {
				continue // only one reply was asked for; others are noise
			}
			if ch.FinishReason != "" {
				s.finish = string(ch.FinishReason)
			}
			if ch.Delta.Content != "" || ch.Delta.ReasoningContent != "" {
				s.dog.kick() // a thinking model's reasoning is progress too
			}
			piece += textclean.Clean(ch.Delta.Content)
		}
		if piece == "" {
			continue
		}
		if cut, over := capText(piece, s.size, s.max); over {
			s.size += len(cut)
			s.truncated, s.finish, s.err = true, string(openai.FinishReasonLength), io.EOF
			s.Close()
			return cut, nil
		}
		s.size += len(piece)
		return piece, nil
	}
	return "", s.err
}

// fail records how the stream ended.
func (s *Stream) fail(err error) {
	s.dog.stop()
	switch {
	case s.finish != "":
		// The server said the reply was complete; a missing [DONE] or usage
		// chunk, a hang or a Stop after that costs the learner nothing.
		s.err = io.EOF
	case errors.Is(err, io.EOF) && s.chunks == 0:
		s.err = apperr.Wrap(apperr.LLMMalformed, hideEOF(err), "the server's answer was not a chat stream")
	case errors.Is(err, io.EOF):
		s.err = apperr.Wrap(apperr.LLMDropped, hideEOF(err), "the reply ended before the server finished it")
	default:
		s.err = classify(s.parent, s.actx, err, phaseRead)
	}
}

// Usage is the token count the server reported, or nil if it sent none.
func (s *Stream) Usage() *Usage { return s.usage }

// Truncated reports whether the reply was cut off at MaxReplyBytes.
func (s *Stream) Truncated() bool { return s.truncated }

// Close stops the reply and frees the connection. It is safe to call twice
// and from another goroutine.
func (s *Stream) Close() {
	s.closeOnce.Do(func() {
		s.dog.stop()
		s.cancel(context.Canceled)
		s.raw.Close()
	})
}

// watchdog cancels a stream that sends no text in time: first within the
// first-token timeout, then within the stall timeout of the previous text.
type watchdog struct {
	timer    *time.Timer
	stall    time.Duration
	gotFirst atomic.Bool
}

func startWatchdog(cancel context.CancelCauseFunc, first, stall time.Duration) *watchdog {
	w := &watchdog{stall: stall}
	w.timer = time.AfterFunc(first, func() {
		if w.gotFirst.Load() {
			cancel(errStalled)
		} else {
			cancel(errNoFirstToken)
		}
	})
	return w
}

func (w *watchdog) kick() {
	w.gotFirst.Store(true)
	w.timer.Reset(w.stall)
}

func (w *watchdog) stop() { w.timer.Stop() }
