package chat

import (
	"bytes"
	"strconv"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeText reads the fields search needs (id, role, text, createdAt) from
// a message's JSON as encoding/json wrote it, without decoding the rest:
// decoding whole Messages was most of the cost of building the index. The
// value is authenticated and was written by encoding/json, so the reader
// skips what it does not need without validating it. It reports false for
// anything outside the form encoding/json writes (a key in another case, a
// null, a number that is not a plain integer, an unparsable time): the
// caller then decodes the message the ordinary way. text is the message's
// text, unescaped into *scratch when it has escapes, else a slice of js.
func decodeText(js []byte, scratch *[]byte) (m TextMessage, ok bool) {
	i := skipSpace(js, 0)
	if i >= len(js) || js[i] != '{' {
		return m, false
	}
	i = skipSpace(js, i+1)
	if i < len(js) && js[i] == '}' {
		return m, skipSpace(js, i+1) == len(js)
	}
	for {
		key, next, escaped := scanString(js, i)
		if next < 0 || escaped {
			return m, false
		}
		i = skipSpace(js, next)
		if i >= len(js) || js[i] != ':' {
			return m, false
		}
		i = skipSpace(js, i+1)
		switch field := fieldOf(key); field {
		case fieldID:
			end := i
			for end < len(js) && '0' <= js[end] && js[end] <= '9' {
				end++
			}
			n, err := strconv.ParseUint(string(js[i:end]), 10, 64)
			if err != nil || end < len(js) && (js[end] == '.' || js[end] == 'e' || js[end] == 'E') {
				return m, false
			}
			m.ID, i = n, end
		case fieldRole, fieldText, fieldCreatedAt:
			s, next, escaped := scanString(js, i)
			if next < 0 {
				return m, false
			}
			i = next
			if field != fieldText && (escaped || !utf8.Valid(s)) {
				return m, false // encoding/json writes neither a role nor a time so
			}
			switch field {
			case fieldRole:
				m.Assistant = string(s) == RoleAssistant
			case fieldText:
				if escaped || !utf8.Valid(s) {
					if s, ok = unescape(s, scratch); !ok {
						return m, false
					}
				}
				m.Text = s
			default:
				var t time.Time
				if t.UnmarshalText(s) != nil {
					return m, false
				}
				m.CreatedAt = unixNano(t)
			}
		case fieldOtherCase:
			return m, false // encoding/json matches keys in any case
		default:
			if i = skipValue(js, i); i < 0 {
				return m, false
			}
		}
		i = skipSpace(js, i)
		if i >= len(js) {
			return m, false
		}
		switch js[i] {
		case ',':
			i = skipSpace(js, i+1)
		case '}':
			return m, skipSpace(js, i+1) == len(js)
		default:
			return m, false
		}
	}
}

const (
	fieldOther = iota
	fieldID
	fieldRole
	fieldText
	fieldCreatedAt
	fieldOtherCase // one of the above in another case
)

func fieldOf(key []byte) int {
	switch string(key) { // compared in place, not allocated
	case "id":
		return fieldID
	case "role":
		return fieldRole
	case "text":
		return fieldText
	case "createdAt":
		return fieldCreatedAt
	}
	for _, k := range [...]string{"id", "role", "text", "createdAt"} {
		if len(key) == len(k) && bytes.EqualFold(key, []byte(k)) {
			return fieldOtherCase
		}
	}
	return fieldOther
}

func skipSpace(js []byte, i int) int {
	for i < len(js) && (js[i] == ' ' || js[i] == '\n' || js[i] == '\r' || js[i] == '\t') {
		i++
	}
	return i
}

// scanString returns the raw contents of the string starting at js[i] (a
// quote), the index after its closing quote (-1 when there is none), and
// whether it has escapes.
func scanString(js []byte, i int) (s []byte, next int, escaped bool) {
	if i >= len(js) || js[i] != '"' {
		return nil, -1, false
	}
	start := i + 1
	for j := start; ; {
		q := bytes.IndexByte(js[j:], '"')
		if q < 0 {
			return nil, -1, false
		}
		b := bytes.IndexByte(js[j:j+q], '\\')
		if b < 0 {
			return js[start : j+q], j + q + 1, escaped
		}
		escaped = true
		j += b + 2 // the backslash and the character it escapes
		if j > len(js) {
			return nil, -1, false
		}
	}
}

// skipValue returns the index after the value starting at js[i], -1 when
// it ends early.
func skipValue(js []byte, i int) int {
	depth := 0
	for i < len(js) {
		switch js[i] {
		case '"':
			_, next, _ := scanString(js, i)
			if next < 0 {
				return -1
			}
			if i = next; depth == 0 {
				return i
			}
		case '{', '[':
			depth++
			i++
		case '}', ']':
			if depth == 0 {
				return i // a number or literal ended at its object's end
			}
			if depth--; depth == 0 {
				return i + 1
			}
			i++
		case ',':
			if depth == 0 {
				return i
			}
			i++
		default:
			i++
		}
	}
	if depth == 0 {
		return i
	}
	return -1
}

// unescape decodes a JSON string's contents into *scratch as encoding/json
// does: invalid UTF-8 and lone surrogates become U+FFFD.
func unescape(s []byte, scratch *[]byte) ([]byte, bool) {
	out := (*scratch)[:0]
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			if i+1 >= len(s) {
				return nil, false
			}
			switch e := s[i+1]; e {
			case '"', '\\', '/':
				out = append(out, e)
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				r, ok := hex4(s, i+2)
				if !ok {
					return nil, false
				}
				i += 6
				if utf16.IsSurrogate(r) {
					if i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
						r2, _ := hex4(s, i+2)
						if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
							out = utf8.AppendRune(out, d)
							i += 6
							continue
						}
					}
					r = utf8.RuneError
				}
				out = utf8.AppendRune(out, r)
				continue
			default:
				return nil, false
			}
			i += 2
		case c < utf8.RuneSelf:
			out = append(out, c)
			i++
		default:
			r, n := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && n == 1 {
				out = utf8.AppendRune(out, utf8.RuneError)
			} else {
				out = append(out, s[i:i+n]...)
			}
			i += n
		}
	}
	*scratch = out
	return out, true
}

func hex4(s []byte, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range s[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r*16 + rune(c)
	}
	return r, true
}

// unixNano is t in Unix nanoseconds, 0 for the zero time (outside the range
// UnixNano can give).
func unixNano(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}
