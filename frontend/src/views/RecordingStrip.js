// Push-to-talk controls: the mic button beside the composer's buttons, and the strip above the
// composer that shows a recording under way (level meter, time, how to stop or cancel), the
// transcription, and what went wrong in words the learner can act on.
import { useEffect, useRef } from 'preact/hooks';
import { html } from '../html.js';
import { t, errorText } from '../i18n/index.js';
import * as speak from '../speak.js';
import * as state from '../chat/state.js';
import { Spinner } from './ui.js';

/** meterFill maps an RMS level (0–1) to the meter's width: -60 dBFS is empty, 0 dBFS full. */
export function meterFill(level) {
  if (!(level > 0)) return 0;
  return Math.max(0, Math.min(1, (20 * Math.log10(level) + 60) / 60));
}

/**
 * MicButton records while held (pointer), or toggles from the keyboard (Enter/Space on the
 * focused button); beside it, the room's "send at once" switch.
 */
export function MicButton() {
  const held = useRef(false);
  const r = speak.rec.value;
  const recording = r?.mode === 'compose';
  const roomId = state.roomId.value;
  const onPointerDown = (e) => {
    if (e.button !== 0 || speak.rec.value) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture?.(e.pointerId);
    held.current = true;
    speak.start({ mode: 'compose' });
  };
  const onPointerUp = () => {
    if (!held.current) return;
    held.current = false;
    speak.stop();
  };
  // A click with no pointer behind it (detail 0) comes from the keyboard: toggle.
  const onClick = (e) => {
    if (e.detail !== 0) return;
    if (speak.rec.value?.mode === 'compose') speak.stop();
    else speak.start({ mode: 'compose' });
  };
  // The last transcript's timing, for support and the end-to-end test's figures.
  const lt = speak.lastTiming.value;
  return html`
    <span class="mic-group">
      <button type="button" class=${`btn mic${recording ? ' recording' : ''}`} data-testid="mic" aria-pressed=${recording ? 'true' : 'false'}
        data-release-ms=${lt?.releaseToTextMs} data-audio-bytes=${lt?.audioBytes} data-duration-ms=${lt?.durationMs}
        title=${t('speak.micHelp')} disabled=${state.busy.value && !recording}
        onPointerDown=${onPointerDown} onPointerUp=${onPointerUp} onPointerCancel=${onPointerUp} onClick=${onClick}>
        <span aria-hidden="true">🎤</span> ${t('speak.mic')}
      </button>
      <label class="send-at-once small" title=${t('speak.sendAtOnceHelp')}>
        <input type="checkbox" data-testid="send-at-once" checked=${roomId && speak.sendAtOnce.value.has(roomId)}
          onChange=${speak.toggleSendAtOnce} />
        ${t('speak.sendAtOnce')}
      </label>
    </span>
  `;
}

/** RecordingStrip shows the recording, the transcription or the last speaking error. */
export function RecordingStrip() {
  const r = speak.rec.value;
  // Esc cancels wherever the focus is (the Say it button, the mic button).
  useEffect(() => {
    if (!r) return undefined;
    const onKey = (e) => {
      if (e.key === 'Escape' && !e.defaultPrevented) {
        e.preventDefault();
        speak.cancel();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [Boolean(r)]);
  const err = speak.speakError.value;
  if (!r && err) {
    const code = err.error?.code;
    const os = speak.capture.value?.os;
    const allow = code === 'speak.permission_denied' || (code === 'speak.no_microphone' && os === 'linux');
    return html`
      <div class="alert alert-error speak-strip" role="alert" data-testid="speak-error" data-code=${code}>
        <span>${errorText(err.error)}${allow && os ? html` <span data-testid="speak-allow">${t(`speak.allow.${os === 'darwin' || os === 'windows' ? os : 'linux'}`)}</span>` : null}</span>
        <button type="button" class="icon-btn" aria-label=${t('common.dismiss')} onClick=${() => (speak.speakError.value = null)}>×</button>
      </div>`;
  }
  if (!r) return null;
  if (r.phase === 'transcribing') {
    return html`<div class="speak-strip" data-testid="speak-strip" data-phase="transcribing" role="status">
      <${Spinner} /> ${t('speak.transcribing')} ${r.limited ? html`<span class="muted">${t('speak.limited')}</span>` : null}
      <span class="muted small">${t('speak.escHint')}</span></div>`;
  }
  const fill = meterFill(r.level);
  const s = Math.floor((r.ms ?? 0) / 1000);
  return html`
    <div class="speak-strip recording" data-testid="speak-strip" data-phase=${r.phase} role="status">
      <span class="rec-dot" aria-hidden="true"></span>
      <span>${r.mode === 'shadow' ? t('speak.recordingShadow') : t('speak.recording')}</span>
      <span class="level" role="meter" aria-label=${t('speak.level')} aria-valuemin="0" aria-valuemax="100"
        aria-valuenow=${Math.round(fill * 100)} data-testid="speak-level" data-level=${r.level.toFixed(3)} data-ms=${r.ms}>
        <span class="level-fill" style=${{ width: `${Math.round(fill * 100)}%` }}></span>
      </span>
      <span class="muted small" data-testid="speak-time">${t('speak.seconds', { s, max: speak.MAX_MS / 1000 })}</span>
      <span class="muted small">${t('speak.escHint')}</span>
    </div>`;
}
