package account

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"parley/backend/apperr"
)

// Limits on account fields.
const (
	MaxUsernameRunes    = 32
	MinPasswordRunes    = 8
	MaxPasswordBytes    = 1024
	MaxDisplayNameRunes = 64
)

// Raw sizes checked before any trimming, normalising or hashing, so an
// oversized request costs nothing. They leave room for any text that passes
// the rune limits once normalised (a decomposed form, surrounding spaces).
const (
	maxUsernameBytes     = 16 * MaxUsernameRunes
	maxDisplayNameBytes  = 16 * MaxDisplayNameRunes
	maxRecoveryCodeBytes = 256
)

// tooBig refuses raw when it is longer than max bytes, before anything reads it.
func tooBig(raw string, max int, field, msg string) error {
	if len(raw) > max {
		return apperr.Field(apperr.InputTooLong, field, msg)
	}
	return nil
}

// Field names used in coded errors (they match the JSON request fields).
const (
	fieldUsername     = "username"
	fieldPassword     = "password"
	fieldDisplayName  = "displayName"
	fieldCurrent      = "current"
	fieldNext         = "next"
	fieldNewPassword  = "newPassword"
	fieldRecoveryCode = "recoveryCode"
)

// cleanUsername returns the username as it will be shown (trimmed, NFC) after
// checking the rules: 1–32 Unicode letters, digits, '.', '_' or '-' (combining
// marks may follow a letter, so scripts such as Devanagari work).
func cleanUsername(raw string) (string, error) {
	if err := tooBig(raw, maxUsernameBytes, fieldUsername, "the username is longer than 32 characters"); err != nil {
		return "", err
	}
	if !utf8.ValidString(raw) {
		return "", apperr.Field(apperr.InputInvalid, fieldUsername, "the username is not valid text")
	}
	name := norm.NFC.String(strings.TrimSpace(raw))
	if name == "" {
		return "", apperr.Field(apperr.InputRequired, fieldUsername, "choose a username")
	}
	if utf8.RuneCountInString(name) > MaxUsernameRunes {
		return "", apperr.Field(apperr.InputTooLong, fieldUsername, "the username is longer than 32 characters")
	}
	for i, r := range []rune(name) {
		ok := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == '-' ||
			(i > 0 && unicode.Is(unicode.M, r))
		if !ok {
			return "", apperr.Field(apperr.InputInvalid, fieldUsername, "use only letters, digits, '.', '_' and '-'")
		}
	}
	return name, nil
}

// usernameKey is the unique key of a username in the users bucket: case-folded
// and width-folded (NFKC), so "Mina", "MINA" and full-width "ｍｉｎａ" are one account.
func usernameKey(name string) string {
	n := norm.NFKC.String(norm.NFC.String(strings.TrimSpace(name)))
	return norm.NFC.String(cases.Fold().String(n))
}

// cleanPassword returns the password in NFC (so the same password typed on
// another system still matches) after checking its length. field names the
// request field it came from.
func cleanPassword(raw, field, username string) (string, error) {
	if raw == "" {
		return "", apperr.Field(apperr.InputRequired, field, "enter a password")
	}
	if len(raw) > MaxPasswordBytes {
		return "", apperr.Field(apperr.InputTooLong, field, "the password is longer than 1024 bytes")
	}
	if !utf8.ValidString(raw) {
		return "", apperr.Field(apperr.InputInvalid, field, "the password is not valid text")
	}
	pw := norm.NFC.String(raw)
	if utf8.RuneCountInString(pw) < MinPasswordRunes {
		return "", apperr.Field(apperr.AuthWeakPassword, field, "use at least 8 characters")
	}
	if strings.TrimSpace(pw) == "" || (username != "" && usernameKey(pw) == usernameKey(username)) {
		return "", apperr.Field(apperr.AuthWeakPassword, field, "the password is too easy to guess")
	}
	return pw, nil
}

// loginPassword prepares a password typed at log-in; only emptiness and size
// are checked, since the rules may have changed since the account was made.
func loginPassword(raw, field string) (string, error) {
	if raw == "" {
		return "", apperr.Field(apperr.InputRequired, field, "enter your password")
	}
	if len(raw) > MaxPasswordBytes {
		return "", apperr.Field(apperr.InputTooLong, field, "the password is longer than 1024 bytes")
	}
	return norm.NFC.String(raw), nil
}

// cleanDisplayName trims and checks the optional display name; empty means the username.
func cleanDisplayName(raw, username string) (string, error) {
	if err := tooBig(raw, maxDisplayNameBytes, fieldDisplayName, "the name is longer than 64 characters"); err != nil {
		return "", err
	}
	if !utf8.ValidString(raw) {
		return "", apperr.Field(apperr.InputInvalid, fieldDisplayName, "the name is not valid text")
	}
	name := norm.NFC.String(strings.TrimSpace(raw))
	if name == "" {
		return username, nil
	}
	if utf8.RuneCountInString(name) > MaxDisplayNameRunes {
		return "", apperr.Field(apperr.InputTooLong, fieldDisplayName, "the name is longer than 64 characters")
	}
	for _, r := range name {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return "", apperr.Field(apperr.InputInvalid, fieldDisplayName, "the name contains control characters")
		}
	}
	return name, nil
}
