package fakeopenai

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"
)

// maxBody caps what the fake reads of a request body.
const maxBody = 8 << 20

// Message is one chat message as the client sent it. Content arrays of parts
// are flattened to their text.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
	Name    string `json:"name,omitempty"`
}

// StreamOptions is the request's stream_options.
type StreamOptions struct {
	IncludeUsage bool `json:"include_usage"`
}

// Request is what the fake recorded of one request, for assertions on exactly
// what a client sent.
type Request struct {
	Time          time.Time      `json:"time"`
	Method        string         `json:"method"`
	Path          string         `json:"path"`
	Endpoint      string         `json:"endpoint"` // EndpointChat, EndpointModels, EndpointSpeech or EndpointTranscription
	Header        http.Header    `json:"header"`
	Authorization string         `json:"authorization"` // the raw header; "" when absent
	Model         string         `json:"model"`
	Messages      []Message      `json:"messages"`
	Stream        bool           `json:"stream"`
	StreamOptions *StreamOptions `json:"streamOptions"`
	Temperature   *float64       `json:"temperature"`
	MaxTokens     *int           `json:"maxTokens"` // max_tokens or max_completion_tokens
	Input         string         `json:"input"`     // text to speak, for speech requests
	Voice         string         `json:"voice"`
	// ResponseFormat is the request's response_format: for a chat request
	// its type ("json_schema", "json_object", …; "" when absent), for a
	// transcription the form field ("json", "text", …). SchemaName is a chat
	// request's schema name.
	ResponseFormat string `json:"responseFormat"`
	SchemaName     string `json:"schemaName"`
	Body           string `json:"body"`
	// Transcription requests (multipart): the form fields and the file part.
	Language  string `json:"language"`
	FileName  string `json:"fileName"`
	FileBytes int    `json:"fileBytes"`
}

// responseFormat is the request's response_format: an object on a chat
// request ({"type": "json_schema", …}), a plain string on a speech request
// ("mp3"), which becomes its Type.
type responseFormat struct {
	Type       string `json:"type"`
	JSONSchema *struct {
		Name   string          `json:"name"`
		Schema json.RawMessage `json:"schema"`
		Strict bool            `json:"strict"`
	} `json:"json_schema"`
}

func (f *responseFormat) UnmarshalJSON(raw []byte) error {
	if len(raw) > 0 && raw[0] == '"' {
		return json.Unmarshal(raw, &f.Type)
	}
	type plain responseFormat
	return json.Unmarshal(raw, (*plain)(f))
}

// wireRequest is the subset of request fields the fake reads.
type wireRequest struct {
	Model               string          `json:"model"`
	Messages            []wireMessage   `json:"messages"`
	Stream              bool            `json:"stream"`
	StreamOptions       *StreamOptions  `json:"stream_options"`
	Temperature         *float64        `json:"temperature"`
	MaxTokens           *int            `json:"max_tokens"`
	MaxCompletionTokens *int            `json:"max_completion_tokens"`
	Input               string          `json:"input"`
	Voice               string          `json:"voice"`
	ResponseFormat      *responseFormat `json:"response_format"`
}

// structured reports a chat request that asks for JSON following a schema:
// the coach's requests, which the fake answers as EndpointCoach.
func (w wireRequest) structured() bool {
	return w.ResponseFormat != nil && w.ResponseFormat.Type == "json_schema" && w.ResponseFormat.JSONSchema != nil
}

type wireMessage struct {
	Role    string          `json:"role"`
	Content json.RawMessage `json:"content"`
	Name    string          `json:"name"`
}

// text flattens a message's content, which is a string or an array of parts.
func (m wireMessage) text() string {
	var s string
	if json.Unmarshal(m.Content, &s) == nil {
		return s
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	json.Unmarshal(m.Content, &parts)
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p.Text)
	}
	return b.String()
}

// readRequest records r and returns its parsed body. A body that is not JSON
// is recorded as is and parses as empty; the handler answers 400.
func (s *Server) readRequest(r *http.Request, endpoint string) (wireRequest, bool) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxBody))
	var w wireRequest
	valid := true
	if r.Method == http.MethodPost {
		valid = json.Unmarshal(body, &w) == nil
	}
	rec := Request{
		Time:          time.Now(),
		Method:        r.Method,
		Path:          r.URL.Path,
		Endpoint:      endpoint,
		Header:        r.Header.Clone(),
		Authorization: r.Header.Get("Authorization"),
		Model:         w.Model,
		Stream:        w.Stream,
		StreamOptions: w.StreamOptions,
		Temperature:   w.Temperature,
		MaxTokens:     w.MaxTokens,
		Input:         w.Input,
		Voice:         w.Voice,
		Body:          string(body),
	}
	if rec.MaxTokens == nil {
		rec.MaxTokens = w.MaxCompletionTokens
	}
	if w.ResponseFormat != nil {
		rec.ResponseFormat = w.ResponseFormat.Type
		if w.ResponseFormat.JSONSchema != nil {
			rec.SchemaName = w.ResponseFormat.JSONSchema.Name
		}
	}
	if endpoint == EndpointChat && w.structured() {
		rec.Endpoint = EndpointCoach
	}
	for _, m := range w.Messages {
		rec.Messages = append(rec.Messages, Message{Role: m.Role, Content: m.text(), Name: m.Name})
	}
	s.record(rec)
	return w, valid
}
