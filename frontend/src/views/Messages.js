// The conversation: bubbles with safely rendered markdown, per-message actions, paging on
// scroll-up, a bounded window, and the jump-to-latest button.
import { useRef, useLayoutEffect, useState, useEffect } from 'preact/hooks';
import { html } from '../html.js';
import { t, lang, errorText } from '../i18n/index.js';
import { clockTime, fullTime, count } from '../format.js';
import { renderMarkdown, renderStreaming } from '../markdown.js';
import { copyText } from '../api.js';
import * as actions from '../chat/actions.js';
import * as paging from '../chat/paging.js';
import * as state from '../chat/state.js';
import { toast, rooms, settings } from '../store.js';
import { openSettingsFor, SETTINGS_CODES } from './Onboarding.js';
import { Pure, Spinner } from './ui.js';
import { LineFeedback } from './Coach.js';
import { TranslateButton, TranslationNote } from './Understand.js';
import { LineSpeak, ShadowResult } from './SayIt.js';
import { ListenButton } from './Listen.js';

function Alternatives({ msg }) {
  const alts = msg.alternatives ?? [];
  if (alts.length < 2) return null;
  // activeAlt is omitted from the JSON when it is 0 (Go omitempty).
  const i = Math.min(Math.max(msg.activeAlt ?? 0, 0), alts.length - 1);
  return html`
    <span class="alts" role="group" aria-label=${t('chat.versions')}>
      <button type="button" class="icon-btn" disabled=${i === 0} aria-label=${t('chat.prevVersion')} data-testid="alt-prev"
        onClick=${() => actions.selectAlternative(msg.id, i - 1)}>‹</button>
      <span data-testid="alt-position" title=${t('chat.versionsHelp')}>${t('chat.answerOf', { i: i + 1, n: alts.length })}</span>
      <button type="button" class="icon-btn" disabled=${i === alts.length - 1} aria-label=${t('chat.nextVersion')} data-testid="alt-next"
        onClick=${() => actions.selectAlternative(msg.id, i + 1)}>›</button>
    </span>
  `;
}

/** ReplyUsage is a reply's token count, small in its meta line; the tooltip says what in and out are. */
function ReplyUsage({ usage }) {
  if (!usage || (!usage.promptTokens && !usage.completionTokens)) return null;
  const params = { in: count(usage.promptTokens), out: count(usage.completionTokens) };
  return html`<span class="msg-usage" data-testid="message-usage" title=${t('chat.replyUsageHelp', params)}>${t('chat.replyUsage', params)}</span>`;
}

async function copy(text) {
  toast((await copyText(text)) ? t('common.copied') : t('common.copyFailed'), { ms: 2500 });
}

/**
 * StreamBody shows a reply being written. Each finished block is parsed, sanitised and appended
 * once, as it completes: setting them all again would re-parse and re-lay out the whole reply
 * each time a paragraph ends. Only the growing last block is replaced on each delta.
 */
function StreamBody({ id, text, lang: practiceLang }) {
  const doneRef = useRef(null);
  const tailRef = useRef(null);
  const shown = useRef({ stream: null, parts: 0, tail: null });
  useLayoutEffect(() => {
    const { tail, parts, stream } = renderStreaming(id, text);
    const s = shown.current;
    const done = doneRef.current;
    if (s.stream !== stream) {
      done.innerHTML = parts.join('');
      s.stream = stream;
    } else {
      // Whole sanitised pieces only: a cut inside one could turn attribute text into markup.
      for (let i = s.parts; i < parts.length; i++) done.insertAdjacentHTML('beforeend', parts[i]);
    }
    s.parts = parts.length;
    if (tail !== s.tail) {
      tailRef.current.innerHTML = tail;
      s.tail = tail;
    }
  }, [id, text]);
  return html`<div class="text md streaming" lang=${practiceLang}>
    <div class="md-part" ref=${doneRef}></div>
    <div class="md-part" ref=${tailRef}></div>
  </div>`;
}

