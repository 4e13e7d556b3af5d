package fakeopenai

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"time"
)

// handleTranscription answers /audio/transcriptions the way OpenAI does
// (multipart form in, {"text": …} out). A scripted Reply is the transcript;
// otherwise the transcript describes the audio (see Heard), so a test can
// check what the client recorded and sent without a speech recogniser.
func (s *Server) handleTranscription(w http.ResponseWriter, r *http.Request) {
	rec := Request{Time: time.Now(), Method: r.Method, Path: r.URL.Path, Endpoint: EndpointTranscription,
		Header: r.Header.Clone(), Authorization: r.Header.Get("Authorization")}
	var audio []byte
	err := r.ParseMultipartForm(maxBody)
	if err == nil {
		rec.Model = r.FormValue("model")
		rec.Language = r.FormValue("language")
		rec.ResponseFormat = r.FormValue("response_format")
		f, hdr, ferr := r.FormFile("file")
		err = ferr
		if ferr == nil {
			audio, err = io.ReadAll(io.LimitReader(f, maxBody))
			f.Close()
			rec.FileName, rec.FileBytes = hdr.Filename, len(audio)
		}
	}
	s.record(rec)
	if !s.authorized(w, r) {
		return
	}
	if err != nil {
		writeAPIError(w, apiError{400, "Could not parse multipart form", "invalid_request_error", nil, nil})
		return
	}
	if rec.Model == "" {
		writeAPIError(w, apiError{400, "you must provide a model parameter", "invalid_request_error", nil, nil})
		return
	}
	b := s.next(EndpointTranscription)
	if fail(w, b, rec.Model) {
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
	if !s.wait(r, b.TokenDelay) {
		return
	}
	text := b.Reply
	if text == "" {
		text = Heard(rec.Language, rec.FileName, audio)
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"text": text})
}

// Heard describes a recording: for 16-bit PCM WAV its length and how much
// of it is voice (20 ms windows louder than -40 dBFS), otherwise its size.
// For example "[ko] 2.10 s, voice 1.35 s, 16000 Hz mono".
func Heard(language, name string, audio []byte) string {
	rate, channels, pcm, ok := wavPCM(audio)
	if !ok {
		return fmt.Sprintf("[%s] %d bytes of %s", language, len(audio), name)
	}
	frames := len(pcm) / 2 / channels
	win := rate / 50
	voiced := 0
	for i := 0; i+win <= frames; i += win {
		var sum float64
		for j := i; j < i+win; j++ {
			v := float64(int16(binary.LittleEndian.Uint16(pcm[2*j*channels:]))) / 32768
			sum += v * v
		}
		if math.Sqrt(sum/float64(win)) > 0.01 {
			voiced += win
		}
	}
	mono := "mono"
	if channels != 1 {
		mono = fmt.Sprintf("%d channels", channels)
	}
	return fmt.Sprintf("[%s] %.2f s, voice %.2f s, %d Hz %s", language,
		float64(frames)/float64(rate), float64(voiced)/float64(rate), rate, mono)
}

// wavPCM finds the 16-bit PCM samples of a RIFF/WAVE file.
func wavPCM(b []byte) (rate, channels int, pcm []byte, ok bool) {
	if len(b) < 12 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return 0, 0, nil, false
	}
	bits := 0
	for p := 12; p+8 <= len(b); {
		id, size := string(b[p:p+4]), int(binary.LittleEndian.Uint32(b[p+4:]))
		body := b[p+8:]
		if size > len(body) {
			size = len(body)
		}
		switch id {
		case "fmt ":
			if size < 16 || binary.LittleEndian.Uint16(body) != 1 {
				return 0, 0, nil, false
			}
			channels = int(binary.LittleEndian.Uint16(body[2:]))
			rate = int(binary.LittleEndian.Uint32(body[4:]))
			bits = int(binary.LittleEndian.Uint16(body[14:]))
		case "data":
			if bits != 16 || channels < 1 || rate < 50 {
				return 0, 0, nil, false
			}
			return rate, channels, body[:size], true
		}
		p += 8 + size + size%2
	}
	return 0, 0, nil, false
}
