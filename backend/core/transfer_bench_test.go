package core

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"parley/backend/chat"
	"parley/backend/userdata"
	"parley/backend/vault"
)

// BenchmarkExportImport100Rooms10000Messages measures an account of 100
// rooms with 100 messages each, sealed with age's default scrypt work
// factor (as the app does):
//
//	go test -run '^$' -bench ExportImport -benchtime 1x ./backend/core/
func BenchmarkExportImport100Rooms10000Messages(b *testing.B) {
	a, err := Open(filepath.Join(b.TempDir(), "parley.db"), Options{Params: vault.TestParams()})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	s := signUp(b, a, "ann")
	// Varied lines of about 150 bytes, so gzip does not flatter the size.
	words := strings.Fields("could I have a table by the window please we would like two coffees and a slice of cake " +
		"the train leaves at nine from platform four how much is a return ticket to Osaka is breakfast included")
	rng := rand.New(rand.NewPCG(1, 2))
	line := func() string {
		var sb strings.Builder
		for sb.Len() < 150 {
			sb.WriteString(words[rng.IntN(len(words))] + " ")
		}
		return sb.String()
	}
	for r := range 100 {
		in := tokyo
		in.Title = fmt.Sprintf("Room %d", r)
		rm, err := a.Rooms().Create(s, in)
		if err != nil {
			b.Fatal(err)
		}
		err = s.Update(func(tx *userdata.Tx) error {
			bk, err := tx.CreateBucket("msgs", rm.ID)
			if err != nil {
				return err
			}
			for i := range 100 {
				id, _ := bk.NextSequence()
				m := chat.Message{ID: id, Role: []string{chat.RoleUser, chat.RoleAssistant}[i%2], Text: line(),
					Status: chat.StatusDone, CreatedAt: time.Now().UTC()}
				if err := bk.Put(userdata.U64Key(id), m); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	dir := b.TempDir()
	var exportTime, importTime time.Duration
	var size int64
	for i := range b.N {
		file := filepath.Join(dir, fmt.Sprintf("ann%d.parley", i))
		start := time.Now()
		if _, err := a.ExportAccount(s, file, ExportRequest{Passphrase: passphrase}); err != nil {
			b.Fatal(err)
		}
		exportTime += time.Since(start)
		info, _ := os.Stat(file)
		size = info.Size()
		c, err := Open(filepath.Join(b.TempDir(), "parley.db"), Options{Params: vault.TestParams()})
		if err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		res, err := c.ImportNewAccount(file, ImportNewRequest{Username: "ann2", Password: "another good password", Passphrase: passphrase})
		importTime += time.Since(start)
		if err != nil || res.Report.Rooms != 100 {
			b.Fatalf("import: %+v, %v", res.Report, err)
		}
		c.Close()
	}
	b.ReportMetric(float64(exportTime.Milliseconds())/float64(b.N), "export-ms")
	b.ReportMetric(float64(importTime.Milliseconds())/float64(b.N), "import-ms")
	b.ReportMetric(float64(size)/1024, "file-KiB")
}