/** Bubble renders one message; it re-renders only when its props change (see Pure). */
function Bubble({ msg, isLastReply, isLast, isLastLine, busy, showTokens, found, practiceLang, keySet }) {
  const mine = msg.role === 'user';
  const li = useRef(null);
  // A search result opened the room here: bring this line into view once the list is pinned.
  useEffect(() => {
    if (found) li.current?.scrollIntoView({ block: 'center' });
  }, [found]);
  const streaming = msg.status === 'streaming';
  const waiting = streaming && !msg.text;
  let body;
  if (waiting) {
    body = html`<span class="typing" data-testid="typing" aria-label=${t('chat.typing')}><span></span><span></span><span></span></span>`;
  } else if (mine) {
    body = html`<div class="text plain" lang=${practiceLang}>${msg.text}</div>`;
  } else if (streaming) {
    body = html`<${StreamBody} id=${msg.id} text=${msg.text} lang=${practiceLang} />`;
  } else {
    body = html`<div class="text md" lang=${practiceLang} dangerouslySetInnerHTML=${{ __html: renderMarkdown(msg.text) }}></div>`;
  }
  const canReask = isLastReply && !busy && (msg.status === 'done' || msg.status === 'stopped');
  // A learner's line left without a reply (the app closed mid-send) can be answered by Retry too.
  const canRetry = !busy && ((isLastReply && (msg.status === 'error' || msg.status === 'stopped')) || (isLast && mine));
  return html`
    <li class=${`msg msg-${msg.role} msg-${msg.status}${found ? ' msg-found' : ''}`} data-testid="message" data-role=${msg.role}
      data-status=${msg.status} data-id=${msg.id} data-found=${found ? 'true' : undefined} ref=${li}>
      <div class="bubble">
        ${body}
        ${msg.status === 'error' && msg.errorCode === 'llm.no_key' && keySet
          ? html`<p class="msg-note" data-testid="message-key-set">${t('chat.keyNowSet')}</p>`
          : html`
            ${msg.status === 'error' ? html`<p class="msg-note error" role="alert" data-testid="message-error" data-code=${msg.errorCode}>${errorText({ code: msg.errorCode || 'internal' })}</p>` : null}
            ${msg.status === 'error' && SETTINGS_CODES.has(msg.errorCode) ? html`<button type="button" class="link small" data-testid="open-setting"
              onClick=${() => openSettingsFor(msg.errorCode)}>${t('chat.openSettings')}</button>` : null}`}
        ${msg.status === 'stopped' ? html`<p class="msg-note">${t('chat.stopped')}</p>` : null}
        ${mine ? null : html`<${ShadowResult} msg=${msg} />`}
        ${msg.cutOff && !streaming ? html`
          <p class="msg-note" data-testid="message-cutoff">${t('chat.cutOff')}
            ${isLast && !busy ? html` <button type="button" class="link small" data-testid="cutoff-retry" onClick=${actions.regenerate}>${t('chat.tryAgain')}</button>` : null}
          </p>` : null}
      </div>
      <div class="msg-meta">
        <time datetime=${msg.createdAt} title=${fullTime(msg.createdAt)}>${clockTime(msg.createdAt)}</time>
        ${mine || streaming || !showTokens ? null : html`<${ReplyUsage} usage=${msg.usage} />`}
        ${mine || streaming ? null : html`<${Alternatives} msg=${msg} />`}
        <${ListenButton} msg=${msg} />
        ${!streaming && msg.text ? html`<${LineSpeak} msg=${msg} mine=${mine} />` : null}
        ${!streaming && msg.text ? html`<button type="button" class="link small" data-testid="copy" onClick=${() => copy(msg.text)}>${t('common.copy')}</button>` : null}
        ${!streaming && msg.text ? html`<${TranslateButton} msg=${msg} />` : null}
        ${canRetry ? html`<button type="button" class="link small" data-testid="retry" title=${t('chat.tryAgainHelp')} onClick=${actions.retry}>${t('chat.tryAgain')}</button>` : null}
        ${canReask ? html`<button type="button" class="link small" data-testid="regenerate" title=${t('chat.anotherHelp')} onClick=${actions.regenerate}>${t('chat.regenerate')}</button>` : null}
        ${isLastLine && !busy ? html`<button type="button" class="link small" data-testid="edit-message" onClick=${() => actions.startEdit(msg)}>${t('chat.edit')}</button>` : null}
      </div>
      <${TranslationNote} msg=${msg} />
      ${mine ? html`<${LineFeedback} msg=${msg} />` : null}
    </li>
  `;
}

const renderBubble = (props) => html`<${Bubble} ...${props} />`;

/** How close to the end (px) still counts as "at the newest line". */
const NEAR_BOTTOM = 48;

