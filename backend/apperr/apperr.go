// Package apperr defines the coded errors that cross from Go to the UI.
//
// Every failure a user can meet carries a stable Code (and, for bad input, the
// Field it concerns); the frontend maps the code to a localised sentence, so the
// English Message here is only a fallback for logs and tests.
package apperr

import (
	"errors"
	"fmt"
)

// Stable error codes. The frontend catalogues have a sentence for each.
const (
	Internal = "internal"

	InputInvalid  = "input.invalid"
	InputRequired = "input.required"
	InputTooLong  = "input.too_long"
	InputTooShort = "input.too_short"

	AuthRequired       = "auth.required"
	AuthBadCredentials = "auth.bad_credentials"
	AuthUsernameTaken  = "auth.username_taken"
	AuthWeakPassword   = "auth.weak_password"
	AuthThrottled      = "auth.throttled"
	AuthBadRecovery    = "auth.bad_recovery_code"
	AuthLoggedIn       = "auth.already_logged_in"

	StoreLocked   = "store.locked"
	StoreCorrupt  = "store.corrupt"
	StoreTampered = "store.tampered"
	StoreTooNew   = "store.too_new"
	StoreIO       = "store.io"
	// StoreDiskFull: a write failed because the disk is full; nothing of
	// that change was saved and nothing saved before was lost.
	StoreDiskFull = "store.disk_full"

	RoomNotFound = "room.not_found"
	RoomBusy     = "room.busy" // a reply is already streaming in this room

	MessageNotFound    = "message.not_found"
	ChatNothingToRetry = "chat.nothing_to_retry"
	ChatStopFailed     = "chat.stop_failed" // the stopped reply could not be saved in time

	LLMNoKey          = "llm.no_key"
	LLMUnauthorized   = "llm.unauthorized"
	LLMRateLimited    = "llm.rate_limited"
	LLMQuota          = "llm.quota"
	LLMModelNotFound  = "llm.model_not_found"
	LLMServer         = "llm.server"
	LLMUnreachable    = "llm.unreachable"
	LLMTimeout        = "llm.timeout"
	LLMDropped        = "llm.dropped"
	LLMMalformed      = "llm.malformed"
	LLMContextTooLong = "llm.context_length"
	LLMBadRequest     = "llm.bad_request"
	LLMCanceled       = "llm.canceled"
	// LLMEndpointNotFound: the base URL answers, but not as an OpenAI-compatible
	// API (a plain 404; the URL usually lacks /v1).
	LLMEndpointNotFound = "llm.endpoint_not_found"
	// SpeechUnsupported: the speech server has no /audio/speech (many chat
	// servers, Ollama among them, cannot speak); the learner can set a
	// speech server of its own in Settings.
	SpeechUnsupported = "speech.unsupported"

	PhraseNotFound = "phrase.not_found"

	LinkNotAllowed = "link.not_allowed"

	// An account export file (.parley): a wrong passphrase, a file that is
	// not an export, one changed or cut short, one from a newer Parley.
	TransferBadPassphrase = "transfer.bad_passphrase"
	TransferNotExport     = "transfer.not_export"
	TransferDamaged       = "transfer.damaged"
	TransferTooNew        = "transfer.too_new"

	CoachEmptySession    = "coach.empty_session" // End session with no line of the learner in it
	CoachDebriefNotFound = "coach.debrief_not_found"
	CoachExportFailed    = "coach.export_failed" // the debrief file could not be written

	// Speaking (push-to-talk and shadowing).
	SpeakNoMicrophone     = "speak.no_microphone"
	SpeakPermissionDenied = "speak.permission_denied"
	SpeakSilent           = "speak.silent"      // the recording held no voice
	SpeakTooShort         = "speak.too_short"   // released before a word could fit
	SpeakTooLong          = "speak.too_long"    // an upload over the 60 s limit
	SpeakUnsupported      = "speak.unsupported" // the server has no /audio/transcriptions
	SpeakBusy             = "speak.busy"        // a recording is already under way
	SpeakNotRecording     = "speak.not_recording"

	// Checking for updates (backend/update).
	UpdateUnavailable = "update.unavailable" // this build knows no release address
	UpdateUnreachable = "update.unreachable" // offline, or the release server cannot be reached
	UpdateTimeout     = "update.timeout"     // no answer within the check's time limit
	UpdateServer      = "update.server"      // the release server answered with an error status
	UpdateMalformed   = "update.malformed"   // the answer is not a release list (or is too large)
	UpdateNoRelease   = "update.no_release"  // no published release yet
)

// Error is a failure with a stable code the UI can translate.
type Error struct {
	Code    string `json:"code"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
	Err     error  `json:"-"`
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s (%s): %s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Is makes errors.Is(err, apperr.New(code, "")) match on the code alone.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code && (t.Field == "" || t.Field == e.Field)
}

// New returns an error with a code and an English fallback message.
func New(code, msg string) *Error { return &Error{Code: code, Message: msg} }

// Field returns an input error naming the field it concerns.
func Field(code, field, msg string) *Error { return &Error{Code: code, Field: field, Message: msg} }

// Wrap attaches a code to an underlying error, keeping it for errors.Is/As.
func Wrap(code string, err error, msg string) *Error {
	return &Error{Code: code, Message: msg, Err: err}
}

// CodeOf returns the code of the first *Error in err's chain, or Internal.
func CodeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// As returns err as an *Error; uncoded errors become Internal without
// exposing their text, which may hold paths or server bodies.
func As(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: Internal, Message: "something went wrong", Err: err}
}
