package vault

import (
	"crypto/rand"
	"errors"
	"strings"
	"unicode"
)

// Recovery codes are 24 Crockford base32 symbols (120 bits), shown as six
// groups of four: easy to copy by hand, impossible to guess.
const (
	recoveryAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	recoverySymbols  = 24
	recoveryGroup    = 4
)

// ErrBadRecoveryCode means the text cannot be a recovery code at all.
var ErrBadRecoveryCode = errors.New("vault: not a recovery code")

// NewRecoveryCode returns a fresh code formatted as XXXX-XXXX-XXXX-XXXX-XXXX-XXXX.
func NewRecoveryCode() (string, error) {
	raw := make([]byte, recoverySymbols)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	var sb strings.Builder
	for i, b := range raw {
		if i > 0 && i%recoveryGroup == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(recoveryAlphabet[b&31]) // 256 is a multiple of 32: no bias
	}
	clear(raw)
	return sb.String(), nil
}

// NormalizeRecoveryCode returns the canonical form (24 upper-case symbols, no
// separators) of a code typed by a person: case, dashes and spaces do not
// matter, and I/L read as 1 and O as 0, as Crockford base32 intends.
func NormalizeRecoveryCode(s string) (string, error) {
	var sb strings.Builder
	for _, r := range s { // rune by rune: a long input stops at the 25th symbol
		r = unicode.ToUpper(r)
		switch {
		case r == '-' || r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0':
			continue
		case r == 'I' || r == 'L':
			r = '1'
		case r == 'O':
			r = '0'
		case r > 0x7f || !strings.ContainsRune(recoveryAlphabet, r):
			return "", ErrBadRecoveryCode
		}
		sb.WriteRune(r)
		if sb.Len() > recoverySymbols {
			return "", ErrBadRecoveryCode
		}
	}
	if sb.Len() != recoverySymbols {
		return "", ErrBadRecoveryCode
	}
	return sb.String(), nil
}
