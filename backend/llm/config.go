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
	"strings"
	"time"

	"parley/backend/apperr"
)

// Defaults for the provider settings and the client's limits.
const (
	DefaultBaseURL     = "https://api.openai.com/v1"
	DefaultModel       = "gpt-4o-mini" // low cost, and it still honours temperature
	DefaultTemperature = 0.7

	DefaultFirstTokenTimeout = 30 * time.Second
	DefaultStallTimeout      = 60 * time.Second
	DefaultRequestTimeout    = 90 * time.Second
	DefaultMaxReplyBytes     = 64 << 10

	maxRetries = 2
)

// maxResponseBytes caps any response body, SSE framing included, so a
// hostile server cannot make the app read without end. A variable for tests.
var maxResponseBytes int64 = 16 << 20

// Config is one user's provider settings plus the client's limits. Zero
// limits mean the defaults; tests set them to milliseconds.
type Config struct {
	APIKey      string  // optional: local servers need none
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

// withDefaults fills zero fields and checks the user's settings.
func (c Config) withDefaults() (Config, *url.URL, error) {
	c.APIKey = strings.TrimSpace(c.APIKey)
	c.BaseURL = strings.TrimSpace(c.BaseURL)
	c.Model = strings.TrimSpace(c.Model)
	c.ProxyURL = strings.TrimSpace(c.ProxyURL)
	if c.BaseURL == "" {
		c.BaseURL = DefaultBaseURL
	}
	if c.Model == "" {
		c.Model = DefaultModel
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, nil, apperr.Field(apperr.InputInvalid, "baseUrl", "the base URL must be an http(s) address")
	} else if u.User != nil {
		// Credentials in the address would go out as basic auth beside the
		// key and could surface in error text; the key has its own field.
		return c, nil, apperr.Field(apperr.InputInvalid, "baseUrl", "the base URL must not hold a user name or password")
	}
	if c.Temperature < 0 || c.Temperature > 2 || c.Temperature != c.Temperature {
		return c, nil, apperr.Field(apperr.InputInvalid, "temperature", "the temperature must be between 0 and 2")
	}
	var proxy *url.URL
	if c.ProxyURL != "" {
		u, err := url.Parse(c.ProxyURL)
		if err != nil || u.Host == "" || !validProxyScheme(u.Scheme) {
			return c, nil, apperr.Field(apperr.InputInvalid, "proxyUrl", "the proxy must be an http, https or socks5 address")
		}
		proxy = u
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

func validProxyScheme(s string) bool {
	switch s {
	case "http", "https", "socks5", "socks5h":
		return true
	}
	return false
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
