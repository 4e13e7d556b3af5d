// Package account signs people up and in, and holds the one session of the app.
//
// Parley runs on shared computers, so an account is a lock on its own data:
// the password (or the recovery code shown once at sign-up) unwraps a random
// data key that seals everything the user stores. The key lives only in the
// Service while the user is logged in; at log-out its bytes are zeroed and its
// cipher dropped (see vault.Key for the copy the cipher keeps until the
// garbage collector reuses it). Without the password or the recovery code the
// data cannot be read by anyone.
//
// The Service is safe for concurrent use (Wails calls each bound method on its
// own goroutine). app.go binds thin wrappers around SignUp, LogIn, LogOut,
// WhoAmI, ChangePassword, ChangeDisplayName, DeleteAccount and RecoverAccount; Scope and OnLogout
// are for other Go services only and must never be bound.
package account

import "time"

// User is what the UI may know about the logged-in account.
type User struct {
	ID          string    `json:"id"`
	Username    string    `json:"username"`
	DisplayName string    `json:"displayName"`
	CreatedAt   time.Time `json:"createdAt"`
}

// SignUpRequest creates an account. DisplayName is optional (defaults to the username).
type SignUpRequest struct {
	Username    string `json:"username"`
	Password    string `json:"password"`
	DisplayName string `json:"displayName"`
}

// SignUpResult is returned by SignUp and RecoverAccount. RecoveryCode is shown
// to the user once and never stored in clear; it is the only way back in
// without the password.
type SignUpResult struct {
	User         User   `json:"user"`
	RecoveryCode string `json:"recoveryCode"`
}

// LogInRequest logs an existing account in.
type LogInRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// Session answers "who am I": User is nil when nobody is logged in.
type Session struct {
	LoggedIn bool  `json:"loggedIn"`
	User     *User `json:"user"`
}

// ChangePasswordRequest needs the current password as well as the new one.
type ChangePasswordRequest struct {
	Current string `json:"current"`
	Next    string `json:"next"`
}

// RecoverRequest sets a new password using the recovery code.
type RecoverRequest struct {
	Username     string `json:"username"`
	RecoveryCode string `json:"recoveryCode"`
	NewPassword  string `json:"newPassword"`
}
