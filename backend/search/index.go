package search

import (
	"bytes"
	"sort"
	"unicode"
	"unicode/utf8"

	"parley/backend/chat"
)

// index is one user's messages as case-folded text in a single buffer, each
// message's text followed by a zero byte, plus a small record per message.
// A query is a substring scan of the buffer: no word splitting, so Korean
// and Japanese (written without spaces between words) match inside words,
// and memory is the text itself plus ~48 bytes a message.
type index struct {
	userID string
	text   []byte
	docs   []doc // in buffer order
	where  map[docKey]int
	rooms  []string // room ids by number
	roomNo map[string]uint32
	dead   int // docs replaced or deleted
}

type doc struct {
	start, end uint32 // text[start:end] is the folded message text
	room       uint32
	id         uint64
	at         int64 // CreatedAt, Unix nanoseconds
	role       uint8 // 0 learner, 1 AI
	dead       bool
}

type docKey struct {
	room uint32
	id   uint64
}

func newIndex(userID string) *index {
	return &index{userID: userID, where: map[docKey]int{}, roomNo: map[string]uint32{}}
}

func (x *index) room(id string) uint32 {
	n, ok := x.roomNo[id]
	if !ok {
		n = uint32(len(x.rooms))
		x.rooms = append(x.rooms, id)
		x.roomNo[id] = n
	}
	return n
}

// put indexes m as the current version of that message; an older version
// stops matching. Messages without text (a reply not yet written) are not
// kept.
func (x *index) put(roomID string, m chat.Message) {
	r := x.room(roomID)
	x.remove(r, m.ID)
	if m.Text == "" {
		return
	}
	start := len(x.text)
	x.text = appendFolded(x.text, m.Text)
	d := doc{start: uint32(start), end: uint32(len(x.text)), room: r, id: m.ID, at: m.CreatedAt.UnixNano()}
	if m.Role == chat.RoleAssistant {
		d.role = 1
	}
	x.text = append(x.text, 0)
	x.where[docKey{r, m.ID}] = len(x.docs)
	x.docs = append(x.docs, d)
}

func (x *index) remove(room uint32, id uint64) {
	k := docKey{room, id}
	if i, ok := x.where[k]; ok {
		x.docs[i].dead = true
		x.dead++
		delete(x.where, k)
	}
}

func (x *index) delete(roomID string, id uint64) {
	if r, ok := x.roomNo[roomID]; ok {
		x.remove(r, id)
	}
}

// wipe overwrites the clear text before the index is let go.
func (x *index) wipe() {
	clear(x.text)
	x.text, x.docs, x.where = nil, nil, nil
}

// bytes is the memory the index holds, roughly.
func (x *index) bytes() int {
	const perDoc = 40 + 48 // the record, and its entry in where
	return cap(x.text) + len(x.docs)*perDoc
}

// match returns the live docs (positions in x.docs) containing every term,
// in buffer order, keeping only those keep accepts.
func (x *index) match(terms [][]byte, keep func(d *doc) bool) []int {
	if len(terms) == 0 {
		return nil
	}
	// Scan for the longest term: it has the fewest false starts.
	longest := 0
	for i, t := range terms {
		if len(t) > len(terms[longest]) {
			longest = i
		}
	}
	first := terms[longest]
	var out []int
	pos := 0
	for pos < len(x.text) {
		i := bytes.Index(x.text[pos:], first)
		if i < 0 {
			break
		}
		at := pos + i
		di := sort.Search(len(x.docs), func(j int) bool { return int(x.docs[j].end) >= at+len(first) })
		if di == len(x.docs) {
			break
		}
		d := &x.docs[di]
		pos = int(d.end) + 1
		if d.dead || !keep(d) {
			continue
		}
		body := x.text[d.start:d.end]
		all := true
		for j, t := range terms {
			if j != longest && !bytes.Contains(body, t) {
				all = false
				break
			}
		}
		if all {
			out = append(out, di)
		}
	}
	return out
}

// appendFolded appends s lower-cased rune by rune, keeping any rune whose
// lower case has another UTF-8 length as it is, so a byte offset in the
// folded text is the same offset in the original (snippets rely on it).
// Zero bytes become spaces: they separate messages in the buffer.
func appendFolded(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf { // most text: no rune decoding needed
			switch {
			case c == 0:
				c = ' '
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if l := unicode.ToLower(r); l != r && utf8.RuneLen(l) == utf8.RuneLen(r) {
			r = l
		}
		if r == utf8.RuneError && n == 1 {
			dst = append(dst, c) // keep offsets: one byte in, one byte out
			continue
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

// fold is appendFolded for a query.
func fold(s string) []byte { return appendFolded(nil, s) }
