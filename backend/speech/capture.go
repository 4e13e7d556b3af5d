package speech

import "os"

// SampleRate is what Parley records at: 16 kHz mono 16-bit is what speech
// recognisers work at (Whisper resamples everything to 16 kHz), so a higher
// rate would only send more bytes for nothing: 32 000 bytes a second.
const SampleRate = 16000

// Microphone opens the default capture device. Samples arrive on the
// device's own thread in small chunks, already converted to SampleRate mono
// 16-bit by the audio library; onSamples must not keep the slice.
type Microphone interface {
	Open(onSamples func([]int16)) (Stream, error)
}

// Stream is an open microphone; Close stops it and frees the device.
type Stream interface {
	Close()
}

// CaptureInfo tells the UI where the microphone is read.
type CaptureInfo struct {
	// Native is true when Go records (Linux and macOS builds); false means the
	// web view's getUserMedia records (Windows, whose WebView2 grants the
	// microphone) and hands the audio to TranscribeUpload.
	Native bool   `json:"native"`
	OS     string `json:"os"` // linux, darwin or windows: which help to show when access is refused
}

// webviewForced lets a learner (and the Chromium test) use the web view's
// microphone even where Go can record: PARLEY_MIC=webview.
func webviewForced() bool { return os.Getenv("PARLEY_MIC") == "webview" }
