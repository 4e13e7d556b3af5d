package coach

import (
	"bytes"
	"context"
	"encoding/json"
	"log"
	"slices"

	"parley/backend/apperr"
	"parley/backend/applog"
	"parley/backend/chat"
	"parley/backend/llm"
	"parley/backend/room"
	"parley/backend/userdata"
)

// contextTurns is how much of the conversation before a line the coach sees:
// enough to judge the line and the goals, little enough to stay cheap.
const contextTurns = 12

// AfterLine starts feedback on the learner's line messageID in the
// background when the room's coach is on; chat has saved the line and its
// reply is already streaming, so the coach never holds the reply up, and a
// failure here only shows as "feedback unavailable". It also hands the hint
// rung reached since the last line to this one.
func (s *Service) AfterLine(scope *userdata.Scope, roomID string, messageID uint64) {
	ctx := s.base()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer func() {
			if r := recover(); r != nil {
				log.Printf("parley: coach feedback panicked (%T) at:\n%s", r, applog.Callers(2))
			}
		}()
		if mode, err := s.takeRung(scope, roomID, messageID); err == nil && mode == ModeOn {
			s.check(ctx, scope, roomID, messageID)
		}
	}()
}

// takeRung gives the hint rung reached since the last line to line
// messageID, and returns the room's coach mode.
func (s *Service) takeRung(scope *userdata.Scope, roomID string, messageID uint64) (mode string, err error) {
	err = scope.Update(func(tx *userdata.Tx) error {
		r, err := getRoomRecord(tx, roomID)
		if err != nil {
			return err
		}
		mode = r.mode()
		if r.PendingRung == 0 {
			return nil
		}
		n, err := getNote(tx, roomID, messageID)
		if err != nil {
			return err
		}
		n.HintRung, r.PendingRung = r.PendingRung, 0
		if err := putNote(tx, roomID, messageID, n); err != nil {
			return err
		}
		return putRoomRecord(tx, roomID, r)
	})
	return mode, err
}

// Check asks for feedback on the learner's line messageID now (the Check
// button, and Retry after "feedback unavailable"), whatever the room's mode,
// and returns it; it is also emitted as coach:feedback. A failed request is
// not an error: it is feedback with status unavailable and the failure's code.
func (s *Service) Check(scope *userdata.Scope, roomID string, messageID uint64) (Feedback, error) {
	if _, err := s.rooms.Get(scope, roomID); err != nil {
		return Feedback{}, err
	}
	if _, _, err := s.lineAndBefore(scope, roomID, messageID); err != nil {
		return Feedback{}, err
	}
	s.wg.Add(1)
	defer s.wg.Done()
	return s.check(s.base(), scope, roomID, messageID), nil
}

// lineAndBefore reads the learner's line messageID and the turns before it.
func (s *Service) lineAndBefore(scope *userdata.Scope, roomID string, messageID uint64) (chat.Message, []Turn, error) {
	page, err := s.chat.ListMessages(scope, roomID, messageID+1, contextTurns+1)
	if err != nil {
		return chat.Message{}, nil, err
	}
	n := len(page.Messages)
	if n == 0 || page.Messages[n-1].ID != messageID || page.Messages[n-1].Role != chat.RoleUser {
		return chat.Message{}, nil, apperr.New(apperr.MessageNotFound, "no such line of the learner")
	}
	return page.Messages[n-1], turnsOf(page.Messages[:n-1]), nil
}

func turnsOf(ms []chat.Message) []Turn {
	var out []Turn
	for _, m := range ms {
		if m.Text == "" || (m.Role == chat.RoleAssistant && m.Status == chat.StatusError) {
			continue
		}
		out = append(out, Turn{Learner: m.Role == chat.RoleUser, Text: m.Text})
	}
	return out
}

// sceneOf is what the coach prompts see of a room; goals are in the UI
// language, the language the checklist shows them in.
func sceneOf(rm room.Room, ui string) Scene {
	return Scene{Language: rm.Language, Level: rm.Level, Formality: rm.Formality, Situation: rm.Situation,
		MyRole: rm.MyRole, AIRole: rm.AIRole, Goals: GoalsOf(rm, ui)}
}

