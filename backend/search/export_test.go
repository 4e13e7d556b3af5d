package search

// SetBeforeRun makes every later build call fn before it hands out each run
// of messages, so a test can hold a build midway.
func (s *Service) SetBeforeRun(fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.beforeRun = fn
}
