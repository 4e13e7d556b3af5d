package store

import (
	"errors"

	"parley/backend/apperr"
)

// IOError codes a failed write: apperr.StoreDiskFull when the disk is full
// (the learner can fix that: free some space), apperr.StoreIO otherwise.
func IOError(err error, msg string) error {
	if IsDiskFull(err) {
		return apperr.Wrap(apperr.StoreDiskFull, err, "the disk is full")
	}
	var coded *apperr.Error
	if errors.As(err, &coded) {
		return err
	}
	return apperr.Wrap(apperr.StoreIO, err, msg)
}

// IsDiskFull reports whether err says the disk (or the user's quota) is full.
func IsDiskFull(err error) bool {
	for _, e := range diskFullErrors {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}
