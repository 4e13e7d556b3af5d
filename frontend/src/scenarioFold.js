// Whether each room's scenario card is open, remembered on this computer per room, so a card
// the learner folded stays folded after logging in again or restarting the app.
import { signal } from '@preact/signals';

const STORE_KEY = 'parley.scenarioOpen';
const MAX_ROOMS = 500;

function load() {
  try {
    const v = JSON.parse(localStorage.getItem(STORE_KEY) ?? '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

/** folds maps room id → open (true) or folded (false); rooms not in it use the default. */
const folds = signal(load());

/** A short window (800×600) starts with cards folded, so the conversation keeps the room. */
const byDefault = () => typeof window === 'undefined' || window.innerHeight >= 700;

/** scenarioOpen says whether a room's card is open (a signal read: views re-render on change). */
export function scenarioOpen(roomId) {
  const v = folds.value[roomId];
  return typeof v === 'boolean' ? v : byDefault();
}

/** setScenarioOpen remembers the learner's choice for a room. */
export function setScenarioOpen(roomId, open) {
  const next = { ...folds.value };
  delete next[roomId]; // re-inserted last: the oldest choices are the first to go past MAX_ROOMS
  next[roomId] = Boolean(open);
  const ids = Object.keys(next);
  for (const id of ids.slice(0, Math.max(0, ids.length - MAX_ROOMS))) delete next[id];
  folds.value = next;
  try {
    localStorage.setItem(STORE_KEY, JSON.stringify(next));
  } catch {
    // storage unavailable: the choice holds until the app closes
  }
}
