package fakeopenai

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"
)

// DefaultReply is what the fake says when a test scripts nothing: an
// in-character, deterministic line so end-to-end tests can assert on it.
const DefaultReply = "Welcome to Parley Café! What can I get for you today?"

// DefaultModels is the model list GET /v1/models returns unless SetModels changes it.
var DefaultModels = []string{"gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "gpt-4.1-nano"}

// Failure names one way the fake misbehaves. The HTTP failures answer with the
// exact status and error body the real API uses, so clients meet the real shapes.
type Failure string

const (
	FailNone          Failure = ""
	FailUnauthorized  Failure = "unauthorized"    // 401 invalid_api_key
	FailRateLimited   Failure = "rate_limited"    // 429 rate_limit_exceeded
	FailQuota         Failure = "quota"           // 429 insufficient_quota
	FailModelNotFound Failure = "model_not_found" // 404 model_not_found
	FailServer        Failure = "server"          // 500 server_error (Status may pick 502, 503…)
	FailContextLength Failure = "context_length"  // 400 context_length_exceeded
	FailBadRequest    Failure = "bad_request"     // 400 invalid_request_error on temperature
	FailNotFound      Failure = "not_found"       // plain-text 404, as from a server without the route
	FailHTML          Failure = "html"            // 200 text/html, as from a captive portal
	FailStall         Failure = "stall"           // stop sending after AfterTokens tokens until released or the client leaves
	FailDrop          Failure = "drop"            // close the TCP connection after AfterTokens tokens
	FailMalformed     Failure = "malformed"       // send a broken SSE event after AfterTokens tokens
	// FailNoResponseFormat answers 400 invalid_request_error on
	// response_format, as servers without structured output do.
	FailNoResponseFormat Failure = "no_response_format"
)

// Endpoints a Behavior can apply to.
const (
	EndpointChat   = "chat"   // POST /v1/chat/completions (the default)
	EndpointModels = "models" // GET /v1/models
	EndpointSpeech = "speech" // POST /v1/audio/speech
	// EndpointCoach is a chat completion that asks for JSON with a
	// response_format json_schema (the coach's requests). Its scripted
	// behaviours are apart from the role-play's, since the two run at once;
	// unscripted, it answers the smallest JSON value its schema allows.
	EndpointCoach = "coach"

	// EndpointTranscription is POST /v1/audio/transcriptions; unscripted, it
	// answers with what it heard (see Heard).
	EndpointTranscription = "transcription"
)

// Usage overrides the token counts the fake reports.
type Usage struct {
	PromptTokens     int `json:"promptTokens"`
	CompletionTokens int `json:"completionTokens"`
}

// Behavior is how the fake answers one request. Scripted behaviours are used
// once each, in order, by requests to their endpoint; the default answers the rest.
type Behavior struct {
	Endpoint     string        `json:"endpoint,omitempty"` // "" means EndpointChat
	Reply        string        `json:"reply,omitempty"`    // "" means DefaultReply
	Tokens       []string      `json:"tokens,omitempty"`   // explicit split of the reply; wins over Reply
	TokenDelay   time.Duration `json:"-"`                  // pause before each token; JSON "tokenDelayMs"
	Fail         Failure       `json:"fail,omitempty"`
	AfterTokens  int           `json:"afterTokens,omitempty"`  // tokens sent before a stall, drop or malformed event
	Status       int           `json:"status,omitempty"`       // HTTP status for FailServer (default 500)
	FinishReason string        `json:"finishReason,omitempty"` // default "stop"
	Usage        *Usage        `json:"usage,omitempty"`        // default: counted from the request and reply
}

// behaviorJSON carries TokenDelay as milliseconds, which is what a JS test writes.
type behaviorJSON struct {
	behaviorAlias
	TokenDelayMs int64 `json:"tokenDelayMs,omitempty"`
}

type behaviorAlias Behavior

// MarshalJSON writes TokenDelay as tokenDelayMs.
func (b Behavior) MarshalJSON() ([]byte, error) {
	return json.Marshal(behaviorJSON{behaviorAlias(b), b.TokenDelay.Milliseconds()})
}

// UnmarshalJSON reads tokenDelayMs into TokenDelay.
func (b *Behavior) UnmarshalJSON(data []byte) error {
	var j behaviorJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	*b = Behavior(j.behaviorAlias)
	b.TokenDelay = time.Duration(j.TokenDelayMs) * time.Millisecond
	return nil
}

func (b Behavior) endpoint() string {
	if b.Endpoint == "" {
		return EndpointChat
	}
	return b.Endpoint
}

// tokens returns the reply split the way it will be streamed.
func (b Behavior) tokens() []string {
	if len(b.Tokens) > 0 {
		return b.Tokens
	}
	reply := b.Reply
	if reply == "" {
		reply = DefaultReply
	}
	return SplitTokens(reply)
}

// SplitTokens splits text into word-sized pieces (each keeping its leading
// space), cutting long runs such as Japanese sentences into four-rune pieces,
// so joining the pieces gives the text back.
func SplitTokens(text string) []string {
	var out []string
	for len(text) > 0 {
		end := strings.IndexByte(text[1:], ' ')
		if end < 0 {
			end = len(text)
		} else {
			end++
		}
		word := text[:end]
		text = text[end:]
		for utf8.RuneCountInString(word) > 8 {
			cut, n := 0, 0
			for cut < len(word) && n < 4 {
				_, size := utf8.DecodeRuneInString(word[cut:])
				cut += size
				n++
			}
			out = append(out, word[:cut])
			word = word[cut:]
		}
		out = append(out, word)
	}
	return out
}

// apiError is one of OpenAI's error bodies with its HTTP status.
type apiError struct {
	status  int
	message string
	typ     string
	param   any // nil marshals as null, like the real API
	code    any
}

func (e apiError) body() []byte {
	b, _ := json.Marshal(map[string]any{"error": map[string]any{
		"message": e.message, "type": e.typ, "param": e.param, "code": e.code,
	}})
	return b
}

// httpFailure returns the real API's answer for an HTTP-level failure, if f is one.
func httpFailure(f Failure, status int, model string) (apiError, bool) {
	switch f {
	case FailUnauthorized:
		return apiError{401, "Incorrect API key provided: sk-fake***2345. You can find your API key at https://platform.openai.com/account/api-keys.",
			"invalid_request_error", nil, "invalid_api_key"}, true
	case FailRateLimited:
		return apiError{429, "Rate limit reached for " + model + " in organization org-fake on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s. Visit https://platform.openai.com/account/rate-limits to learn more.",
			"requests", nil, "rate_limit_exceeded"}, true
	case FailQuota:
		return apiError{429, "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
			"insufficient_quota", nil, "insufficient_quota"}, true
	case FailModelNotFound:
		return apiError{404, "The model `" + model + "` does not exist or you do not have access to it.",
			"invalid_request_error", nil, "model_not_found"}, true
	case FailServer:
		if status < 500 || status > 599 {
			status = 500
		}
		return apiError{status, "The server had an error while processing your request. Sorry about that!",
			"server_error", nil, nil}, true
	case FailContextLength:
		return apiError{400, "This model's maximum context length is 128000 tokens. However, your messages resulted in 130274 tokens. Please reduce the length of the messages.",
			"invalid_request_error", "messages", "context_length_exceeded"}, true
	case FailNoResponseFormat:
		return apiError{400, "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
			"invalid_request_error", "response_format", nil}, true
	case FailBadRequest:
		return apiError{400, "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 3 instead.",
			"invalid_request_error", "temperature", "decimal_above_max_value"}, true
	}
	return apiError{}, false
}
