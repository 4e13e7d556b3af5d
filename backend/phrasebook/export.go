package phrasebook

import (
	"bytes"
	"encoding/csv"
	"html"
	"os"
	"strings"

	"parley/backend/apperr"
	"parley/backend/userdata"
)

// Export formats.
const (
	FormatAnki = "anki" // tab-separated with Anki's file headers
	FormatCSV  = "csv"
)

// ExportFile is an export ready to save: a suggested file name and its text.
type ExportFile struct {
	Name    string `json:"name"`
	Content string `json:"content"`
	Count   int    `json:"count"`
}

// Export writes the phrases of one language ("" for all), oldest first.
//
// Anki: the headers #separator:tab and #html:true tell Anki's importer what
// the file is; front is the phrase, back its meaning, reading, note and the
// sentence it came from, and the third column tags it (parley and the
// language) so the learner can find or filter the imported notes.
func (s *Service) Export(scope *userdata.Scope, format, language string) (ExportFile, error) {
	list, err := s.List(scope, Query{Language: language})
	if err != nil {
		return ExportFile{}, err
	}
	for i, j := 0, len(list)-1; i < j; i, j = i+1, j-1 {
		list[i], list[j] = list[j], list[i]
	}
	base := "parley-phrasebook"
	if language != "" {
		base += "-" + language
	}
	switch format {
	case FormatAnki:
		return ExportFile{Name: base + ".txt", Content: anki(list), Count: len(list)}, nil
	case FormatCSV:
		c, err := csvOf(list)
		return ExportFile{Name: base + ".csv", Content: c, Count: len(list)}, err
	}
	return ExportFile{}, apperr.Field(apperr.InputInvalid, "format", "the format is anki or csv")
}

// ankiField is one field as HTML: escaped, line breaks as <br>, no tabs.
func ankiField(s string) string {
	s = html.EscapeString(s)
	s = strings.ReplaceAll(s, "\t", " ")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\n", "<br>")
}

func anki(list []Phrase) string {
	var b strings.Builder
	b.WriteString("#separator:tab\n#html:true\n#tags column:3\n")
	for _, p := range list {
		var back []string
		for _, part := range []string{p.Meaning, p.Reading, p.Note} {
			if part != "" {
				back = append(back, ankiField(part))
			}
		}
		if p.Context != "" {
			back = append(back, "<i>"+ankiField(p.Context)+"</i>")
		}
		b.WriteString(ankiField(p.Text) + "\t" + strings.Join(back, "<br>") + "\tparley parley::" + p.Language + "\n")
	}
	return b.String()
}

// spreadsheetSafe keeps a cell from being read as a formula by spreadsheet
// programs (CSV injection): text that starts like one gets a leading quote.
func spreadsheetSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func csvOf(list []Phrase) (string, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	rows := [][]string{{"text", "meaning", "reading", "note", "context", "language", "saved", "due"}}
	for _, p := range list {
		row := []string{p.Text, p.Meaning, p.Reading, p.Note, p.Context, p.Language,
			p.CreatedAt.Format("2006-01-02"), p.Card.Due.Format("2006-01-02")}
		for i := range row {
			row[i] = spreadsheetSafe(row[i])
		}
		rows = append(rows, row)
	}
	if err := w.WriteAll(rows); err != nil {
		return "", apperr.Wrap(apperr.Internal, err, "cannot write the CSV")
	}
	return buf.String(), nil
}

// WriteExport writes an export where the learner chose, readable by them
// alone: it holds what they saved from their conversations.
func WriteExport(path string, f ExportFile) error {
	if err := os.WriteFile(path, []byte(f.Content), 0o600); err != nil {
		return apperr.Wrap(apperr.StoreIO, err, "cannot write the file there")
	}
	return nil
}
