package speech

import (
	"encoding/binary"
	"math"
	"time"
)

// Recording limits. A role-play turn is a sentence or two; a minute is far
// beyond it, and keeps one upload under 2 MB.
const (
	MaxDuration = 60 * time.Second
	MinDuration = 300 * time.Millisecond
	// MaxSamples is MaxDuration at SampleRate: the recorder stops itself there.
	MaxSamples = int(MaxDuration / time.Second * SampleRate)
	// MaxUploadBytes bounds audio the web view records (Opus in WebM or Ogg,
	// or WAV): 60 s of 16-bit PCM at 48 kHz stereo, far more than any
	// compressed minute.
	MaxUploadBytes = 60 * 48000 * 2 * 2
)

// silenceLevel is the loudest 20 ms window's RMS (0–1) under which a
// recording is taken as silence: about -46 dBFS, below a quiet voice near a
// laptop microphone and above a quiet room's hiss.
const silenceLevel = 0.005

// WAV wraps 16-bit mono PCM samples at SampleRate in a RIFF/WAVE header, the
// one format every transcription server reads without a decoder library.
func WAV(samples []int16) []byte {
	data := len(samples) * 2
	b := make([]byte, 44+data)
	copy(b[0:], "RIFF")
	binary.LittleEndian.PutUint32(b[4:], uint32(36+data))
	copy(b[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(b[16:], 16) // fmt chunk size
	binary.LittleEndian.PutUint16(b[20:], 1)  // PCM
	binary.LittleEndian.PutUint16(b[22:], 1)  // mono
	binary.LittleEndian.PutUint32(b[24:], SampleRate)
	binary.LittleEndian.PutUint32(b[28:], SampleRate*2) // bytes per second
	binary.LittleEndian.PutUint16(b[32:], 2)            // block align
	binary.LittleEndian.PutUint16(b[34:], 16)           // bits per sample
	copy(b[36:], "data")
	binary.LittleEndian.PutUint32(b[40:], uint32(data))
	for i, s := range samples {
		binary.LittleEndian.PutUint16(b[44+2*i:], uint16(s))
	}
	return b
}

// Level is the RMS of samples on a 0–1 scale, for the level meter.
func Level(samples []int16) float64 {
	if len(samples) == 0 {
		return 0
	}
	var sum float64
	for _, s := range samples {
		f := float64(s) / 32768
		sum += f * f
	}
	return math.Sqrt(sum / float64(len(samples)))
}

// Silent reports whether no 20 ms window of the recording rises above the
// silence level: the microphone is muted, unplugged or far away.
func Silent(samples []int16) bool {
	const win = SampleRate / 50
	for i := 0; i < len(samples); i += win {
		if Level(samples[i:min(i+win, len(samples))]) >= silenceLevel {
			return false
		}
	}
	return true
}

// Duration is how long samples at SampleRate last.
func Duration(samples int) time.Duration {
	return time.Duration(samples) * time.Second / SampleRate
}
