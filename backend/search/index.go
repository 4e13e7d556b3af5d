package search

import (
	"bytes"
	"slices"
	"sort"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"parley/backend/chat"
)

// index is one user's messages as case-folded text in a single buffer, each
// message's text followed by a zero byte, plus a small record per message.
// A query is a substring scan of the buffer: no word splitting, so Korean
// and Japanese (written without spaces between words) match inside words,
// and memory is the text itself plus ~32 bytes a message.
type index struct {
	userID string
	text   []byte
	docs   []doc // in buffer order
	rooms  []roomDocs
	roomNo map[string]uint32
	later  map[docKey]int // docs put after the build, by room and message id
	dead   int            // docs replaced or deleted
}

// roomDocs is a room's id, and where its docs from the build are: in
// docs[lo:hi], by message id (chat reads a room oldest first), so finding
// one needs no map entry per message.
type roomDocs struct {
	id     string
	lo, hi int
}

type doc struct {
	id         uint64
	at         int64  // CreatedAt, Unix nanoseconds
	start, end uint32 // text[start:end] is the folded message text
	room       uint32
	role       uint8 // 0 learner, 1 AI
	dead       bool
}

type docKey struct {
	room uint32
	id   uint64
}

func newIndex(userID string) *index {
	return &index{userID: userID, roomNo: map[string]uint32{}, later: map[docKey]int{}}
}

func (x *index) room(id string) uint32 {
	n, ok := x.roomNo[id]
	if !ok {
		n = uint32(len(x.rooms))
		x.rooms = append(x.rooms, roomDocs{id: id})
		x.roomNo[id] = n
	}
	return n
}

// find returns the position of the live doc of a message, -1 when none.
func (x *index) find(room uint32, id uint64) int {
	if i, ok := x.later[docKey{room, id}]; ok {
		return i
	}
	r := x.rooms[room]
	i, ok := slices.BinarySearchFunc(x.docs[r.lo:r.hi], id, func(d doc, id uint64) int { return compare(d.id, id) })
	if !ok || x.docs[r.lo+i].dead {
		return -1
	}
	return r.lo + i
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
	x.text = appendFolded(x.text, []byte(m.Text))
	d := doc{start: uint32(start), end: uint32(len(x.text)), room: r, id: m.ID, at: m.CreatedAt.UnixNano()}
	if m.Role == chat.RoleAssistant {
		d.role = 1
	}
	x.text = append(x.text, 0)
	x.later[docKey{r, m.ID}] = len(x.docs)
	x.docs = append(x.docs, d)
}

func (x *index) remove(room uint32, id uint64) {
	if i := x.find(room, id); i >= 0 {
		x.docs[i].dead = true
		x.dead++
		delete(x.later, docKey{room, id})
	}
}

func (x *index) delete(roomID string, id uint64) {
	if r, ok := x.roomNo[roomID]; ok {
		x.remove(r, id)
	}
}

// apply follows one change chat committed.
func (x *index) apply(c chat.Change) {
	for _, id := range c.Deleted {
		x.delete(c.RoomID, id)
	}
	for _, m := range c.Saved {
		x.put(c.RoomID, m)
	}
}

// wipe overwrites the clear text before the index is let go.
func (x *index) wipe() {
	clear(x.text)
	x.text, x.docs, x.later = nil, nil, nil
}

// live is how many messages can be found.
func (x *index) live() int { return len(x.docs) - x.dead }

// bytes is the memory the index holds, roughly.
func (x *index) bytes() int {
	const laterEntry = 48 // a map entry with its share of the table
	return cap(x.text) + cap(x.docs)*int(unsafe.Sizeof(doc{})) + cap(x.rooms)*int(unsafe.Sizeof(roomDocs{})) + len(x.later)*laterEntry
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
func appendFolded(dst []byte, s []byte) []byte {
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
		r, n := utf8.DecodeRune(s[i:])
		if uncased(r) { // Korean, Japanese, Chinese: nothing to look up
			dst = append(dst, s[i:i+n]...)
			i += n
			continue
		}
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

// uncased reports runes in blocks without case (CJK punctuation, kana,
// ideographs, Hangul syllables), where unicode.ToLower's table search is
// wasted; a test checks that no rune in them has a lower case.
func uncased(r rune) bool {
	return (uncasedLo <= r && r < uncasedHi) || (hangulLo <= r && r < hangulHi)
}

const (
	uncasedLo, uncasedHi = 0x2E80, 0xA640 // CJK radicals … Yi; Cyrillic Extended-B follows
	hangulLo, hangulHi   = 0xAC00, 0xD7A4
)

// fold is appendFolded for a query.
func fold(s string) []byte { return appendFolded(nil, []byte(s)) }
