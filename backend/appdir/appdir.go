// Package appdir decides where Parley keeps its database.
package appdir

import (
	"errors"
	"os"
	"path/filepath"
)

// EnvDataDir overrides the data folder (tests and portable installs use it).
const EnvDataDir = "PARLEY_DATA_DIR"

// FileName is the single bbolt file holding every account's data.
const FileName = "parley.db"

// DBPath returns the database path: the flag value if set, else $PARLEY_DATA_DIR,
// else <OS per-user config folder>/Parley. The folder itself is created by the store.
func DBPath(flagDir string, getenv func(string) string, userConfigDir func() (string, error)) (string, error) {
	dir := flagDir
	if dir == "" {
		dir = getenv(EnvDataDir)
	}
	if dir == "" {
		base, err := userConfigDir()
		if err != nil {
			return "", err
		}
		if base == "" {
			return "", errors.New("no per-user config folder")
		}
		dir = filepath.Join(base, "Parley")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	return filepath.Join(abs, FileName), nil
}

// Default resolves the path from the real environment.
func Default(flagDir string) (string, error) {
	return DBPath(flagDir, os.Getenv, os.UserConfigDir)
}
