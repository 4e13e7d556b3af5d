// Command seed fills a Parley data folder for the UI benchmark through
// Parley's own services (core), so the data is what the app writes: a user,
// 500 rooms with a short exchange each, and one room of 10,000 messages.
//
//	go run ./build/bench/seed -dir /tmp/parley-bench -user bench -password '...'
package main

import (
	"flag"
	"fmt"
	"log"
	"path/filepath"
	"time"

	"parley/backend/account"
	"parley/backend/appdir"
	"parley/backend/chat"
	"parley/backend/core"
	"parley/backend/room"
)

func main() {
	dir := flag.String("dir", "", "data folder to create (must not hold a Parley file yet)")
	user := flag.String("user", "bench", "username")
	password := flag.String("password", "correct horse battery staple", "password")
	rooms := flag.Int("rooms", 500, "rooms in the list")
	long := flag.Int("long", 10_000, "messages in the long room")
	flag.Parse()
	if *dir == "" {
		log.Fatal("seed: -dir is required")
	}
	c, err := core.Open(filepath.Join(*dir, appdir.FileName), core.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Accounts().SignUp(account.SignUpRequest{Username: *user, Password: *password}); err != nil {
		log.Fatal(err)
	}
	s, err := c.Scope()
	if err != nil {
		log.Fatal(err)
	}
	langs := []string{"en", "ko", "ja"}
	start := time.Now().Add(-time.Duration(*rooms+1) * time.Hour).UTC()
	newRoom := func(title, lang string) string {
		r, err := c.Rooms().Create(s, room.RoomInput{Title: title, Language: lang, Level: "A2",
			Situation: "Ordering at a busy café in the morning", MyRole: "customer", AIRole: "barista"})
		if err != nil {
			log.Fatal(err)
		}
		return r.ID
	}
	longID := newRoom("A year at the café", "en")
	var msgs []chat.Message
	for i := 0; i < *long; i++ {
		role, text := chat.RoleUser, fmt.Sprintf("Line %d: could I have a flat white and a slice of lemon cake, please? I'd like to sit by the window.", i+1)
		if i%2 == 1 {
			role = chat.RoleAssistant
			text = fmt.Sprintf("Reply %d: **Of course!** One flat white and a lemon cake.\n\nThe window table is free — I'll bring everything over in a few minutes.", i+1)
		}
		msgs = append(msgs, chat.Message{Role: role, Text: text, CreatedAt: start.Add(time.Duration(i) * time.Second)})
		if len(msgs) == 1000 || i == *long-1 {
			if err := c.Chat().AppendMessages(s, longID, msgs); err != nil {
				log.Fatal(err)
			}
			msgs = msgs[:0]
		}
	}
	for i := 1; i < *rooms; i++ {
		id := newRoom(fmt.Sprintf("Practice room %d", i), langs[i%3])
		at := start.Add(time.Duration(i) * time.Hour)
		err := c.Chat().AppendMessages(s, id, []chat.Message{
			{Role: chat.RoleUser, Text: fmt.Sprintf("Hello, table for %d please.", i%6+1), CreatedAt: at},
			{Role: chat.RoleAssistant, Text: "Of course, right this way. Here is the menu.", CreatedAt: at.Add(time.Minute)},
		})
		if err != nil {
			log.Fatal(err)
		}
	}
	fmt.Printf("seeded %d rooms and a room of %d messages in %s\n", *rooms, *long, *dir)
}
