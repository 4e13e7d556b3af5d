package llm

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sashabaranov/go-openai"

	"parley/backend/apperr"
	"parley/backend/textclean"
)

// Chat roles.
const (
	RoleSystem    = openai.ChatMessageRoleSystem
	RoleUser      = openai.ChatMessageRoleUser
	RoleAssistant = openai.ChatMessageRoleAssistant
)

// Message is one turn sent to the model.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Request is one chat call. The model and temperature come from the Config.
type Request struct {
	Messages  []Message
	MaxTokens int // 0 leaves the length to the server
	// Schema, when set, asks for a JSON answer that follows it (response_format
	// json_schema, strict). Servers that refuse it answer 400: see
	// RefusesResponseFormat.
	Schema *Schema
}

// Schema is a named JSON schema for a structured answer.
type Schema struct {
	Name   string
	Schema json.RawMessage
}

// Reply is a whole non-streamed answer.
type Reply struct {
	Text         string
	FinishReason string // "stop", "length" (cut by MaxTokens or MaxReplyBytes), …
	Usage        *Usage // nil when the server reported none
}

// Client is an OpenAI-compatible API client for one set of provider
// settings. It is safe for concurrent use; build a new one when the settings
// change, and Close the old one.
type Client struct {
	cfg       Config
	api       *openai.Client
	transport *http.Transport
}

// NewClient checks cfg (see Config.Check) and builds a client. Bad settings
// give input.invalid or input.too_long naming the field. A missing key is not
// an error here: local servers need none, and calls to OpenAI itself fail
// with llm.no_key.
func NewClient(cfg Config) (*Client, error) {
	cfg, proxy, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	httpClient, tr := newHTTPClient(proxy)
	oc := openai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = cfg.BaseURL // Check took off any trailing slash
	oc.HTTPClient = httpClient
	return &Client{cfg: cfg, api: openai.NewClientWithConfig(oc), transport: tr}, nil
}

// Model is the model the client asks for.
func (c *Client) Model() string { return c.cfg.Model }

// Close drops the client's idle connections.
func (c *Client) Close() { c.transport.CloseIdleConnections() }

// chatRequest builds the wire request. go-openai omits a zero temperature
// (the server would then use its default of 1), so 0 is sent as the smallest
// float32 instead, as go-openai's documentation advises.
func (c *Client) chatRequest(r Request, stream bool) openai.ChatCompletionRequest {
	msgs := make([]openai.ChatCompletionMessage, len(r.Messages))
	for i, m := range r.Messages {
		msgs[i] = openai.ChatCompletionMessage{Role: m.Role, Content: m.Content}
	}
	temp := float32(c.cfg.Temperature)
	if temp == 0 {
		temp = math.SmallestNonzeroFloat32
	}
	req := openai.ChatCompletionRequest{
		Model:       c.cfg.Model,
		Messages:    msgs,
		Temperature: temp,
		MaxTokens:   r.MaxTokens,
	}
	if stream {
		req.StreamOptions = &openai.StreamOptions{IncludeUsage: true}
	}
	if r.Schema != nil {
		req.ResponseFormat = &openai.ChatCompletionResponseFormat{
			Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{
				Name: r.Schema.Name, Schema: r.Schema.Schema, Strict: true,
			},
		}
	}
	return fitReasoningModel(req)
}

// fitReasoningModel adapts a request for reasoning models (o1, o3, o4,
// gpt-5…), which take no temperature and want max_completion_tokens instead of
// max_tokens; go-openai refuses such requests before sending them, so a
// learner who picks one of these models would otherwise never get a reply.
// It asks go-openai's own validator, so it follows the library's model list.
func fitReasoningModel(req openai.ChatCompletionRequest) openai.ChatCompletionRequest {
	v := openai.NewReasoningValidator()
	for range 3 {
		switch err := v.Validate(req); {
		case errors.Is(err, openai.ErrReasoningModelMaxTokensDeprecated):
			req.MaxCompletionTokens, req.MaxTokens = req.MaxTokens, 0
		case errors.Is(err, openai.ErrReasoningModelLimitationsOther), errors.Is(err, openai.ErrReasoningSamplingUnsupported):
			req.Temperature = 0 // omitted on the wire: the model's fixed default
		default:
			return req
		}
	}
	return req
}

