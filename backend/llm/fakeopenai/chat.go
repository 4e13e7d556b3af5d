package fakeopenai

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// choice is one entry of a chunk's or a completion's "choices".
type choice struct {
	Index        int             `json:"index"`
	Delta        map[string]any  `json:"delta,omitempty"`
	Message      map[string]any  `json:"message,omitempty"`
	Logprobs     json.RawMessage `json:"logprobs"`
	FinishReason *string         `json:"finish_reason"`
}

// completion is a chat.completion or chat.completion.chunk object.
type completion struct {
	ID                string          `json:"id"`
	Object            string          `json:"object"`
	Created           int64           `json:"created"`
	Model             string          `json:"model"`
	SystemFingerprint string          `json:"system_fingerprint"`
	Choices           []choice        `json:"choices"`
	Usage             json.RawMessage `json:"usage,omitempty"`
}

var null = json.RawMessage("null")

func usageJSON(u Usage) json.RawMessage {
	b, _ := json.Marshal(map[string]any{
		"prompt_tokens":     u.PromptTokens,
		"completion_tokens": u.CompletionTokens,
		"total_tokens":      u.PromptTokens + u.CompletionTokens,
		"prompt_tokens_details": map[string]int{
			"cached_tokens": 0, "audio_tokens": 0,
		},
		"completion_tokens_details": map[string]int{
			"reasoning_tokens": 0, "audio_tokens": 0,
			"accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0,
		},
	})
	return b
}

// countUsage gives deterministic token counts: a word is a token, plus the
// per-message overhead the real API charges.
func countUsage(req wireRequest, tokens []string, override *Usage) Usage {
	if override != nil {
		return *override
	}
	prompt := 3
	for _, m := range req.Messages {
		prompt += 4 + len(strings.Fields(m.text()))
	}
	return Usage{PromptTokens: prompt, CompletionTokens: len(tokens)}
}

func (s *Server) handleChat(w http.ResponseWriter, r *http.Request) {
	req, valid := s.readRequest(r, EndpointChat)
	if !s.authorized(w, r) {
		return
	}
	if !valid {
		writeAPIError(w, apiError{400, "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
			"invalid_request_error", nil, nil})
		return
	}
	if req.Model == "" {
		writeAPIError(w, apiError{400, "you must provide a model parameter", "invalid_request_error", nil, nil})
		return
	}
	endpoint := EndpointChat
	if req.structured() {
		endpoint = EndpointCoach
	}
	b := s.next(endpoint)
	if fail(w, b, req.Model) {
		return
	}
	if endpoint == EndpointCoach && b.Reply == "" && len(b.Tokens) == 0 {
		b.Reply = SmallestInstance(req.ResponseFormat.JSONSchema.Schema)
	}
	tokens := b.tokens()
	finish := b.FinishReason
	if finish == "" {
		finish = "stop"
	}
	limit := req.MaxTokens
	if limit == nil {
		limit = req.MaxCompletionTokens
	}
	if limit != nil && *limit > 0 && *limit < len(tokens) {
		tokens, finish = tokens[:*limit], "length"
	}
	usage := countUsage(req, tokens, b.Usage)
	if req.Stream {
		s.streamChat(w, r, b, req, tokens, finish, usage)
	} else {
		s.completeChat(w, r, b, req, tokens, finish, usage)
	}
}

// streamChat answers with SSE chunks shaped like the real API's.
func (s *Server) streamChat(w http.ResponseWriter, r *http.Request, b Behavior, req wireRequest, tokens []string, finish string, usage Usage) {
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Request-Id", "req_fake")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	includeUsage := req.StreamOptions != nil && req.StreamOptions.IncludeUsage
	base := completion{ID: s.nextID(), Object: "chat.completion.chunk", Created: time.Now().Unix(),
		Model: req.Model, SystemFingerprint: "fp_fake"}
	// The stream's log entry, written however it ends: End is taken after the last flush.
	st := Stream{ID: base.ID, Start: time.Now()}
	defer func() {
		st.End = time.Now()
		s.logStream(st)
	}()
	send := func(c choice, usage json.RawMessage) {
		chunk := base
		chunk.Choices = []choice{}
		if c.Delta != nil {
			c.Logprobs = null
			chunk.Choices = []choice{c}
		}
		if includeUsage {
			chunk.Usage = null
			if usage != nil {
				chunk.Usage = usage
			}
		}
		data, _ := json.Marshal(chunk)
		w.Write([]byte("data: " + string(data) + "\n\n"))
		rc.Flush()
		st.Chunks++
	}
	// misbehave runs a mid-stream failure; it reports whether to carry on.
	misbehave := func() bool {
		switch b.Fail {
		case FailStall:
			return s.stall(r)
		case FailDrop:
			rc.Flush()
			drop(w)
			return false
		case FailMalformed:
			w.Write([]byte(`data: {"id":"` + base.ID + `","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"` + "\n\n"))
			rc.Flush()
			return false
		}
		return true
	}
	after := min(b.AfterTokens, len(tokens))
	send(choice{Delta: map[string]any{"role": "assistant", "content": "", "refusal": nil}}, nil)
	for i, tok := range tokens {
		if i == after && !misbehave() {
			return
		}
		if !s.wait(r, b.TokenDelay) {
			return
		}
		send(choice{Delta: map[string]any{"content": tok}}, nil)
	}
	if after == len(tokens) && !misbehave() {
		return
	}
	send(choice{Delta: map[string]any{}, FinishReason: &finish}, nil)
	if includeUsage {
		send(choice{}, usageJSON(usage))
	}
	w.Write([]byte("data: [DONE]\n\n"))
	rc.Flush()
	st.Complete = true
}

