// Preact runs effect clean-ups after the next frame (or a 100 ms fallback timer). Let them finish
// before vitest tears jsdom down, so no clean-up runs against a missing document.
import { afterAll } from 'vitest';

afterAll(() => new Promise((r) => setTimeout(r, 150)));