func (c *Client) check(r Request) error {
	if c.cfg.needsKey() {
		return apperr.New(apperr.LLMNoKey, "no API key is set")
	}
	if len(r.Messages) == 0 {
		return apperr.New(apperr.InputRequired, "a chat request needs messages")
	}
	return nil
}

// retrying runs call, retrying up to twice with backoff when it fails with a
// server error (llm.server). call classifies its own failure.
func (c *Client) retrying(ctx context.Context, call func() *apperr.Error) error {
	for retry := 0; ; retry++ {
		err := call()
		if err == nil {
			return nil
		}
		if err.Code != apperr.LLMServer || retry == maxRetries {
			return err
		}
		t := time.NewTimer(c.cfg.Backoff(retry + 1))
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return apperr.Wrap(apperr.LLMCanceled, ctx.Err(), "the request was canceled")
		}
	}
}

// Complete asks for a whole reply at once (e.g. a suggested line for the
// learner). Server errors are retried; the call as a whole is bounded by
// RequestTimeout. Errors are *apperr.Error.
func (c *Client) Complete(ctx context.Context, r Request) (Reply, error) {
	if err := c.check(r); err != nil {
		return Reply{}, err
	}
	var reply Reply
	err := c.retrying(ctx, func() *apperr.Error {
		actx, cancel := context.WithTimeoutCause(ctx, c.cfg.RequestTimeout, errTooSlow)
		defer cancel()
		resp, err := c.api.CreateChatCompletion(actx, c.chatRequest(r, false))
		if err != nil {
			return classify(ctx, actx, err, phaseConnect)
		}
		reply = Reply{}
		found := false
		for _, ch := range resp.Choices {
			if ch.Index == 0 {
				reply.Text, reply.FinishReason = textclean.Clean(ch.Message.Content), string(ch.FinishReason)
				found = true
				break
			}
		}
		if !found {
			return apperr.New(apperr.LLMMalformed, "the server's answer held no reply")
		}
		if text, cut := capText(reply.Text, 0, c.cfg.MaxReplyBytes); cut {
			reply.Text, reply.FinishReason = text, string(openai.FinishReasonLength)
		}
		if u := resp.Usage; u.PromptTokens > 0 || u.CompletionTokens > 0 {
			reply.Usage = &Usage{PromptTokens: max(u.PromptTokens, 0), CompletionTokens: max(u.CompletionTokens, 0)}
		}
		return nil
	})
	return reply, err
}

// Limits on what ListModels accepts from a server.
const (
	maxModels      = 1000
	maxModelIDSize = 200
)

// ListModels returns the model ids the server offers, sorted. Ids that are
// empty, huge or hold control characters are skipped.
func (c *Client) ListModels(ctx context.Context) ([]string, error) {
	if c.cfg.needsKey() {
		return nil, apperr.New(apperr.LLMNoKey, "no API key is set")
	}
	var ids []string
	err := c.retrying(ctx, func() *apperr.Error {
		actx, cancel := context.WithTimeoutCause(ctx, c.cfg.RequestTimeout, errTooSlow)
		defer cancel()
		list, err := c.api.ListModels(actx)
		if err != nil {
			return classify(ctx, actx, err, phaseConnect)
		}
		seen := map[string]bool{}
		ids = ids[:0]
		for _, m := range list.Models {
			id := m.ID
			if id == "" || len(id) > maxModelIDSize || !utf8.ValidString(id) || textclean.Clean(id) != id ||
				strings.ContainsAny(id, "\n\t") || seen[id] {
				continue
			}
			seen[id] = true
			ids = append(ids, id)
			if len(ids) == maxModels {
				break
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(ids)
	if ids == nil {
		ids = []string{}
	}
	return ids, nil
}
