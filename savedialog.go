package main

import (
	"os"

	"parley/backend/apperr"
	"parley/backend/coach"
	"parley/backend/core"
	"parley/backend/userdata"
)

// ExportDebrief asks where to save one of the room's debriefs as Markdown
// (the OS save dialog) and writes it there. It returns the path written, or
// "" when the learner closed the dialog.
func (a *App) ExportDebrief(roomID string, debriefID uint64) (string, error) {
	d, err := scoped(a, func(c *core.Core, s *userdata.Scope) (coach.Debrief, error) {
		return c.Coach().DebriefByID(s, roomID, debriefID)
	})
	if err != nil {
		return "", err
	}
	path, err := a.saveAs(d.FileName())
	if err != nil || path == "" {
		return "", err
	}
	if err := os.WriteFile(path, []byte(d.Markdown()), 0o600); err != nil {
		return "", apperr.Wrap(apperr.CoachExportFailed, err, "the debrief could not be written")
	}
	return path, nil
}
