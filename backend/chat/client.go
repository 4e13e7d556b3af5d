package chat

import (
	"fmt"

	"parley/backend/llm"
)

// cachedClient is a user's llm client for one set of provider settings.
type cachedClient struct {
	fingerprint string
	client      *llm.Client
}

// client returns an llm client for cfg, reusing the user's previous one while
// the settings are unchanged so replies share warm connections instead of a
// new TLS handshake each time.
func (s *Service) client(userID string, cfg llm.Config) (*llm.Client, error) {
	fp := fmt.Sprintf("%q|%q|%q|%v|%q|%v|%v|%v|%d|%p", cfg.APIKey, cfg.BaseURL, cfg.Model, cfg.Temperature,
		cfg.ProxyURL, cfg.FirstTokenTimeout, cfg.StallTimeout, cfg.RequestTimeout, cfg.MaxReplyBytes, cfg.Backoff)
	s.clientsMu.Lock()
	defer s.clientsMu.Unlock()
	if c, ok := s.clients[userID]; ok && c.fingerprint == fp {
		return c.client, nil
	}
	c, err := llm.NewClient(cfg)
	if err != nil {
		return nil, err
	}
	if old, ok := s.clients[userID]; ok {
		old.client.Close()
	}
	s.clients[userID] = cachedClient{fingerprint: fp, client: c}
	return c, nil
}