// completeChat answers a non-streaming request with one chat.completion object.
func (s *Server) completeChat(w http.ResponseWriter, r *http.Request, b Behavior, req wireRequest, tokens []string, finish string, usage Usage) {
	if !s.misbehaveJSON(w, r, b, `{"id":"chatcmpl-broken","object":"chat.completion","choices":[{"index":0,"message":{"content":}}]}`) {
		return
	}
	if !s.wait(r, b.TokenDelay*time.Duration(len(tokens))) {
		return
	}
	resp := completion{ID: s.nextID(), Object: "chat.completion", Created: time.Now().Unix(),
		Model: req.Model, SystemFingerprint: "fp_fake", Usage: usageJSON(usage),
		Choices: []choice{{Logprobs: null, FinishReason: &finish, Message: map[string]any{
			"role": "assistant", "content": strings.Join(tokens, ""), "refusal": nil, "annotations": []any{},
		}}}}
	data, _ := json.Marshal(resp)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Request-Id", "req_fake")
	w.Write(data)
}

func (s *Server) handleModels(w http.ResponseWriter, r *http.Request) {
	s.readRequest(r, EndpointModels)
	if !s.authorized(w, r) {
		return
	}
	b := s.next(EndpointModels)
	if fail(w, b, "") {
		return
	}
	if !s.misbehaveJSON(w, r, b, `{"object":"list","data":[{"id":}]}`) {
		return
	}
	s.mu.Lock()
	ids := append([]string(nil), s.models...)
	s.mu.Unlock()
	data := make([]map[string]any, 0, len(ids))
	for _, id := range ids {
		data = append(data, map[string]any{"id": id, "object": "model", "created": 1715367049, "owned_by": "system"})
	}
	body, _ := json.Marshal(map[string]any{"object": "list", "data": data})
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
}

// misbehaveJSON acts out b's failure for an endpoint that answers with one
// JSON object: a stall (until Release), a dropped connection, or the broken
// body given. It reports whether the handler should go on to answer normally.
func (s *Server) misbehaveJSON(w http.ResponseWriter, r *http.Request, b Behavior, broken string) bool {
	switch b.Fail {
	case FailStall:
		return s.stall(r)
	case FailDrop:
		drop(w)
		return false
	case FailMalformed:
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(broken))
		return false
	}
	return true
}

// silentFrame is one silent 128 kbit/s, 44.1 kHz MPEG-1 Layer III frame:
// a header and zeroed side information, 417 bytes, 1152 samples (26 ms).
var silentFrame = append([]byte{0xFF, 0xFB, 0x90, 0x64}, make([]byte, 417-4)...)

// silentMP3 is an ID3 tag and enough silent frames for about 60 ms a
// character, at least 2 s and at most 20 s, so a player in a test really
// plays for a while and its time can be seen to advance.
func silentMP3(input string) []byte {
	ms := min(max(60*utf8.RuneCountInString(input), 2000), 20000)
	frames := ms * 44100 / 1152 / 1000
	b := []byte{'I', 'D', '3', 3, 0, 0, 0, 0, 0, 0}
	for range frames {
		b = append(b, silentFrame...)
	}
	return b
}

func (s *Server) handleSpeech(w http.ResponseWriter, r *http.Request) {
	req, valid := s.readRequest(r, EndpointSpeech)
	if !s.authorized(w, r) {
		return
	}
	if !valid || req.Input == "" {
		writeAPIError(w, apiError{400, "[{'type': 'missing', 'loc': ('body', 'input'), 'msg': 'Field required'}]", "invalid_request_error", nil, nil})
		return
	}
	b := s.next(EndpointSpeech)
	if fail(w, b, req.Model) {
		return
	}
	switch b.Fail {
	case FailStall:
		if !s.stall(r) {
			return
		}
	case FailDrop, FailMalformed:
		drop(w)
		return
	}
	w.Header().Set("Content-Type", "audio/mpeg")
	w.Write(silentMP3(req.Input))
}
