package weblink

import (
	"testing"

	"parley/backend/apperr"
)

func TestOnlyWebLinksLeaveTheApp(t *testing.T) {
	ok := []string{"https://example.com/a?b=c", "http://example.org", " https://ko.wikipedia.org/wiki/%EC%BB%A4%ED%94%BC "}
	for _, raw := range ok {
		if _, err := Check(raw); err != nil {
			t.Errorf("%q refused: %v", raw, err)
		}
	}
	bad := []string{"javascript:alert(1)", "file:///etc/passwd", "data:text/html,hi", "vscode://x", "//example.com",
		"https:///nohost", "https://user:pw@example.com", "", "mailto:a@b.c", "HTTPS:example.com"}
	for _, raw := range bad {
		if _, err := Check(raw); apperr.CodeOf(err) != apperr.LinkNotAllowed {
			t.Errorf("%q: got %v, want %s", raw, err, apperr.LinkNotAllowed)
		}
	}
}
