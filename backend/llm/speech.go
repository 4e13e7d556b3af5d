package llm

import (
	"context"
	"errors"
	"io"
	"mime"
	"strings"

	"github.com/sashabaranov/go-openai"

	"parley/backend/apperr"
)

// MaxSpeechBytes caps one spoken line's audio: a reply of a few sentences is
// well under 1 MB as MP3; more means the server is not sending speech.
const MaxSpeechBytes = 8 << 20

// SpeechRequest is one line to speak. The model comes from the Config.
type SpeechRequest struct {
	Voice string
	Input string
	Speed float64 // 0.25–4; 0 means the server's default (1)
}

// Speech is a spoken line: the audio bytes and their media type.
type Speech struct {
	Audio    []byte
	MimeType string
}

// Speak asks the server's /audio/speech for the line as MP3. A server that
// has no such endpoint (404, 405 or 501 that is not about the model) gives
// speech.unsupported, so the UI can point to the speech server setting
// instead of reporting a broken connection. Server errors are retried.
func (c *Client) Speak(ctx context.Context, r SpeechRequest) (Speech, error) {
	if c.cfg.needsKey() {
		return Speech{}, apperr.New(apperr.LLMNoKey, "no API key is set")
	}
	if strings.TrimSpace(r.Input) == "" {
		return Speech{}, apperr.New(apperr.InputRequired, "there is nothing to speak")
	}
	var out Speech
	err := c.retrying(ctx, func() *apperr.Error {
		actx, cancel := context.WithTimeoutCause(ctx, c.cfg.RequestTimeout, errTooSlow)
		defer cancel()
		resp, err := c.api.CreateSpeech(actx, openai.CreateSpeechRequest{
			Model:          openai.SpeechModel(c.cfg.Model),
			Input:          r.Input,
			Voice:          openai.SpeechVoice(r.Voice),
			ResponseFormat: openai.SpeechResponseFormatMp3,
			Speed:          r.Speed,
		})
		if err != nil {
			return noEndpoint(classify(ctx, actx, err, phaseConnect), err, apperr.SpeechUnsupported, "this server cannot speak")
		}
		defer resp.Close()
		audio, err := io.ReadAll(io.LimitReader(resp, MaxSpeechBytes+1))
		if err != nil {
			return classify(ctx, actx, err, phaseRead)
		}
		mt, _, _ := mime.ParseMediaType(resp.Header().Get("Content-Type"))
		switch {
		case len(audio) > MaxSpeechBytes:
			return apperr.New(apperr.LLMMalformed, "the spoken line is too large")
		case len(audio) == 0 || !strings.HasPrefix(mt, "audio/") && mt != "application/octet-stream":
			// A captive portal's page or a JSON body is no audio to play.
			return apperr.New(apperr.LLMMalformed, "the server sent no audio")
		}
		if mt == "application/octet-stream" {
			mt = "audio/mpeg"
		}
		out = Speech{Audio: audio, MimeType: mt}
		return nil
	})
	return out, err
}

// noEndpoint turns "this address has no such endpoint" (404, 405 or 501 not
// about the model) into code: for an audio endpoint it means the server has
// no audio, not that the base URL is wrong (chat may work fine there).
func noEndpoint(e *apperr.Error, cause error, code, msg string) *apperr.Error {
	status := 0
	var reqErr *openai.RequestError
	var apiErr *openai.APIError
	if errors.As(cause, &reqErr) {
		status = reqErr.HTTPStatusCode
	}
	if errors.As(cause, &apiErr) && apiErr.HTTPStatusCode != 0 {
		status = apiErr.HTTPStatusCode
	}
	switch {
	case e.Code == apperr.LLMModelNotFound:
		return e
	case e.Code == apperr.LLMEndpointNotFound, status == 404, status == 405, status == 501:
		return apperr.Wrap(code, cause, msg)
	}
	return e
}
