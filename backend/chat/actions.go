package chat

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"parley/backend/apperr"
	"parley/backend/room"
	"parley/backend/textclean"
	"parley/backend/userdata"
)

// MaxMessageLen is the longest line a learner can send, in characters. A turn
// in a spoken role-play is short; the cap also keeps one message from eating
// the whole token budget.
const MaxMessageLen = 2000

// job is one reply to write: what was stored before streaming started, and
// what the prompt needs.
type job struct {
	roomID     string
	scene      Scene
	version    int
	reply      Message // as stored, status streaming
	askOpening bool    // the reply is the AI's opening line
	userText   string  // the learner's line it answers ("" for the opening)
}

// cleanLearnerText normalises what the learner typed and checks it by the
// rules of room fields: no control characters or bidirectional overrides,
// and a line of only invisible characters is as empty as a blank one.
func cleanLearnerText(text string) (string, error) {
	// Refused before normalising, which costs time in proportion to the
	// input: see room.rawLimit for why twelve bytes a character.
	if len(text) > MaxMessageLen*12+1024 {
		return "", apperr.Field(apperr.InputTooLong, "text", "the message is too long")
	}
	if !utf8.ValidString(text) {
		return "", apperr.Field(apperr.InputInvalid, "text", "the message is not valid text")
	}
	text = strings.TrimSpace(strings.ReplaceAll(norm.NFC.String(text), "\r\n", "\n"))
	if textclean.IsBlank(text) {
		return "", apperr.Field(apperr.InputRequired, "text", "the message is empty")
	}
	for _, r := range text {
		if textclean.Forbidden(r, true) {
			return "", apperr.Field(apperr.InputInvalid, "text", "the message contains a control character")
		}
	}
	if utf8.RuneCountInString(text) > MaxMessageLen {
		return "", apperr.Field(apperr.InputTooLong, "text", "the message is too long")
	}
	return text, nil
}

// prepareFunc changes the stored conversation to start a reply, and records
// the change in st. It runs in the same write transaction that checks the
// room, so a reply never starts in a room that is gone.
type prepareFunc func(ms messages, j *job, st *roomState) (userMsgID uint64, err error)

// start claims the room, runs prepare, and streams the reply on its own
// goroutine. It returns once the learner's message and the empty reply are
// saved.
func (s *Service) start(scope *userdata.Scope, roomID string, prepare prepareFunc) (SendResult, error) {
	a, err := s.claim(scope, roomID)
	if err != nil {
		return SendResult{}, err
	}
	j := &job{roomID: roomID}
	var userID uint64
	var changed *changeSet
	err = scope.Update(func(tx *userdata.Tx) error {
		rm, ms, err := s.openRoom(tx, roomID)
		if err != nil {
			return err
		}
		changed = ms.ch
		st, err := s.loadState(tx, roomID, ms)
		if err != nil {
			return err
		}
		j.version, j.scene = st.PromptVersion, sceneOf(rm)
		if userID, err = prepare(ms, j, &st); err != nil {
			return err
		}
		return putState(tx, roomID, st)
	})
	if err != nil {
		s.release(scope, roomID, a)
		close(a.done)
		return SendResult{}, err
	}
	s.publish(scope, changed)
	s.mu.Lock()
	a.replyID = j.reply.ID
	s.mu.Unlock()
	go s.run(scope, a, j)
	return SendResult{MessageID: userID, ReplyID: j.reply.ID}, nil
}

func sceneOf(r room.Room) Scene {
	return Scene{Language: r.Language, Level: r.Level, Situation: r.Situation,
		MyRole: r.MyRole, AIRole: r.AIRole, Goal: r.Goal, Formality: r.Formality}
}

func (s *Service) newReply(opening bool) Message {
	return Message{Role: RoleAssistant, Status: StatusStreaming, Opening: opening, CreatedAt: s.tick()}
}

// OpenScene asks the AI for its first line in a room with no messages yet.
// No learner message is stored; MessageID is 0.
func (s *Service) OpenScene(scope *userdata.Scope, roomID string) (SendResult, error) {
	return s.start(scope, roomID, func(ms messages, j *job, st *roomState) (uint64, error) {
		if last, err := ms.last(1); err != nil || len(last) > 0 {
			if err == nil {
				err = apperr.New(apperr.InputInvalid, "the scene has already started")
			}
			return 0, err
		}
		j.reply, j.askOpening = s.newReply(true), true
		if err := ms.add(&j.reply); err != nil {
			return 0, err
		}
		st.touch(s.tick(), 1, "", "")
		return 0, nil
	})
}

