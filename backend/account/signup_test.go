package account

import (
	"runtime"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"parley/backend/apperr"
	"parley/backend/vault"
)

func TestSigningUpLogsInAndShowsARecoveryCodeOnce(t *testing.T) {
	f := newFixture(t)
	res, err := f.svc.SignUp(SignUpRequest{Username: " Mina ", Password: "correct horse", DisplayName: "민아"})
	if err != nil {
		t.Fatal(err)
	}
	if res.User.Username != "Mina" || res.User.DisplayName != "민아" || res.User.ID == "" || res.User.CreatedAt.IsZero() {
		t.Errorf("user = %+v", res.User)
	}
	if _, err := vault.NormalizeRecoveryCode(res.RecoveryCode); err != nil {
		t.Errorf("recovery code %q is not a valid code", res.RecoveryCode)
	}
	who, _ := f.svc.WhoAmI()
	if !who.LoggedIn || who.User == nil || who.User.ID != res.User.ID {
		t.Errorf("WhoAmI after sign-up = %+v", who)
	}
	f.logOut()
	who, _ = f.svc.WhoAmI()
	if who.LoggedIn || who.User != nil {
		t.Errorf("WhoAmI after log-out = %+v", who)
	}
	u, err := f.svc.LogIn(LogInRequest{Username: "mina", Password: "correct horse"})
	if err != nil {
		t.Fatalf("log in with another case: %v", err)
	}
	if u != res.User {
		t.Errorf("logged-in user %+v, signed-up user %+v", u, res.User)
	}
}

func TestADisplayNameDefaultsToTheUsername(t *testing.T) {
	f := newFixture(t)
	res := f.signUp("jun", "password1")
	if res.User.DisplayName != "jun" {
		t.Errorf("display name = %q", res.User.DisplayName)
	}
}

func TestEachBadSignUpFieldGetsItsOwnError(t *testing.T) {
	decomposed := norm.NFD.String("José")
	cases := []struct {
		name        string
		req         SignUpRequest
		code, field string
	}{
		{"empty username", SignUpRequest{Username: "  ", Password: "password1"}, apperr.InputRequired, "username"},
		{"username of 33 letters", SignUpRequest{Username: strings.Repeat("a", 33), Password: "password1"}, apperr.InputTooLong, "username"},
		{"username with a space", SignUpRequest{Username: "mi na", Password: "password1"}, apperr.InputInvalid, "username"},
		{"username with @", SignUpRequest{Username: "mina@home", Password: "password1"}, apperr.InputInvalid, "username"},
		{"username with an emoji", SignUpRequest{Username: "mina😀", Password: "password1"}, apperr.InputInvalid, "username"},
		{"username starting with a combining mark", SignUpRequest{Username: "\u0301abc", Password: "password1"}, apperr.InputInvalid, "username"},
		{"username that is not UTF-8", SignUpRequest{Username: "mi\xffna", Password: "password1"}, apperr.InputInvalid, "username"},
		{"empty password", SignUpRequest{Username: "mina", Password: ""}, apperr.InputRequired, "password"},
		{"7-character password", SignUpRequest{Username: "mina", Password: "1234567"}, apperr.AuthWeakPassword, "password"},
		{"password of spaces", SignUpRequest{Username: "mina", Password: "          "}, apperr.AuthWeakPassword, "password"},
		{"password equal to the username", SignUpRequest{Username: "minasoo99", Password: "MinaSoo99"}, apperr.AuthWeakPassword, "password"},
		{"password over 1024 bytes", SignUpRequest{Username: "mina", Password: strings.Repeat("가", 342)}, apperr.InputTooLong, "password"},
		{"display name over 64 characters", SignUpRequest{Username: "mina", Password: "password1", DisplayName: strings.Repeat("x", 65)}, apperr.InputTooLong, "displayName"},
		{"display name with a newline", SignUpRequest{Username: "mina", Password: "password1", DisplayName: "a\nb"}, apperr.InputInvalid, "displayName"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			_, err := f.svc.SignUp(c.req)
			wantCode(t, err, c.code, c.field)
			if who, _ := f.svc.WhoAmI(); who.LoggedIn {
				t.Error("a refused sign-up logged in")
			}
		})
	}

	good := []SignUpRequest{
		{Username: strings.Repeat("가", 32), Password: "비밀번호여덟글자"}, // 32 Hangul, 8-character Korean password
		{Username: "さくら_2026", Password: "パスワードです。"},
		{Username: "a.b-c_d", Password: strings.Repeat("p", 1024)},
		{Username: decomposed, Password: "password1"},
		{Username: "हिन्दी", Password: "password1"}, // combining vowel signs after letters
	}
	for _, req := range good {
		f := newFixture(t)
		res, err := f.svc.SignUp(req)
		if err != nil {
			t.Errorf("SignUp(%q): %v", req.Username, err)
			continue
		}
		if !norm.NFC.IsNormalString(res.User.Username) {
			t.Errorf("username %q is not stored in NFC", res.User.Username)
		}
	}
}

