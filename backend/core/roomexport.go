package core

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"parley/backend/apperr"
	"parley/backend/chat"
	"parley/backend/coach"
	"parley/backend/room"
	"parley/backend/userdata"
)

// Room transcript formats.
const (
	RoomMarkdown = "markdown"
	RoomJSON     = "json"
)

// RoomFormatExt is the file name extension of each transcript format.
var RoomFormatExt = map[string]string{RoomMarkdown: ".md", RoomJSON: ".json"}

// roomFile is a room's JSON export: the room, its whole conversation, and
// what the coach said of it (corrections, goals, debriefs).
type roomFile struct {
	Format     string             `json:"format"`
	Version    int                `json:"version"`
	ExportedAt time.Time          `json:"exportedAt"`
	Room       room.Room          `json:"room"`
	Messages   []chat.Message     `json:"messages"`
	Coaching   coach.RoomCoaching `json:"coaching"`
	Debriefs   []coach.Debrief    `json:"debriefs"`
}

// ExportRoom writes one room and its whole conversation to path, as a
// readable Markdown transcript or as JSON. Unlike an account export it is
// not sealed: the learner chose to take the text out of Parley.
func (c *Core) ExportRoom(s *userdata.Scope, roomID, format, path string) error {
	if _, ok := RoomFormatExt[format]; !ok {
		return apperr.Field(apperr.InputInvalid, "format", "the format is markdown or json")
	}
	r, err := c.rooms.Get(s, roomID)
	if err != nil {
		return err
	}
	msgs, err := c.conversation(s, roomID)
	if err != nil {
		return err
	}
	coaching, err := c.coach.RoomCoaching(s, roomID)
	if err != nil {
		return err
	}
	debriefs, err := c.coach.Debriefs(s, roomID)
	if err != nil {
		return err
	}
	if debriefs == nil {
		debriefs = []coach.Debrief{}
	}
	return writeAtomically(path, func(w io.Writer) error {
		if format == RoomJSON {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(roomFile{Format: "parley-room", Version: 1, ExportedAt: c.now().UTC().Round(time.Second),
				Room: r, Messages: msgs, Coaching: coaching, Debriefs: debriefs})
		}
		_, err := io.WriteString(w, Markdown(r, msgs, coaching.Feedback, debriefs))
		return err
	})
}

// conversation reads every message of a room, oldest first, page by page.
func (c *Core) conversation(s *userdata.Scope, roomID string) ([]chat.Message, error) {
	var out []chat.Message
	before := uint64(0)
	for {
		p, err := c.chat.ListMessages(s, roomID, before, 200)
		if err != nil {
			return nil, err
		}
		out = append(p.Messages, out...)
		if !p.HasMore || len(p.Messages) == 0 {
			return out, nil
		}
		before = p.Messages[0].ID
	}
}

// Markdown is a room's transcript for people: the scene, then each line
// under the name of who said it, with the coach's correction under a
// learner line it corrected; lines that did not end normally say so. The
// room's debriefs follow, as the coach renders them.
func Markdown(r room.Room, msgs []chat.Message, feedback []coach.Feedback, debriefs []coach.Debrief) string {
	corrected := map[uint64]string{}
	for _, f := range feedback {
		if fix := strings.TrimSpace(f.Corrected); fix != "" && fix != strings.TrimSpace(f.Line) {
			corrected[f.MessageID] = fix
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", oneLine(r.Title))
	fmt.Fprintf(&b, "- Language: %s, level %s\n", r.Language, r.Level)
	fmt.Fprintf(&b, "- Situation: %s\n", oneLine(r.Situation))
	fmt.Fprintf(&b, "- My role: %s\n", oneLine(r.MyRole))
	fmt.Fprintf(&b, "- AI's role: %s\n", oneLine(r.AIRole))
	if r.Goal != "" {
		fmt.Fprintf(&b, "- Goal: %s\n", oneLine(r.Goal))
	}
	b.WriteString("\n## Conversation\n")
	for _, m := range msgs {
		who := oneLine(r.MyRole)
		if m.Role == chat.RoleAssistant {
			who = oneLine(r.AIRole)
		}
		fmt.Fprintf(&b, "\n**%s** (%s)\n\n", who, m.CreatedAt.Format("2006-01-02 15:04"))
		text := strings.TrimSpace(m.Text)
		if text == "" {
			text = "_(no text)_"
		}
		// Quote each line, so the learner's and the model's text cannot
		// turn into headings or lists of the transcript itself.
		for _, line := range strings.Split(text, "\n") {
			b.WriteString("> " + line + "\n")
		}
		if fix, ok := corrected[m.ID]; ok && m.Role == chat.RoleUser {
			b.WriteString("\n_Better:_\n\n")
			for _, line := range strings.Split(fix, "\n") {
				b.WriteString("> " + line + "\n")
			}
		}
		switch {
		case m.Status == chat.StatusStopped:
			b.WriteString("\n_(stopped)_\n")
		case m.Status == chat.StatusError:
			b.WriteString("\n_(cut off: " + m.ErrorCode + ")_\n")
		case m.CutOff:
			b.WriteString("\n_(cut off at the length limit)_\n")
		}
	}
	for _, d := range debriefs {
		// One level down, so each debrief sits under the transcript's title.
		b.WriteString("\n")
		for _, line := range strings.Split(strings.TrimRight(d.Markdown(), "\n"), "\n") {
			if strings.HasPrefix(line, "#") {
				line = "#" + line
			}
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
