// Package llm talks to OpenAI-compatible chat servers (OpenAI itself, Ollama,
// LM Studio, …) through go-openai: it builds the client from the user's
// provider settings, streams replies with first-token and stall timeouts,
// retries server errors, and turns every failure into an *apperr.Error whose
// code the UI can explain. Everything a server sends is treated as hostile:
// replies are size-capped and cleaned, and odd JSON becomes llm.malformed.
package llm

import (
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"parley/backend/apperr"
	"parley/backend/textclean"
)

// Defaults for the provider settings and the client's limits. llm owns the
// provider defaults and their rules (Check); settings only stores and redacts.
const (
	DefaultBaseURL = "https://api.openai.com/v1"
	DefaultModel   = "gpt-4o-mini" // low cost, and it still honours temperature
	// DefaultTemperature keeps a role-play partner varied but on script: at
	// the API's own 1.0 replies drift more often out of the room's language
	// and level, which a beginner cannot follow.
	DefaultTemperature = 0.7

	DefaultFirstTokenTimeout = 30 * time.Second
	DefaultStallTimeout      = 60 * time.Second
	DefaultRequestTimeout    = 90 * time.Second
	DefaultMaxReplyBytes     = 64 << 10

	maxRetries = 2

	maxAPIKeyBytes = 512
	maxURLBytes    = 2048
	maxModelRunes  = 200
)

// maxResponseBytes caps any response body, SSE framing included, so a
// hostile server cannot make the app read without end. A variable for tests.
var maxResponseBytes int64 = 16 << 20

// Config is one user's provider settings plus the client's limits. Zero
// limits mean the defaults; tests set them to milliseconds.
type Config struct {
	APIKey      string  // optional: local servers need none; visible ASCII
	BaseURL     string  // "" means DefaultBaseURL
	Model       string  // "" means DefaultModel
	Temperature float64 // 0–2, sent as is (0 included)
	ProxyURL    string  // http, https or socks5 proxy; "" uses the environment's proxy settings

	FirstTokenTimeout time.Duration // no reply text this long after sending → llm.timeout
	StallTimeout      time.Duration // no new text this long mid-reply → llm.timeout
	RequestTimeout    time.Duration // whole non-streamed call (models, Complete)
	MaxReplyBytes     int           // reply text beyond this is cut off (finish reason "length")
	// Backoff is the pause before retry n (1, 2) after a server error.
	Backoff func(retry int) time.Duration
}

// DefaultBackoff waits 1 s before the first retry and 2 s before the second.
func DefaultBackoff(retry int) time.Duration {
	return time.Duration(1<<(retry-1)) * time.Second
}

// Check returns c's provider settings normalised (trimmed, the base URL
// without a trailing slash, an empty base URL or model replaced by the
// default) and checks them. A bad setting is an *apperr.Error with Field
// apiKey, baseUrl, model, temperature or proxyUrl and Code input.invalid or
// input.too_long. Settings checks before it saves, and NewClient checks
// again, so both refuse the same things the same way.
func (c Config) Check() (Config, error) {
	c, _, err := c.check()
	return c, err
}

func (c Config) check() (Config, *url.URL, error) {
	c.APIKey = strings.TrimSpace(c.APIKey)
	c.BaseURL = strings.TrimSpace(c.BaseURL)
	c.Model = strings.TrimSpace(c.Model)
	c.ProxyURL = strings.TrimSpace(c.ProxyURL)

	if len(c.APIKey) > maxAPIKeyBytes {
		return c, nil, apperr.Field(apperr.InputTooLong, "apiKey", "the API key is too long")
	}
	for _, r := range c.APIKey {
		if r <= ' ' || r > '~' { // the key goes into an HTTP header: visible ASCII only
			return c, nil, apperr.Field(apperr.InputInvalid, "apiKey", "the API key contains spaces or unusual characters")
		}
	}

	if c.BaseURL == "" {
		c.BaseURL = DefaultBaseURL
	}
	u, err := checkURL(c.BaseURL, "baseUrl", "http", "https")
	if err != nil {
		return c, nil, err
	}
	if u.User != nil {
		// Credentials in the address would go out as basic auth beside the
		// key and could surface in error text; the key has its own field.
		return c, nil, apperr.Field(apperr.InputInvalid, "baseUrl", "put the key in the API key field, not in the address")
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")

	if c.Model == "" {
		c.Model = DefaultModel
	}
	if utf8.RuneCountInString(c.Model) > maxModelRunes {
		return c, nil, apperr.Field(apperr.InputTooLong, "model", "the model name is too long")
	}
	// The name is shown in the settings and room views: no line breaks, and
	// nothing that could make it display as another name.
	if !utf8.ValidString(c.Model) || strings.IndexFunc(c.Model, func(r rune) bool { return unicode.IsControl(r) || textclean.IsUnsafe(r) }) >= 0 {
		return c, nil, apperr.Field(apperr.InputInvalid, "model", "the model name contains unusual characters")
	}

	// NaN fails both comparisons, so it is refused too.
	if !(c.Temperature >= 0 && c.Temperature <= 2) {
		return c, nil, apperr.Field(apperr.InputInvalid, "temperature", "the temperature must be between 0 and 2")
	}

	var proxy *url.URL
	if c.ProxyURL != "" {
		if proxy, err = checkURL(c.ProxyURL, "proxyUrl", "http", "https", "socks5", "socks5h"); err != nil {
			return c, nil, err
		}
	}
	return c, proxy, nil
}

// checkURL parses an absolute URL with one of the allowed schemes and a host.
func checkURL(raw, field string, schemes ...string) (*url.URL, error) {
	bad := apperr.Field(apperr.InputInvalid, field, "enter a full address such as "+schemes[0]+"://host:port")
	if len(raw) > maxURLBytes {
		return nil, apperr.Field(apperr.InputTooLong, field, "the address is too long")
	}
	if strings.IndexFunc(raw, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return nil, bad
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Hostname() == "" || u.Fragment != "" || u.Opaque != "" {
		return nil, bad
	}
	if slices.Contains(schemes, u.Scheme) {
		return u, nil
	}
	return nil, bad
}

// withDefaults checks the provider settings and fills the zero limits.
func (c Config) withDefaults() (Config, *url.URL, error) {
	c, proxy, err := c.check()
	if err != nil {
		return c, nil, err
	}
	if c.FirstTokenTimeout <= 0 {
		c.FirstTokenTimeout = DefaultFirstTokenTimeout
	}
	if c.StallTimeout <= 0 {
		c.StallTimeout = DefaultStallTimeout
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = DefaultRequestTimeout
	}
	if c.MaxReplyBytes <= 0 {
		c.MaxReplyBytes = DefaultMaxReplyBytes
	}
	if c.Backoff == nil {
		c.Backoff = DefaultBackoff
	}
	return c, proxy, nil
}

// needsKey reports whether the server is OpenAI's own, which always wants a key.
func (c Config) needsKey() bool {
	u, err := url.Parse(c.BaseURL)
	return c.APIKey == "" && err == nil && strings.EqualFold(u.Hostname(), "api.openai.com")
}

// newHTTPClient bounds connecting and the TLS handshake but not the whole
// request: a streamed reply may rightly take minutes, and the stream's own
// first-token and stall timers catch a server that goes quiet.
func newHTTPClient(proxy *url.URL) (*http.Client, *http.Transport) {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConns:          8,
		ForceAttemptHTTP2:     true,
	}
	if proxy != nil {
		tr.Proxy = http.ProxyURL(proxy)
	}
	return &http.Client{Transport: limitTransport{base: tr, max: maxResponseBytes}}, tr
}
