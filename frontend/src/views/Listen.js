// Listen controls: a button on each line, and the room's bar with the speed (1× / 0.75×) and the
// auto-read switch. The line being spoken shows it on its button (and its bubble, via CSS).
import { useEffect } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { t } from '../i18n/index.js';
import * as listen from '../listen.js';
import { roomId as openRoomId } from '../chat/state.js';
import * as aids from '../readingAids.js';

export function ListenButton({ msg }) {
  const roomId = openRoomId.value;
  if (!roomId || !msg?.text || msg.status === 'streaming') return null;
  const p = listen.playing.value;
  const state = p?.key === listen.messageKey(roomId, msg.id) ? p.state : 'idle';
  const label = state === 'idle' ? t('listen.play') : t('listen.stop');
  return html`
    <button type="button" class=${`link small listen listen-${state}`} data-testid="listen" data-state=${state}
      aria-pressed=${state !== 'idle'} title=${state === 'loading' ? t('listen.loading') : label}
      onClick=${() => listen.listenMessage(roomId, msg)}>
      <span aria-hidden="true">${state === 'idle' ? '🔈' : state === 'loading' ? '…' : '■'}</span> ${label}
    </button>
  `;
}

export function ListenBar({ room }) {
  const roomId = room.id;
  // Auto-read hears of a finished reply straight from Go's chat:done, while this room is open.
  useEffect(() => {
    let off = () => {};
    try {
      off = api.on(api.EVENTS.done, (p) => listen.onReplyDone(p, roomId));
    } catch {
      // no event runtime (unit tests without the bridge): nothing to listen to
    }
    return () => {
      off();
      listen.stop();
    };
  }, [roomId]);
  const auto = Boolean(listen.autoRead.value[roomId]);
  return html`
    <div class="listen-bar" role="group" aria-label=${t('listen.controls')}>
      <label class="check small">
        <input type="checkbox" checked=${auto} data-testid="auto-read"
          onChange=${(e) => listen.setAutoRead(roomId, e.currentTarget.checked)} />
        <span>${t('listen.autoRead')}</span>
      </label>
      ${aids.supports(room.language) ? html`
        <label class="check small">
          <input type="checkbox" checked=${aids.enabled(room)} data-testid="reading-aids"
            onChange=${(e) => aids.setEnabled(roomId, e.currentTarget.checked)} />
          <span>${t(room.language === 'ja' ? 'aids.furigana' : 'aids.romanization')}</span>
        </label>` : null}
      <span class="segmented small" role="radiogroup" aria-label=${t('listen.speed')}>
        ${listen.SPEEDS.map((v) => html`
          <label class=${`seg${listen.speed.value === v ? ' on' : ''}`}>
            <input type="radio" name="speech-speed" value=${v} checked=${listen.speed.value === v}
              data-testid=${`speech-speed-${v}`} onChange=${() => listen.setSpeed(v)} />
            <span>${v}×</span>
          </label>`)}
      </span>
    </div>
  `;
}