func TestAUsernameIsTakenWhateverItsCaseOrWidth(t *testing.T) {
	for _, second := range []string{"mina", "MINA", "Mina", "ｍｉｎａ", " mina "} {
		t.Run(second, func(t *testing.T) {
			f := newFixture(t)
			f.signUp("Mina", "password1")
			f.logOut()
			_, err := f.svc.SignUp(SignUpRequest{Username: second, Password: "password2"})
			wantCode(t, err, apperr.AuthUsernameTaken, "username")
		})
	}
	f := newFixture(t)
	f.signUp("José", "password1")
	f.logOut()
	_, err := f.svc.SignUp(SignUpRequest{Username: norm.NFD.String("JOSÉ"), Password: "password1"})
	wantCode(t, err, apperr.AuthUsernameTaken, "username")
	if _, err := f.svc.LogIn(LogInRequest{Username: norm.NFD.String("josé"), Password: "password1"}); err != nil {
		t.Errorf("log-in with a decomposed, lower-case name: %v", err)
	}
}

func TestNobodyCanSignUpOrLogInOverAnOpenSession(t *testing.T) {
	f := newFixture(t)
	f.signUp("mina", "password1")
	_, err := f.svc.SignUp(SignUpRequest{Username: "jun", Password: "password1"})
	wantCode(t, err, apperr.AuthLoggedIn, "")
	_, err = f.svc.LogIn(LogInRequest{Username: "mina", Password: "password1"})
	wantCode(t, err, apperr.AuthLoggedIn, "")
}

func TestNewAccountsAreHashedWithTheConfiguredParameters(t *testing.T) {
	f := newFixture(t)
	if got := New(f.db, Options{}).params; got != vault.DefaultParams() {
		t.Fatalf("default service parameters = %+v, want the RFC 9106 set", got)
	}
	f.signUp("mina", "password1")
	rec, err := f.svc.load(usernameKey("mina"))
	if err != nil || rec == nil {
		t.Fatal(err)
	}
	p := vault.TestParams()
	if rec.PasswordKDF.Params != p || rec.RecoveryKDF.Params != p {
		t.Errorf("record does not carry its parameters: %+v", rec)
	}
	if rec.PasswordLock != vault.LockVersion || rec.RecoveryLock != vault.LockVersion {
		t.Errorf("new locks are version %d and %d, want %d", rec.PasswordLock, rec.RecoveryLock, vault.LockVersion)
	}
	if string(rec.RecoveryKDF.Salt) == string(rec.PasswordKDF.Salt) {
		t.Error("password key and recovery key share a salt")
	}
}

// A request with a huge field is refused by its size, with the field named,
// before the text is trimmed, normalised or hashed: it allocates next to nothing.
func TestOversizedFieldsAreRefusedBeforeAnyWork(t *testing.T) {
	huge := strings.Repeat("e\u0301", 1<<19) // 1.5 MiB that NFC would rewrite
	f := newFixture(t)
	f.signUp("mina", "password1")
	f.logOut()
	cases := []struct {
		name  string
		call  func() error
		field string
	}{
		{"sign-up username", func() error { _, err := f.svc.SignUp(SignUpRequest{Username: huge, Password: "password1"}); return err }, "username"},
		{"sign-up display name", func() error {
			_, err := f.svc.SignUp(SignUpRequest{Username: "jun", Password: "password1", DisplayName: huge})
			return err
		}, "displayName"},
		{"sign-up password", func() error { _, err := f.svc.SignUp(SignUpRequest{Username: "jun", Password: huge}); return err }, "password"},
		{"log-in username", func() error { _, err := f.svc.LogIn(LogInRequest{Username: huge, Password: "password1"}); return err }, "username"},
		{"log-in password", func() error { _, err := f.svc.LogIn(LogInRequest{Username: "mina", Password: huge}); return err }, "password"},
		{"recovery username", func() error {
			_, err := f.svc.RecoverAccount(RecoverRequest{Username: huge, RecoveryCode: "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA", NewPassword: "password2"})
			return err
		}, "username"},
		{"recovery code", func() error {
			_, err := f.svc.RecoverAccount(RecoverRequest{Username: "mina", RecoveryCode: huge, NewPassword: "password2"})
			return err
		}, "recoveryCode"},
		{"recovery new password", func() error {
			_, err := f.svc.RecoverAccount(RecoverRequest{Username: "mina", RecoveryCode: "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA", NewPassword: huge})
			return err
		}, "newPassword"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			err := c.call()
			runtime.ReadMemStats(&after)
			wantCode(t, err, apperr.InputTooLong, c.field)
			if got := after.TotalAlloc - before.TotalAlloc; got > 64<<10 {
				t.Errorf("refusing it allocated %d KiB; it must be refused before the text is processed", got>>10)
			}
		})
	}
	if who, _ := f.svc.WhoAmI(); who.LoggedIn {
		t.Error("an oversized request logged in")
	}
}
