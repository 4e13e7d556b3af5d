// Package weblink decides which links may leave the app for the OS browser.
// Model replies are hostile input: only absolute http(s) URLs with a host pass,
// so a reply cannot make the app open file:, javascript: or custom-scheme URLs.
package weblink

import (
	"net/url"
	"strings"

	"parley/backend/apperr"
)

// Check returns the normalised URL if it may be opened externally.
func Check(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if len(raw) > 4096 {
		return "", apperr.New(apperr.LinkNotAllowed, "link too long")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return "", apperr.New(apperr.LinkNotAllowed, "only http and https links can be opened")
	}
	return u.String(), nil
}
