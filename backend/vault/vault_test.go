package vault

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"
)

func TestNewAccountsUseTheRFC9106SecondRecommendedParameters(t *testing.T) {
	p := DefaultParams()
	want := Params{Time: 3, MemoryKiB: 64 * 1024, Threads: 4, KeyLen: 32}
	if p != want {
		t.Fatalf("DefaultParams = %+v, want %+v", p, want)
	}
	if SaltSize != 16 {
		t.Fatalf("SaltSize = %d, want 16", SaltSize)
	}
}

func TestPasswordHashAcceptsOnlyTheRightPassword(t *testing.T) {
	h, err := HashPassword("correct horse", TestParams())
	if err != nil {
		t.Fatal(err)
	}
	if h.Params != TestParams() || len(h.Salt) != SaltSize || len(h.Hash) != 32 {
		t.Fatalf("hash record %+v does not carry its parameters and salt", h)
	}
	cases := []struct {
		password string
		ok       bool
	}{
		{"correct horse", true},
		{"correct horse ", false},
		{"Correct horse", false},
		{"", false},
	}
	for _, c := range cases {
		if got := h.Verify(c.password); got != c.ok {
			t.Errorf("Verify(%q) = %v, want %v", c.password, got, c.ok)
		}
	}
	h2, _ := HashPassword("correct horse", TestParams())
	if bytes.Equal(h.Salt, h2.Salt) || bytes.Equal(h.Hash, h2.Hash) {
		t.Error("two hashes of one password share salt or hash")
	}
	if (PasswordHash{}).Verify("") {
		t.Error("an empty record verified")
	}
}