// SendMessage saves the learner's line first, then an empty reply, and
// streams the reply. Whatever happens to the reply, the line is kept.
func (s *Service) SendMessage(scope *userdata.Scope, roomID, text string) (SendResult, error) {
	text, err := cleanLearnerText(text)
	if err != nil {
		return SendResult{}, err
	}
	return s.start(scope, roomID, func(ms messages, j *job, st *roomState) (uint64, error) {
		user := Message{Role: RoleUser, Text: text, Status: StatusDone, CreatedAt: s.tick()}
		if err := ms.add(&user); err != nil {
			return 0, err
		}
		j.reply, j.userText = s.newReply(false), text
		if err := ms.add(&j.reply); err != nil {
			return 0, err
		}
		st.touch(s.tick(), 2, text, RoleUser)
		return user.ID, nil
	})
}

// RetryReply asks again after a reply failed or was stopped, reusing that
// reply rather than repeating the learner's line. When the learner's line has
// no reply at all, a new one is written.
func (s *Service) RetryReply(scope *userdata.Scope, roomID string) (SendResult, error) {
	return s.start(scope, roomID, func(ms messages, j *job, st *roomState) (uint64, error) {
		last, err := ms.last(2)
		if err != nil {
			return 0, err
		}
		switch {
		case len(last) > 0 && last[0].Role == RoleUser:
			j.reply, j.userText = s.newReply(false), last[0].Text
			if err := ms.add(&j.reply); err != nil {
				return 0, err
			}
			st.touch(s.tick(), 1, last[0].Text, RoleUser)
			return last[0].ID, nil
		case len(last) > 0 && last[0].Status != StatusDone:
			// Error, stopped, or streaming left over from a crash: the room
			// is claimed, so nothing is really streaming.
			r := last[0]
			r.Text, r.Status, r.ErrorCode, r.Usage = "", StatusStreaming, "", nil
			j.reply, j.askOpening = r, r.Opening
			return userBefore(last, j), ms.put(r)
		}
		return 0, apperr.New(apperr.ChatNothingToRetry, "there is no failed or stopped reply to retry")
	})
}

// userBefore fills j.userText from the message before the reply (newest
// first in last) and returns its id, or 0 when the reply is the opening.
func userBefore(last []Message, j *job) uint64 {
	if len(last) > 1 && last[1].Role == RoleUser {
		j.userText = last[1].Text
		return last[1].ID
	}
	return 0
}

// RegenerateReply writes a new version of the last reply. The old version is
// kept in Alternatives, and SelectAlternative flips between them.
func (s *Service) RegenerateReply(scope *userdata.Scope, roomID string) (SendResult, error) {
	return s.start(scope, roomID, func(ms messages, j *job, st *roomState) (uint64, error) {
		last, err := ms.last(2)
		if err != nil {
			return 0, err
		}
		if len(last) == 0 || last[0].Role != RoleAssistant {
			return 0, apperr.New(apperr.ChatNothingToRetry, "there is no reply to regenerate")
		}
		r := last[0]
		if len(r.Alternatives) == 0 && r.Text != "" && (r.Status == StatusDone || r.Status == StatusStopped) {
			r.Alternatives, r.AltStatuses, r.ActiveAlt = []string{r.Text}, []string{r.Status}, 0
			r.AltCutOff = []bool{r.CutOff}
		}
		r.Text, r.Status, r.ErrorCode, r.Usage = "", StatusStreaming, "", nil
		j.reply, j.askOpening = r, r.Opening
		return userBefore(last, j), ms.put(r)
	})
}

// EditLastMessage replaces the learner's last line, drops the reply that
// answered it, and asks again.
func (s *Service) EditLastMessage(scope *userdata.Scope, roomID, text string) (SendResult, error) {
	text, err := cleanLearnerText(text)
	if err != nil {
		return SendResult{}, err
	}
	return s.start(scope, roomID, func(ms messages, j *job, st *roomState) (uint64, error) {
		last, err := ms.last(2)
		if err != nil {
			return 0, err
		}
		added := 1
		if len(last) > 0 && last[0].Role == RoleAssistant {
			if len(last) < 2 || last[1].Role != RoleUser {
				return 0, apperr.New(apperr.MessageNotFound, "there is no message of yours to edit")
			}
			if err := ms.delete(last[0].ID); err != nil {
				return 0, err
			}
			last, added = last[1:], 0
		}
		if len(last) == 0 {
			return 0, apperr.New(apperr.MessageNotFound, "there is no message of yours to edit")
		}
		user := last[0]
		user.Text = text
		if err := ms.put(user); err != nil {
			return 0, err
		}
		j.reply, j.userText = s.newReply(false), text
		if err := ms.add(&j.reply); err != nil {
			return 0, err
		}
		st.touch(s.tick(), added, text, RoleUser)
		return user.ID, nil
	})
}