// uiLanguage is the language the coach explains in: the one the learner
// chose for explanations in their profile, else their UI language; while that
// follows the OS, the one the UI said it shows (ShowingLanguage), else English.
func (s *Service) uiLanguage(scope *userdata.Scope) string {
	if st, err := s.settings.Get(scope); err == nil {
		// The profile's explanation language, else the UI's own.
		if st.ExplainLanguage != "" {
			return st.ExplainLanguage
		}
		if st.UILanguage != "" {
			return st.UILanguage
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if l := s.shown[scope.UserID()]; l != "" {
		return l
	}
	return room.English
}

// ShowingLanguage records the language the learner's UI shows, for a UI
// language setting that follows the OS. It is kept in memory only.
func (s *Service) ShowingLanguage(scope *userdata.Scope, lang string) error {
	if !slices.Contains(room.Languages, lang) {
		return apperr.Field(apperr.InputInvalid, "language", "the language must be ko, en or ja")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shown[scope.UserID()] = lang
	return nil
}

// check runs one coach request for a line, stores and emits the feedback
// (and goals), and returns it.
func (s *Service) check(ctx context.Context, scope *userdata.Scope, roomID string, messageID uint64) Feedback {
	fb := Feedback{RoomID: roomID, MessageID: messageID, Status: StatusChecking}
	rm, err := s.rooms.Get(scope, roomID)
	if err != nil {
		return s.unavailable(scope, fb, err)
	}
	fb.Language = rm.Language
	line, before, err := s.lineAndBefore(scope, roomID, messageID)
	if err != nil {
		return s.unavailable(scope, fb, err)
	}
	fb.Line = line.Text
	s.emit.Emit(EventFeedback, fb)

	ui := s.uiLanguage(scope)
	in := TurnInput{Scene: sceneOf(rm, ui), UILanguage: ui, Before: before, Line: line.Text}
	err = scope.View(func(tx *userdata.Tx) error {
		r, err := getRoomRecord(tx, roomID)
		in.GoalsMet = r.GoalsMet
		return err
	})
	if err != nil {
		return s.unavailable(scope, fb, err)
	}
	text, model, err := s.ask(ctx, scope, roomID, turnSystemV1(in), turnAskV1(in), llm.Schema{Name: turnSchemaName, Schema: turnSchema})
	fb.Model = model
	if ctx.Err() != nil {
		// Log-out or quit: the page is leaving this user, so nothing more is
		// said about their line; Check asks again later.
		fb.Status, fb.ErrorCode = StatusUnavailable, apperr.LLMCanceled
		return fb
	}
	if err != nil {
		return s.unavailable(scope, fb, err)
	}
	res, err := parseTurn(text, line.Text, len(in.Scene.Goals))
	if err != nil {
		return s.unavailable(scope, fb, apperr.Wrap(apperr.LLMMalformed, err, "the coach's answer cannot be read"))
	}
	fb.Status, fb.Result, fb.CheckedAt = StatusReady, res, s.tick()
	var goals []Goal
	var goalsChanged bool
	err = scope.Update(func(tx *userdata.Tx) error {
		n, err := getNote(tx, roomID, messageID)
		if err != nil {
			return err
		}
		n.Feedback = &fb
		if err := putNote(tx, roomID, messageID, n); err != nil {
			return err
		}
		r, err := getRoomRecord(tx, roomID)
		if err != nil {
			return err
		}
		for _, g := range res.GoalsMet {
			if !slices.Contains(r.GoalsMet, g) {
				r.GoalsMet, goalsChanged = append(r.GoalsMet, g), true
			}
		}
		slices.Sort(r.GoalsMet)
		goals = goalList(in.Scene.Goals, r.GoalsMet)
		if !goalsChanged {
			return nil
		}
		return putRoomRecord(tx, roomID, r)
	})
	if err != nil {
		return s.unavailable(scope, fb, err)
	}
	s.emit.Emit(EventFeedback, fb)
	if goalsChanged {
		s.emit.Emit(EventGoals, GoalsEvent{RoomID: roomID, Goals: goals})
	}
	return fb
}

// unavailable records and emits a failed check. Its store write is best
// effort: a logged-out scope or a purged room has nowhere to keep it.
func (s *Service) unavailable(scope *userdata.Scope, fb Feedback, err error) Feedback {
	fb.Status, fb.ErrorCode, fb.CheckedAt = StatusUnavailable, apperr.CodeOf(err), s.tick()
	fb.Result = Result{}
	if apperr.CodeOf(err) != apperr.RoomNotFound && apperr.CodeOf(err) != apperr.AuthRequired {
		_ = scope.Update(func(tx *userdata.Tx) error {
			n, err := getNote(tx, fb.RoomID, fb.MessageID)
			if err != nil {
				return err
			}
			n.Feedback = &fb
			return putNote(tx, fb.RoomID, fb.MessageID, n)
		})
	}
	s.emit.Emit(EventFeedback, fb)
	return fb
}

// ask makes one structured request and counts its cost in the room's usage.
// A server that refuses response_format is asked once more with the schema
// spelled out in the system prompt instead.
func (s *Service) ask(ctx context.Context, scope *userdata.Scope, roomID, system, user string, schema llm.Schema) (text, model string, err error) {
	cfg, err := s.settings.ProviderConfig(scope)
	if err != nil {
		return "", "", err
	}
	if st, err := s.settings.Get(scope); err == nil && st.CoachModel != "" {
		cfg.Model = st.CoachModel
	}
	client, err := llm.NewClient(cfg)
	if err != nil {
		return "", "", err
	}
	defer client.Close()
	model = client.Model()
	req := llm.Request{Messages: []llm.Message{{Role: llm.RoleSystem, Content: system}, {Role: llm.RoleUser, Content: user}}, Schema: &schema}
	reply, err := client.Complete(ctx, req)
	if llm.RefusesResponseFormat(err) {
		req.Schema = nil
		req.Messages[0].Content = system + plainJSONV1(compact(schema.Schema))
		reply, err = client.Complete(ctx, req)
	}
	if err != nil {
		return "", model, err
	}
	if reply.Usage != nil {
		if err := s.chat.AddUsage(scope, roomID, model, *reply.Usage); err != nil {
			return "", model, err
		}
	}
	if reply.FinishReason == "length" {
		return "", model, apperr.New(apperr.LLMMalformed, "the coach's answer was cut off")
	}
	return reply.Text, model, nil
}

// compact puts a schema on one line for the plain-JSON prompt.
func compact(schema []byte) string {
	var b bytes.Buffer
	if json.Compact(&b, schema) != nil {
		return string(schema)
	}
	return b.String()
}
