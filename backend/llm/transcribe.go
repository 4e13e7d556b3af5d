package llm

import (
	"bytes"
	"context"
	"strings"

	"github.com/sashabaranov/go-openai"

	"parley/backend/apperr"
)

// DefaultTranscriptionModel is OpenAI's transcription model every compatible
// server (faster-whisper-server, LocalAI, whisper.cpp's server) also answers to.
const DefaultTranscriptionModel = "whisper-1"

// MaxTranscriptRunes bounds the text taken from a transcription: a minute of
// speech is a few hundred characters, more means the server is not transcribing.
const MaxTranscriptRunes = 4000

// TranscriptionRequest is one recording to transcribe. The model comes from
// the Config.
type TranscriptionRequest struct {
	Audio    []byte
	FileName string // its extension tells the server the format: speech.wav, speech.webm
	Language string // ISO 639-1; pinned, so a learner's accent is not taken for another language
}

// Transcribe sends the recording to the server's /audio/transcriptions and
// returns the text. A server without that endpoint gives speak.unsupported,
// so the UI can say the server cannot transcribe rather than that it is
// unreachable. Server errors are retried like chat calls.
func (c *Client) Transcribe(ctx context.Context, r TranscriptionRequest) (string, error) {
	if c.cfg.needsKey() {
		return "", apperr.New(apperr.LLMNoKey, "no API key is set")
	}
	if len(r.Audio) == 0 {
		return "", apperr.New(apperr.InputRequired, "there is no audio to transcribe")
	}
	var text string
	err := c.retrying(ctx, func() *apperr.Error {
		actx, cancel := context.WithTimeoutCause(ctx, c.cfg.RequestTimeout, errTooSlow)
		defer cancel()
		resp, err := c.api.CreateTranscription(actx, openai.AudioRequest{
			Model:    c.cfg.Model,
			FilePath: r.FileName,
			Reader:   bytes.NewReader(r.Audio),
			Language: r.Language,
			Format:   openai.AudioResponseFormatJSON,
		})
		if err != nil {
			return noEndpoint(classify(ctx, actx, err, phaseConnect), err, apperr.SpeakUnsupported, "this server cannot transcribe")
		}
		text = strings.TrimSpace(resp.Text)
		if rs := []rune(text); len(rs) > MaxTranscriptRunes {
			text = string(rs[:MaxTranscriptRunes])
		}
		return nil
	})
	return text, err
}
