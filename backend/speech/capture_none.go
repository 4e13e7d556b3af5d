//go:build !((linux || darwin) && cgo)

package speech

import "runtime"

// Builds without cgo (the Windows build, cross-compiled from Linux) record
// in the web view: WebView2 grants getUserMedia, and the audio comes to Go
// through TranscribeUpload.

// NativeMicrophone is nil: this build does not record in Go.
func NativeMicrophone() Microphone { return nil }

func captureOS() string { return runtime.GOOS }
