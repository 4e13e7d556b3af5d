package main

import (
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"parley/backend/audio"
	"parley/backend/chat"
	"parley/backend/coach"
	"parley/backend/core"
	"parley/backend/lookup"
	"parley/backend/phrasebook"
	"parley/backend/progress"
	"parley/backend/reading"
	"parley/backend/settings"
	"parley/backend/speech"
	"parley/backend/userdata"
)

// Bound methods for learning beyond the conversation: the coach, speaking, listening and the
// phrasebook.

// --- coach (feedback arrives as coach:feedback and coach:goals events) ---

func (a *App) RoomCoaching(roomID string) (coach.RoomCoaching, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (coach.RoomCoaching, error) {
		return c.Coach().RoomCoaching(s, roomID)
	})
}
func (a *App) SetCoachMode(roomID, mode string) error {
	return scopedDo(a, func(c *core.Core, s *userdata.Scope) error { return c.Coach().SetMode(s, roomID, mode) })
}

// ShowingLanguage tells the coach which language the UI shows, for a UI
// language setting that follows the OS.
func (a *App) ShowingLanguage(lang string) error {
	return scopedDo(a, func(c *core.Core, s *userdata.Scope) error { return c.Coach().ShowingLanguage(s, lang) })
}

// CheckLine asks the coach about one of my lines now (Check, Retry).
func (a *App) CheckLine(roomID string, messageID uint64) (coach.Feedback, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (coach.Feedback, error) {
		return c.Coach().Check(s, roomID, messageID)
	})
}

// HintLadder runs as call callID, which CancelCall (or log-out) cancels.
func (a *App) HintLadder(callID, roomID string) (coach.HintLadder, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (coach.HintLadder, error) {
		return c.HintLadder(s, callID, roomID)
	})
}
func (a *App) HintRungReached(roomID string, rung int) error {
	return scopedDo(a, func(c *core.Core, s *userdata.Scope) error { return c.Coach().ReachRung(s, roomID, rung) })
}

// TranslateMessage and HowDoISay run as call callID, which CancelCall cancels.
func (a *App) TranslateMessage(callID, roomID string, messageID uint64) (coach.Translation, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (coach.Translation, error) {
		return c.TranslateMessage(s, callID, roomID, messageID)
	})
}
func (a *App) HowDoISay(callID, roomID, text string) (coach.Ways, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (coach.Ways, error) { return c.HowDoISay(s, callID, roomID, text) })
}

// EndSession runs as call callID, which CancelCall cancels.
func (a *App) EndSession(callID, roomID string) (coach.Debrief, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (coach.Debrief, error) { return c.EndSession(s, callID, roomID) })
}
func (a *App) ListDebriefs(roomID string) ([]coach.Debrief, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) ([]coach.Debrief, error) { return c.Coach().Debriefs(s, roomID) })

}

// TranslateScene runs as call callID, which CancelCall cancels.
func (a *App) TranslateScene(callID, roomID, language string) (chat.SceneTranslation, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (chat.SceneTranslation, error) {
		return c.TranslateScene(s, callID, roomID, language)
	})
}

// UsageReport is the usage panel: tokens and estimated cost per month and model.
func (a *App) UsageReport() (chat.UsageReport, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (chat.UsageReport, error) { return c.Chat().UsageReport(s) })
}

// --- speaking (push-to-talk, shadowing) ---

func (a *App) SpeechCapture() (speech.CaptureInfo, error) {
	return call(a, func(c *core.Core) (speech.CaptureInfo, error) { return c.Speech().Capture(), nil })
}
func (a *App) GetSpeakSettings() (settings.SpeakSettings, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (settings.SpeakSettings, error) { return c.Settings().GetSpeak(s) })
}
func (a *App) SaveSpeakSettings(transcriptionModel string) (settings.SpeakSettings, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (settings.SpeakSettings, error) {
		return c.Settings().SaveSpeak(s, transcriptionModel)
	})
}
func (a *App) SetSendAtOnce(roomID string, on bool) (settings.SpeakSettings, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (settings.SpeakSettings, error) {
		return c.Settings().SetSendAtOnce(s, roomID, on)
	})
}
func (a *App) StartRecording() (speech.Recording, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (speech.Recording, error) { return c.Speech().StartRecording(s) })
}

// StopRecording runs as call recordingID, which CancelCall cancels.
func (a *App) StopRecording(roomID, recordingID string) (speech.Transcript, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (speech.Transcript, error) {
		return c.StopRecording(s, roomID, recordingID)
	})
}
func (a *App) CancelRecording(recordingID string) error {
	return scopedDo(a, func(c *core.Core, s *userdata.Scope) error { return c.Speech().CancelRecording(s, recordingID) })
}