export function MessageList() {
  const ref = useRef(null);
  const contentRef = useRef(null);
  // Whether the learner is at the newest line. Only the learner's own scrolling changes it (see
  // onScroll); while it holds, the list is pinned to the bottom whatever grows or resizes.
  const atBottom = useRef(true);
  const lastTop = useRef(0);
  const anchor = useRef(null);
  const [away, setAway] = useState(false);
  const list = state.messages.value;
  const busy = state.busy.value;
  // The conversation is in the room's language: its own lang picks line breaking and fonts for it.
  const practiceLang = rooms.value.find((r) => r.id === state.roomId.value)?.language;
  let lastReplyId = null;
  let lastLineId = null;
  for (let i = list.length - 1; i >= 0 && (lastReplyId === null || lastLineId === null); i--) {
    if (list[i].role === 'assistant' && lastReplyId === null) lastReplyId = list[i].id;
    if (list[i].role === 'user' && lastLineId === null) lastLineId = list[i].id;
  }

  const pin = (el) => {
    el.scrollTop = el.scrollHeight;
    lastTop.current = el.scrollTop;
  };

  // Pinning: a ResizeObserver on the list's content (new and streaming lines, the usage line or
  // fonts arriving late) and on the list itself (window resized, scenario card folded, composer
  // grown). Its callback runs after layout, so reading scrollHeight there forces no extra layout,
  // unlike a check after every render of a streaming reply.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    pin(el);
    if (typeof ResizeObserver !== 'function') return undefined;
    const ro = new ResizeObserver(() => {
      if (atBottom.current && !anchor.current && ref.current) pin(ref.current);
    });
    ro.observe(el);
    if (contentRef.current) ro.observe(contentRef.current);
    return () => ro.disconnect();
  }, []);

  // Older messages prepended: keep the line the learner was reading where it was on screen. It is
  // found again by id, not by the change in height: past MAX_RENDERED the window also drops as
  // many of the newest lines, the height hardly changes, and the list would stay at the top,
  // where no further scroll event asks for the next page (WebKit stalled there).
  useLayoutEffect(() => {
    const el = ref.current;
    const a = anchor.current;
    if (!el || !a) return;
    const node = el.querySelector(`[data-testid=message][data-id="${a.id}"]`);
    if (node) el.scrollTop += node.getBoundingClientRect().top - el.getBoundingClientRect().top - a.offset;
    lastTop.current = el.scrollTop;
    anchor.current = null;
  }, [list]);

  useLayoutEffect(() => {
    if (!state.followLatest.value) return;
    atBottom.current = true;
    setAway(false);
    const el = ref.current;
    if (el) pin(el);
  }, [state.followLatest.value]);

  // The event's own element, never ref.current: a scroll queued before the list was unmounted
  // (the learner switched rooms mid-scroll) is still delivered, after Preact cleared the ref.
  const onScroll = (e) => {
    const el = e.currentTarget;
    if (!el || !el.isConnected) return;
    const top = el.scrollTop;
    const near = el.scrollHeight - top - el.clientHeight < NEAR_BOTTOM;
    // Content growing under a pinned list also moves the distance to the end; only a move up
    // (the learner scrolling, or the list shrinking) can take the pin away.
    if (near) atBottom.current = true;
    else if (top < lastTop.current - 1) atBottom.current = false;
    lastTop.current = top;
    setAway(!atBottom.current);
    const first = el.querySelector('[data-testid=message]');
    if (top < 150 && first && state.hasMore.value && !state.loadingOlder.value) {
      anchor.current = { id: first.dataset.id, offset: first.getBoundingClientRect().top - el.getBoundingClientRect().top };
      paging.loadOlder().then((n) => {
        if (!n) anchor.current = null;
      });
    }
    if (atBottom.current && near) paging.trimToLatest();
  };

  const jump = async () => {
    if (state.hasNewer.value) await paging.jumpToLatest();
    atBottom.current = true;
    const el = ref.current;
    if (el) pin(el);
    setAway(false);
  };

  return html`
    <div class="messages-wrap">
      <div class="messages" ref=${ref} onScroll=${onScroll} data-testid="messages" tabIndex="-1">
        ${state.loadingOlder.value ? html`<div class="older-loading"><${Spinner} label=${t('chat.loadingOlder')} /></div>` : null}
        ${!state.hasMore.value && list.length ? html`<p class="conversation-start">${t('chat.start')}</p>` : null}
        ${!list.length ? html`<div class="state state-empty" data-testid="chat-empty"><p>${t('chat.empty')}</p></div>` : null}
        <ol class="message-list" ref=${contentRef} aria-label=${t('chat.conversation')}>
          ${list.map((m) => html`<${Pure} key=${m.id} render=${renderBubble} msg=${m}
            isLastReply=${m.id === lastReplyId} isLast=${m === list[list.length - 1]}
            isLastLine=${m.id === lastLineId && !state.hasNewer.value} busy=${busy} lang=${lang.value}
            showTokens=${Boolean(settings.value?.showTokens)} found=${m.id === state.found.value} practiceLang=${practiceLang}
            keySet=${m.errorCode === 'llm.no_key' && Boolean(settings.value?.hasKey)} />`)}
        </ol>
        ${state.hasNewer.value ? html`<button type="button" class="btn btn-block" onClick=${jump}>${t('chat.showNewer')}</button>` : null}
      </div>
      ${away || state.hasNewer.value ? html`
        <button type="button" class="jump-latest" data-testid="jump-latest" onClick=${jump} aria-label=${t('chat.jumpLatest')}>
          ↓ ${t('chat.jumpLatest')}
        </button>` : null}
    </div>
  `;
}
