package llm

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/sashabaranov/go-openai"

	"parley/backend/apperr"
)

// Causes the client's own timers give when they cancel a request.
var (
	errNoFirstToken = errors.New("llm: no reply text before the first-token timeout")
	errStalled      = errors.New("llm: reply stalled longer than the stall timeout")
	errTooSlow      = errors.New("llm: request took longer than the request timeout")
)

// phase says where a failure happened: before the server answered (a network
// failure means it is unreachable) or while reading the answer (it dropped).
type phase int

const (
	phaseConnect phase = iota
	phaseRead
)

// classify turns any failure into a coded error. parent is the caller's
// context (its end means the user canceled); attempt is the context the
// client's timers cancel. The English messages are fallbacks: the UI shows a
// sentence per code, and server text never reaches it.
func classify(parent, attempt context.Context, err error, ph phase) *apperr.Error {
	e := classifyCause(parent, attempt, err, ph)
	e.Err = hideEOF(e.Err)
	return e
}

// errEndedEarly stands in for io.EOF inside coded errors.
var errEndedEarly = errors.New("llm: response ended early")

// hideEOF keeps io.EOF out of coded errors' chains, so that a caller's
// errors.Is(err, io.EOF) means only "the reply is complete".
func hideEOF(err error) error {
	if err != nil && errors.Is(err, io.EOF) {
		return fmt.Errorf("%w (%s)", errEndedEarly, err.Error())
	}
	return err
}

func classifyCause(parent, attempt context.Context, err error, ph phase) *apperr.Error {
	if parent.Err() != nil {
		return apperr.Wrap(apperr.LLMCanceled, err, "the request was canceled")
	}
	switch cause := context.Cause(attempt); {
	case errors.Is(cause, errNoFirstToken):
		return apperr.Wrap(apperr.LLMTimeout, cause, "the server sent no reply in time")
	case errors.Is(cause, errStalled):
		return apperr.Wrap(apperr.LLMTimeout, cause, "the reply stopped coming in")
	case errors.Is(cause, errTooSlow):
		return apperr.Wrap(apperr.LLMTimeout, cause, "the server took too long to answer")
	}

	var reqErr *openai.RequestError
	var apiErr *openai.APIError
	status, code, typ, msg := 0, "", "", ""
	if errors.As(err, &reqErr) {
		status = reqErr.HTTPStatusCode
	}
	if errors.As(err, &apiErr) {
		if apiErr.HTTPStatusCode != 0 {
			status = apiErr.HTTPStatusCode
		}
		if apiErr.Code != nil {
			code = fmt.Sprint(apiErr.Code)
		}
		typ, msg = apiErr.Type, apiErr.Message
	}
	if reqErr != nil || apiErr != nil {
		return classifyAPI(err, status, code, typ, msg, reqErr != nil && apiErr == nil)
	}

	switch {
	case errors.Is(err, openai.ErrChatCompletionInvalidModel):
		return apperr.Wrap(apperr.LLMModelNotFound, err, "the model is not a chat model")
	case isLocalRefusal(err):
		return apperr.Wrap(apperr.LLMBadRequest, err, "the model does not accept this request")
	}

	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntaxErr), errors.As(err, &typeErr),
		errors.Is(err, openai.ErrTooManyEmptyStreamMessages), errors.Is(err, errResponseTooLarge):
		return apperr.Wrap(apperr.LLMMalformed, err, "the server sent a reply the app cannot read")
	case isUnreachable(err):
		return apperr.Wrap(apperr.LLMUnreachable, err, "the server cannot be reached")
	case ph == phaseRead, errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET):
		return apperr.Wrap(apperr.LLMDropped, err, "the connection broke off during the reply")
	}
	return apperr.Wrap(apperr.LLMUnreachable, err, "the server cannot be reached")
}

// classifyAPI sorts an HTTP error answer. plain is true when the body was not
// an OpenAI error object, i.e. probably not an OpenAI-compatible API at all.
func classifyAPI(err error, status int, code, typ, msg string, plain bool) *apperr.Error {
	lower := strings.ToLower(msg)
	wrap := func(c, m string) *apperr.Error { return apperr.Wrap(c, err, m) }
	switch {
	case code == "insufficient_quota" || typ == "insufficient_quota":
		return wrap(apperr.LLMQuota, "the account's quota is used up")
	case code == "context_length_exceeded" || strings.Contains(lower, "context length") ||
		strings.Contains(lower, "context_length") || status == 413:
		return wrap(apperr.LLMContextTooLong, "the conversation is too long for the model")
	case code == "model_not_found":
		return wrap(apperr.LLMModelNotFound, "the model does not exist or the key cannot use it")
	case code == "invalid_api_key" || status == 401 || status == 403:
		return wrap(apperr.LLMUnauthorized, "the server refused the API key")
	case code == "rate_limit_exceeded" || status == 429:
		return wrap(apperr.LLMRateLimited, "too many requests; wait a moment")
	case status == 404 && !plain && strings.Contains(lower, "model"):
		return wrap(apperr.LLMModelNotFound, "the model does not exist or the key cannot use it")
	case status == 404 || status == 405:
		return wrap(apperr.LLMEndpointNotFound, "no OpenAI-compatible API answers at this base URL")
	case status == 407:
		return wrap(apperr.LLMUnreachable, "the proxy refused the connection")
	case status >= 500 || status == 0:
		// status 0 is an error event inside a stream that opened fine.
		return wrap(apperr.LLMServer, "the server had an error")
	}
	return wrap(apperr.LLMBadRequest, "the server rejected the request")
}

// isUnreachable reports failures to reach the server at all: DNS, refused or
// unroutable connections, proxies, TLS.
func isUnreachable(err error) bool {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var recordErr tls.RecordHeaderError
	switch {
	case errors.As(err, &dnsErr), errors.As(err, &certErr), errors.As(err, &unknownAuth),
		errors.As(err, &hostErr), errors.As(err, &recordErr),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ENETUNREACH),
		errors.Is(err, syscall.EHOSTUNREACH):
		return true
	case errors.As(err, &opErr):
		return opErr.Op == "dial" || opErr.Op == "proxyconnect"
	}
	return false
}

// isLocalRefusal reports requests go-openai refused to send for the model.
func isLocalRefusal(err error) bool {
	for _, e := range []error{
		openai.ErrReasoningModelMaxTokensDeprecated, openai.ErrReasoningModelLimitationsLogprobs,
		openai.ErrReasoningModelLimitationsOther, openai.ErrReasoningEffortUnsupported,
		openai.ErrReasoningToolsRequireResponses, openai.ErrReasoningSamplingUnsupported,
		openai.ErrO1BetaLimitationsMessageTypes, openai.ErrO1BetaLimitationsTools,
		openai.ErrContentFieldsMisused,
	} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// RefusesResponseFormat reports a 400 answer that names response_format or
// json_schema: a server (older local ones, some proxies) that does not take
// structured output. The caller can ask again with plain JSON instructions.
func RefusesResponseFormat(err error) bool {
	if apperr.CodeOf(err) != apperr.LLMBadRequest {
		return false
	}
	var apiErr *openai.APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	text := strings.ToLower(apiErr.Message)
	if apiErr.Param != nil {
		text += " " + strings.ToLower(*apiErr.Param)
	}
	return strings.Contains(text, "response_format") || strings.Contains(text, "json_schema")
}
