package core

import (
	"context"

	"parley/backend/update"
	"parley/backend/userdata"
)

// CheckForUpdates asks for the newest release now, because the learner
// clicked Check now. It runs as call callID (CancelCall, log-out).
func (c *Core) CheckForUpdates(callID string, u *update.Checker) (update.Result, error) {
	return cancellable(c, callID, u.Check)
}

// CheckForUpdatesAtStart is the check after log-in: it asks only when the
// learner turned checking on, and only once per start (update.Checker's
// CheckOnce). Otherwise it makes no request and returns an unchecked Result.
func (c *Core) CheckForUpdatesAtStart(s *userdata.Scope, callID string, u *update.Checker) (update.Result, error) {
	st, err := c.settings.Get(s)
	if err != nil || !st.CheckUpdates {
		return update.Result{}, err
	}
	return cancellable(c, callID, func(ctx context.Context) (update.Result, error) { return u.CheckOnce(ctx) })
}
