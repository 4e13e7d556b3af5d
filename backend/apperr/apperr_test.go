package apperr

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestACodeSurvivesWrappingAndMatchesByCodeAndField(t *testing.T) {
	inner := Field(InputTooLong, "situation", "too long")
	err := fmt.Errorf("room: %w", inner)
	if CodeOf(err) != InputTooLong || As(err) != inner {
		t.Fatalf("CodeOf = %q, As = %v", CodeOf(err), As(err))
	}
	if !errors.Is(err, New(InputTooLong, "")) || !errors.Is(err, Field(InputTooLong, "situation", "")) {
		t.Error("errors.Is does not match on the code (and field)")
	}
	if errors.Is(err, Field(InputTooLong, "title", "")) || errors.Is(err, New(InputInvalid, "")) {
		t.Error("errors.Is matches another field or code")
	}
}

func TestAWrappedCauseStaysOutOfTheMessageButInTheChain(t *testing.T) {
	cause := errors.New(`401 {"error":"Incorrect API key provided: sk-abc***xyz"}`)
	err := Wrap(LLMUnauthorized, cause, "the server refused the API key")
	if strings.Contains(err.Error(), "sk-abc") || strings.Contains(err.Message, "sk-abc") {
		t.Errorf("the cause leaks into %q", err.Error())
	}
	if !errors.Is(err, cause) {
		t.Error("the cause is lost for errors.Is")
	}
}

func TestAnUncodedErrorIsInternalWithoutItsText(t *testing.T) {
	if As(nil) != nil {
		t.Error("As(nil) is not nil")
	}
	e := As(io.ErrUnexpectedEOF)
	if e.Code != Internal || CodeOf(io.ErrUnexpectedEOF) != Internal || strings.Contains(e.Message, "EOF") {
		t.Errorf("As(uncoded) = %+v", e)
	}
	if !errors.Is(e, io.ErrUnexpectedEOF) {
		t.Error("the uncoded error is lost for errors.Is")
	}
}