func TestSealedValuesOpenOnlyWithTheSameKeyAndContext(t *testing.T) {
	k, _ := NewKey()
	other, _ := NewKey()
	msg := []byte("a line of dialogue")
	sealed, err := k.Seal(msg, []byte("room/1"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, msg) {
		t.Fatal("sealed value contains the plaintext")
	}
	got, err := k.Open(sealed, []byte("room/1"))
	if err != nil || !bytes.Equal(got, msg) {
		t.Fatalf("Open = %q, %v", got, err)
	}
	flipped := append([]byte(nil), sealed...)
	flipped[len(flipped)-5] ^= 1
	cases := map[string]func() ([]byte, error){
		"other context":  func() ([]byte, error) { return k.Open(sealed, []byte("room/2")) },
		"other key":      func() ([]byte, error) { return other.Open(sealed, []byte("room/1")) },
		"flipped byte":   func() ([]byte, error) { return k.Open(flipped, []byte("room/1")) },
		"truncated":      func() ([]byte, error) { return k.Open(sealed[:10], []byte("room/1")) },
		"empty":          func() ([]byte, error) { return k.Open(nil, []byte("room/1")) },
		"unknown format": func() ([]byte, error) { s := append([]byte{9}, sealed[1:]...); return k.Open(s, []byte("room/1")) },
	}
	for name, open := range cases {
		if _, err := open(); !errors.Is(err, ErrDecrypt) {
			t.Errorf("%s: err = %v, want ErrDecrypt", name, err)
		}
	}
}

func TestLoggingOutWipesTheKey(t *testing.T) {
	k, _ := NewKey()
	sealed, _ := k.Seal([]byte("secret"), nil)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ { // Zero must be safe while others are using the key
		wg.Add(1)
		go func() { defer wg.Done(); _, _ = k.Open(sealed, nil) }()
	}
	k.Zero()
	wg.Wait()
	if k.b != [KeySize]byte{} {
		t.Fatal("key bytes are still in memory after Zero")
	}
	if !k.IsZeroed() {
		t.Error("IsZeroed = false after Zero")
	}
	if _, err := k.Open(sealed, nil); !errors.Is(err, ErrKeyZeroed) {
		t.Errorf("Open after Zero: %v, want ErrKeyZeroed", err)
	}
	if _, err := k.Seal([]byte("x"), nil); !errors.Is(err, ErrKeyZeroed) {
		t.Errorf("Seal after Zero: %v, want ErrKeyZeroed", err)
	}
	k.Zero() // idempotent
}

func TestTheDataKeyUnwrapsWithPasswordOrRecoveryCodeOnly(t *testing.T) {
	data, _ := NewKey()
	pwKDF, _ := NewKDF(TestParams())
	rcKDF, _ := NewKDF(TestParams())
	if bytes.Equal(pwKDF.Salt, rcKDF.Salt) {
		t.Fatal("password and recovery KEKs share a salt")
	}
	code, _ := NewRecoveryCode()
	canon, _ := NormalizeRecoveryCode(code)
	pwKEK, _ := pwKDF.Derive([]byte("hunter22"))
	rcKEK, _ := rcKDF.Derive([]byte(canon))
	aad := []byte("user-1")
	byPw, err := pwKEK.Wrap(data, aad)
	if err != nil {
		t.Fatal(err)
	}
	byRc, _ := rcKEK.Wrap(data, aad)
	sealed, _ := data.Seal([]byte("room title"), nil)

	for name, c := range map[string]struct {
		kdf     KDF
		secret  string
		wrapped []byte
	}{"password": {pwKDF, "hunter22", byPw}, "recovery code": {rcKDF, canon, byRc}} {
		kek, _ := c.kdf.Derive([]byte(c.secret))
		got, err := kek.Unwrap(c.wrapped, aad)
		if err != nil {
			t.Fatalf("%s: unwrap: %v", name, err)
		}
		if plain, err := got.Open(sealed, nil); err != nil || string(plain) != "room title" {
			t.Errorf("%s: unwrapped key does not open data: %v", name, err)
		}
		if _, err := kek.Unwrap(c.wrapped, []byte("user-2")); !errors.Is(err, ErrDecrypt) {
			t.Errorf("%s: wrapped key opened for another user: %v", name, err)
		}
	}
	wrongKEK, _ := pwKDF.Derive([]byte("hunter23"))
	if _, err := wrongKEK.Unwrap(byPw, aad); !errors.Is(err, ErrDecrypt) {
		t.Errorf("wrong password unwrapped the data key: %v", err)
	}
}

func TestRecoveryCodesAreLongAndForgivingToType(t *testing.T) {
	code, err := NewRecoveryCode()
	if err != nil {
		t.Fatal(err)
	}
	groups := strings.Split(code, "-")
	if len(groups) != 6 {
		t.Fatalf("code %q: want 6 groups", code)
	}
	for _, g := range groups {
		if len(g) != 4 {
			t.Fatalf("code %q: group %q is not 4 symbols", code, g)
		}
	}
	// 24 symbols of 5 bits each.
	if bits := 5 * recoverySymbols; bits < 100 {
		t.Fatalf("recovery code carries %d bits, want >= 100", bits)
	}
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		c, _ := NewRecoveryCode()
		if seen[c] {
			t.Fatal("recovery code repeated")
		}
		seen[c] = true
	}

	canon := strings.ReplaceAll(code, "-", "")
	typed := []struct {
		in   string
		want string
		ok   bool
	}{
		{code, canon, true},
		{strings.ToLower(code), canon, true},
		{" " + strings.ReplaceAll(code, "-", " ") + "\n", canon, true},
		{"ABCD-EFGH-JKMN-PQRS-TVWX-YZ01", "ABCDEFGHJKMNPQRSTVWXYZ01", true},
		{"abcd-efgh-jkmn-pqrs-tvwx-yzoi", "ABCDEFGHJKMNPQRSTVWXYZ01", true}, // o→0, i→1
		{"ABCD-EFGH-JKMN-PQRS-TVWX-YZL0", "ABCDEFGHJKMNPQRSTVWXYZ10", true},
		{"ABCD-EFGH-JKMN-PQRS-TVWX-YZ0", "", false},   // too short
		{"ABCD-EFGH-JKMN-PQRS-TVWX-YZ012", "", false}, // too long
		{"ABCD-EFGH-JKMN-PQRS-TVWX-YZ0U", "", false},  // U is not Crockford
		{"ABCD-EFGH-JKMN-PQRS-TVWX-YZ0é", "", false},
		{"", "", false},
	}
	for _, c := range typed {
		got, err := NormalizeRecoveryCode(c.in)
		if c.ok && (err != nil || got != c.want) {
			t.Errorf("Normalize(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
		if !c.ok && !errors.Is(err, ErrBadRecoveryCode) {
			t.Errorf("Normalize(%q) = %q, %v; want ErrBadRecoveryCode", c.in, got, err)
		}
	}
}

func TestBrokenParametersAreRefusedNotUsed(t *testing.T) {
	if _, err := HashPassword("x", Params{}); err == nil {
		t.Error("HashPassword accepted zero parameters")
	}
	if _, err := (KDF{Params: TestParams()}).Derive([]byte("x")); err == nil {
		t.Error("Derive accepted a KDF without salt")
	}
	h := PasswordHash{Params: Params{Time: 1, MemoryKiB: 1 << 31, Threads: 1, KeyLen: 32}, Salt: []byte("s"), Hash: []byte("h")}
	if h.Verify("x") {
		t.Error("a record with absurd memory cost verified")
	}
}
