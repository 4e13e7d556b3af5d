package account

import "parley/backend/apperr"

// ChangeDisplayName sets the name Parley greets the learner by (empty means
// the username) and returns the user as the UI now sees it. The name is
// sealed with the data key like the rest of the profile, so it needs the
// session but not the password: it guards nothing.
func (s *Service) ChangeDisplayName(name string) (User, error) {
	sess, err := s.current()
	if err != nil {
		return User{}, err
	}
	display, err := cleanDisplayName(name, sess.user.Username)
	if err != nil {
		return User{}, err
	}
	s.authMu.Lock()
	defer s.authMu.Unlock()
	rec, err := s.load(sess.key)
	if err != nil {
		return User{}, err
	}
	if rec == nil || rec.ID != sess.user.ID {
		return User{}, apperr.New(apperr.AuthRequired, "please log in")
	}
	if err := rec.setProfile(profile{DisplayName: display}, sess.data); err != nil {
		return User{}, vaultErr(err)
	}
	if err := s.save(sess.key, rec); err != nil {
		return User{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur == sess {
		s.cur.user.DisplayName = display
	}
	u := sess.user
	u.DisplayName = display
	return u, nil
}
