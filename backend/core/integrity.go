package core

import (
	"context"
	"errors"
	"log"
	"strings"
	"time"

	"parley/backend/apperr"
	"parley/backend/integrity"
	"parley/backend/store"
)

// DefaultCheckTimeout bounds the out-of-process check of the data file. A
// check that takes longer (a huge file on a slow disk) is logged and the
// file opened anyway: a slow disk is not a damaged one.
const DefaultCheckTimeout = 60 * time.Second

// checkFile runs the integrity checker on the data file when one is due
// (after a run that did not close the file, once a day, and before a build
// with another schema version, which may migrate it), before the app
// itself maps the file: a damaged page then faults the checker, not Parley.
// A damaged file is store.corrupt, with what the checker found, and is left
// as it is; nothing migrates or backs it up.
func checkFile(path string, opt Options, now time.Time) error {
	schema := len(store.Migrations)
	if opt.Checker == "" || !integrity.DueForSchema(path, now, schema) {
		return nil
	}
	timeout := opt.CheckTimeout
	if timeout <= 0 {
		timeout = DefaultCheckTimeout
	}
	rep := integrity.Run(context.Background(), opt.Checker, path, timeout, opt.CheckerEnv...)
	switch {
	case rep.TimedOut:
		log.Printf("parley: the data file check did not finish in %s; opening the file unchecked", timeout)
		return nil
	case rep.Damaged():
		// bbolt's words name pages and buckets, never learner text.
		log.Printf("parley: the data file is damaged: %s", strings.Join(rep.Problems, "; "))
		return apperr.Wrap(apperr.StoreCorrupt, errors.New(strings.Join(rep.Problems, "; ")), "the data file is damaged")
	}
	if err := integrity.PassedForSchema(path, now, schema); err != nil {
		log.Printf("parley: cannot note the passed check beside the data file: %v", err)
	}
	return nil
}
