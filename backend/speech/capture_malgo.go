//go:build (linux || darwin) && cgo

package speech

import (
	"runtime"
	"sync"
	"unsafe"

	"github.com/gen2brain/malgo"

	"parley/backend/apperr"
)

// Go records on Linux and macOS through miniaudio (malgo), because neither
// web view there can: Wails v2's WebKitGTK never turns on media streams nor
// answers their permission request, and its WKWebView has no delegate for
// the media-capture permission. miniaudio loads PulseAudio (which PipeWire
// also serves) or ALSA at run time on Linux and uses Core Audio on macOS,
// where the system asks the learner with NSMicrophoneUsageDescription.

// DeviceMicrophone is the system's default capture device.
type DeviceMicrophone struct{}

// NativeMicrophone is the microphone Go records from in this build.
func NativeMicrophone() Microphone {
	if webviewForced() {
		return nil
	}
	return DeviceMicrophone{}
}

func captureOS() string { return runtime.GOOS }

type deviceStream struct {
	once sync.Once
	ctx  *malgo.AllocatedContext
	dev  *malgo.Device
}

// Open starts capturing from the default device at SampleRate, mono, S16;
// miniaudio converts from whatever the device gives.
func (DeviceMicrophone) Open(onSamples func([]int16)) (Stream, error) {
	ctx, err := malgo.InitContext(nil, malgo.ContextConfig{}, nil)
	if err != nil {
		return nil, apperr.Wrap(apperr.SpeakNoMicrophone, err, "no sound system to record from")
	}
	cfg := malgo.DefaultDeviceConfig(malgo.Capture)
	cfg.Capture.Format = malgo.FormatS16
	cfg.Capture.Channels = 1
	cfg.SampleRate = SampleRate
	cfg.PeriodSizeInMilliseconds = 50
	onData := func(_, in []byte, frames uint32) {
		n := int(frames)
		if n*2 > len(in) {
			n = len(in) / 2
		}
		if n == 0 {
			return
		}
		onSamples(unsafe.Slice((*int16)(unsafe.Pointer(&in[0])), n))
	}
	dev, err := malgo.InitDevice(ctx.Context, cfg, malgo.DeviceCallbacks{Data: onData})
	if err != nil {
		_ = ctx.Uninit()
		ctx.Free()
		return nil, deviceError(err)
	}
	if err := dev.Start(); err != nil {
		dev.Uninit()
		_ = ctx.Uninit()
		ctx.Free()
		return nil, deviceError(err)
	}
	return &deviceStream{ctx: ctx, dev: dev}, nil
}

// deviceError tells a refused microphone (macOS privacy settings) from a
// missing one; miniaudio reports the first as an access error.
func deviceError(err error) error {
	if err == malgo.ErrAccessDenied {
		return apperr.Wrap(apperr.SpeakPermissionDenied, err, "the system refused the microphone")
	}
	return apperr.Wrap(apperr.SpeakNoMicrophone, err, "no microphone to record from")
}

func (s *deviceStream) Close() {
	s.once.Do(func() {
		s.dev.Uninit() // stops the device and waits for its callback to return
		_ = s.ctx.Uninit()
		s.ctx.Free()
	})
}
