package core

import (
	"errors"
	"io"
	"os"
	"path/filepath"

	"parley/backend/account"
	"parley/backend/apperr"
	"parley/backend/store"
	"parley/backend/transfer"
	"parley/backend/userdata"
)

// EventTransferProgress carries TransferProgress while an account is
// exported or imported.
const EventTransferProgress = "transfer:progress"

// TransferProgress is how far an export or import is.
type TransferProgress struct {
	Phase string `json:"phase"` // "export" or "import"
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// ExportRequest is what the learner chose in the export dialog.
type ExportRequest struct {
	Passphrase string `json:"passphrase"`
	IncludeKey bool   `json:"includeKey"`
}

// ImportNewRequest makes a new account from an export, before log-in.
type ImportNewRequest struct {
	Username   string `json:"username"`
	Password   string `json:"password"`
	Passphrase string `json:"passphrase"`
}

// ImportNewResult is the new account (with its recovery code, shown once)
// and what was imported into it.
type ImportNewResult struct {
	account.SignUpResult
	Report transfer.ImportReport `json:"report"`
}

func (c *Core) progress(phase string, done, total int) {
	if c.emitter != nil {
		c.emitter.Emit(EventTransferProgress, TransferProgress{Phase: phase, Done: done, Total: total})
	}
}

// ExportAccount writes the logged-in user's account to path, sealed with
// the passphrase. The file appears whole or not at all (written beside it,
// synced, renamed), private to the user (0600): it holds every message.
func (c *Core) ExportAccount(s *userdata.Scope, path string, req ExportRequest) (transfer.ExportSummary, error) {
	who, err := c.accounts.WhoAmI()
	if err != nil {
		return transfer.ExportSummary{}, err
	}
	if !who.LoggedIn || who.User == nil {
		return transfer.ExportSummary{}, apperr.New(apperr.AuthRequired, "please log in")
	}
	var sum transfer.ExportSummary
	err = writeAtomically(path, func(w io.Writer) error {
		var err error
		sum, err = transfer.Export(s, w, transfer.ExportOptions{Passphrase: req.Passphrase, IncludeKey: req.IncludeKey,
			Username: who.User.Username, DisplayName: who.User.DisplayName, Now: c.now, Progress: c.progress,
			WorkFactor: c.workFactor})
		return err
	})
	return sum, err
}

// ImportAccount merges an export into the logged-in account (see
// transfer.Import: nothing is duplicated or overwritten).
func (c *Core) ImportAccount(s *userdata.Scope, path, passphrase string) (transfer.ImportReport, error) {
	f, err := os.Open(path)
	if err != nil {
		return transfer.ImportReport{}, apperr.Wrap(apperr.StoreIO, err, "cannot read the export file")
	}
	defer f.Close()
	return transfer.Import(s, f, passphrase, transfer.ImportOptions{Progress: c.progress})
}

// ImportNewAccount makes a new local account from an export and logs it in.
// The passphrase and the file are checked before the account is made; if
// the import then fails (the file is damaged further on), the new account
// is deleted again, so a failed import leaves nothing behind.
func (c *Core) ImportNewAccount(path string, req ImportNewRequest) (ImportNewResult, error) {
	f, err := os.Open(path)
	if err != nil {
		return ImportNewResult{}, apperr.Wrap(apperr.StoreIO, err, "cannot read the export file")
	}
	defer f.Close()
	export, head, err := transfer.Open(f, req.Passphrase)
	if err != nil {
		return ImportNewResult{}, err
	}
	res, err := c.accounts.SignUp(account.SignUpRequest{Username: req.Username, Password: req.Password, DisplayName: head.DisplayName})
	if err != nil {
		return ImportNewResult{}, err
	}
	s, err := c.Scope()
	if err == nil {
		var rep transfer.ImportReport
		rep, err = export.ImportInto(s, transfer.ImportOptions{Progress: c.progress})
		if err == nil {
			if err = c.settle(); err == nil {
				return ImportNewResult{SignUpResult: res, Report: rep}, nil
			}
		}
	}
	_ = c.accounts.DeleteAccount(req.Password)
	return ImportNewResult{}, err
}

// writeAtomically writes path through a temporary file beside it.
func writeAtomically(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return apperr.Wrap(apperr.StoreIO, err, "cannot write the file")
	}
	err = write(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if closeErr := tmp.Close(); err == nil && closeErr != nil {
		err = closeErr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		if store.IsDiskFull(err) {
			return store.IOError(err, "")
		}
		var coded *apperr.Error
		if errors.As(err, &coded) {
			return err
		}
		return apperr.Wrap(apperr.StoreIO, err, "cannot write the file")
	}
	return nil
}
