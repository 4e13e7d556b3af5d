package settings

import (
	"strings"

	"parley/backend/apperr"
	"parley/backend/llm"
	"parley/backend/userdata"
)

// Speaking settings live under their own key in the settings bucket, so
// they are added without touching the provider settings' record.
var speakKey = []byte("speak")

// maxSendAtOnceRooms bounds the per-room switch list; a learner has a few
// dozen rooms.
const maxSendAtOnceRooms = 1000

// SpeakSettings are the push-to-talk settings: the transcription model, and
// the rooms where a transcript is sent at once instead of landing in the
// composer to check.
type SpeakSettings struct {
	TranscriptionModel string   `json:"transcriptionModel"`
	SendAtOnce         []string `json:"sendAtOnce"` // room ids
}

// GetSpeak returns the speaking settings, or their defaults.
func (s *Service) GetSpeak(scope *userdata.Scope) (SpeakSettings, error) {
	sp := SpeakSettings{TranscriptionModel: llm.DefaultTranscriptionModel}
	err := scope.View(func(tx *userdata.Tx) error {
		b, err := tx.Bucket(bucketPath...)
		if err != nil || b == nil {
			return err
		}
		_, err = b.Get(speakKey, &sp)
		return err
	})
	if sp.TranscriptionModel == "" {
		sp.TranscriptionModel = llm.DefaultTranscriptionModel
	}
	if sp.SendAtOnce == nil {
		sp.SendAtOnce = []string{}
	}
	return sp, err
}

// SaveSpeak stores the transcription model ("" means the default).
func (s *Service) SaveSpeak(scope *userdata.Scope, model string) (SpeakSettings, error) {
	model = strings.TrimSpace(model)
	if model != "" {
		cfg, err := llm.Config{Model: model}.Check()
		if err != nil {
			e := apperr.As(err)
			return SpeakSettings{}, apperr.Field(e.Code, "transcriptionModel", e.Message)
		}
		model = cfg.Model
	}
	return s.updateSpeak(scope, func(sp *SpeakSettings) error { sp.TranscriptionModel = model; return nil })
}

// SetSendAtOnce turns the per-room "send what I say at once" switch on or off.
func (s *Service) SetSendAtOnce(scope *userdata.Scope, roomID string, on bool) (SpeakSettings, error) {
	if roomID == "" || len(roomID) > 64 {
		return SpeakSettings{}, apperr.Field(apperr.InputInvalid, "roomId", "no such room")
	}
	return s.updateSpeak(scope, func(sp *SpeakSettings) error {
		kept := sp.SendAtOnce[:0]
		for _, id := range sp.SendAtOnce {
			if id != roomID {
				kept = append(kept, id)
			}
		}
		if on {
			if len(kept) >= maxSendAtOnceRooms {
				return apperr.Field(apperr.InputTooLong, "roomId", "too many rooms send at once")
			}
			kept = append(kept, roomID)
		}
		sp.SendAtOnce = kept
		return nil
	})
}

func (s *Service) updateSpeak(scope *userdata.Scope, change func(*SpeakSettings) error) (SpeakSettings, error) {
	var sp SpeakSettings
	err := scope.Update(func(tx *userdata.Tx) error {
		b, err := tx.CreateBucket(bucketPath...)
		if err != nil {
			return err
		}
		sp = SpeakSettings{}
		if _, err := b.Get(speakKey, &sp); err != nil {
			if code := apperr.CodeOf(err); code != apperr.StoreTampered && code != apperr.StoreCorrupt {
				return err
			}
			sp = SpeakSettings{} // a damaged record is replaced whole, as Save does
		}
		if err := change(&sp); err != nil {
			return err
		}
		return b.Put(speakKey, sp)
	})
	if err != nil {
		return SpeakSettings{}, err
	}
	if sp.TranscriptionModel == "" {
		sp.TranscriptionModel = llm.DefaultTranscriptionModel
	}
	if sp.SendAtOnce == nil {
		sp.SendAtOnce = []string{}
	}
	return sp, nil
}

// TranscriptionConfig returns the server settings for transcription, key
// included: the chat server and key with the transcription model.
// NEVER bind this or pass it to JS: it holds a key.
func (s *Service) TranscriptionConfig(scope *userdata.Scope) (llm.Config, error) {
	cfg, err := s.ProviderConfig(scope)
	if err != nil {
		return llm.Config{}, err
	}
	sp, err := s.GetSpeak(scope)
	if err != nil {
		return llm.Config{}, err
	}
	cfg.Model = sp.TranscriptionModel
	return cfg, nil
}