// TranscribeUpload runs as call callID, which CancelCall cancels.
func (a *App) TranscribeUpload(callID, roomID string, up speech.Upload) (speech.Transcript, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (speech.Transcript, error) {
		return c.TranscribeUpload(s, callID, roomID, up)
	})
}
func (a *App) KeepTake(roomID string, messageID uint64, takeID string) error {
	return scopedDo(a, func(c *core.Core, s *userdata.Scope) error { return c.Speech().KeepTake(s, roomID, messageID, takeID) })
}
func (a *App) MyTakes(roomID string) ([]uint64, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) ([]uint64, error) { return c.Speech().MyTakes(s, roomID) })
}
func (a *App) PlayTake(roomID string, messageID uint64) (speech.Take, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (speech.Take, error) {
		return c.Speech().PlayTake(s, roomID, messageID)
	})
}
func (a *App) CompareLine(roomID string, messageID uint64, said string) (speech.Comparison, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (speech.Comparison, error) {
		return c.Speech().CompareLine(s, roomID, messageID, said)
	})
}

// --- speech (audio comes back as a data: URL for an <audio> element) ---

// SpeakMessage and SpeakText run as call callID, which CancelCall cancels.
func (a *App) SpeakMessage(callID, roomID string, messageID uint64, speed float64) (audio.Clip, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (audio.Clip, error) {
		return c.SpeakMessage(s, callID, roomID, messageID, speed)
	})
}
func (a *App) SpeakText(callID, text string, speed float64) (audio.Clip, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (audio.Clip, error) { return c.SpeakText(s, callID, text, speed) })
}
func (a *App) SpeechCacheInfo() (audio.CacheInfo, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (audio.CacheInfo, error) { return c.Audio().CacheInfo(s) })
}
func (a *App) ClearSpeechCache() error {
	return scopedDo(a, func(c *core.Core, s *userdata.Scope) error { return c.Audio().ClearCache(s) })
}

// LookupWord explains a tapped word (reading, dictionary form, meaning, note); cached.
func (a *App) LookupWord(callID string, req lookup.Request) (lookup.WordInfo, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (lookup.WordInfo, error) { return c.LookupWord(s, callID, req) })
}

// ReadingAids gives each text its reading segments: furigana for ja,
// romanisation for ko, none for en (English readings come on tap).
func (a *App) ReadingAids(language string, texts []string) ([][]reading.Segment, error) {
	return scoped(a, func(*core.Core, *userdata.Scope) ([][]reading.Segment, error) {
		return reading.ForTexts(language, texts)
	})
}

// Progress is the practice per language; days in the learner's time zone (IANA name).
func (a *App) Progress(timeZone string) ([]progress.Language, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) ([]progress.Language, error) { return c.Progress(s, timeZone) })
}

// --- phrasebook (SavePhrase is what tap-a-word, corrections, hints and the debrief call) ---

func (a *App) SavePhrase(in phrasebook.PhraseInput) (phrasebook.Phrase, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (phrasebook.Phrase, error) { return c.Phrases().Save(s, in) })
}
func (a *App) UpdatePhrase(id uint64, in phrasebook.PhraseInput) (phrasebook.Phrase, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (phrasebook.Phrase, error) { return c.Phrases().Update(s, id, in) })
}
func (a *App) DeletePhrases(ids []uint64) error {
	return scopedDo(a, func(c *core.Core, s *userdata.Scope) error { return c.Phrases().Delete(s, ids) })
}
func (a *App) ListPhrases(q phrasebook.Query) ([]phrasebook.Phrase, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) ([]phrasebook.Phrase, error) { return c.Phrases().List(s, q) })
}
func (a *App) DuePhrases(limit int) (phrasebook.Due, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (phrasebook.Due, error) { return c.Phrases().DueNow(s, limit) })
}
func (a *App) RatePhrase(id uint64, rating int) (phrasebook.Phrase, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (phrasebook.Phrase, error) {
		return c.Phrases().Rate(s, id, phrasebook.Rating(rating))
	})
}
func (a *App) ExportPhrasebook(format, language string) (phrasebook.ExportFile, error) {
	return scoped(a, func(c *core.Core, s *userdata.Scope) (phrasebook.ExportFile, error) {
		return c.Phrases().Export(s, format, language)
	})
}

// SavePhrasebookExport asks where to save the export (the OS save dialog)
// and writes it there; "" means the learner canceled.
func (a *App) SavePhrasebookExport(format, language string) (string, error) {
	f, err := a.ExportPhrasebook(format, language)
	if err != nil {
		return "", err
	}
	path, err := wruntime.SaveFileDialog(a.ctx, wruntime.SaveDialogOptions{DefaultFilename: f.Name, Title: "Parley"})
	if err != nil || path == "" {
		return "", err
	}
	return path, phrasebook.WriteExport(path, f)
}
