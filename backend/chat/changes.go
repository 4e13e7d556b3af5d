package chat

import "parley/backend/userdata"

// Change is what one committed transaction did to a room's messages: the
// messages saved (new or rewritten, as stored) and the ids deleted. Watchers
// such as the search index keep up with the conversation through it instead
// of reading chat's buckets.
type Change struct {
	UserID  string
	RoomID  string
	Saved   []Message
	Deleted []uint64
}

// changeSet collects a Change inside a write transaction; a nil one (read
// transactions, migrations) records nothing.
type changeSet struct {
	roomID string
	put    []Message
	at     map[uint64]int // index in put by message id
	gone   []uint64
}

// saved records m as stored; a message saved twice in one transaction is
// reported once, as it was last saved.
func (c *changeSet) saved(m Message) {
	if c == nil {
		return
	}
	if i, ok := c.at[m.ID]; ok {
		c.put[i] = m
		return
	}
	if c.at == nil {
		c.at = map[uint64]int{}
	}
	c.at[m.ID] = len(c.put)
	c.put = append(c.put, m)
}

func (c *changeSet) deleted(id uint64) {
	if c != nil {
		c.gone = append(c.gone, id)
	}
}

// OnChange registers fn to hear every committed change to a room's
// messages, on the goroutine that made it, after the transaction commits.
// fn must be quick and must not call back into chat. Register watchers
// before the service is used.
func (s *Service) OnChange(fn func(Change)) {
	s.watchers = append(s.watchers, fn)
}

// publish tells the watchers what a committed transaction changed.
func (s *Service) publish(scope *userdata.Scope, c *changeSet) {
	if c == nil || (len(c.put) == 0 && len(c.gone) == 0) {
		return
	}
	ch := Change{UserID: scope.UserID(), RoomID: c.roomID, Saved: c.put, Deleted: c.gone}
	for _, fn := range s.watchers {
		fn(ch)
	}
}
