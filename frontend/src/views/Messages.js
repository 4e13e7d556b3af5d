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
import { toast, settings } from '../store.js';
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

/** Bubble renders one message; it re-renders only when its props change (see Pure). */
function Bubble({ msg, isLastReply, isLast, isLastLine, busy, showTokens, found }) {
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
    body = html`<div class="text plain">${msg.text}</div>`;
  } else if (streaming) {
    // Finished blocks keep the same HTML string from frame to frame, so Preact leaves their DOM
    // alone; only the growing last block is parsed, sanitised and replaced.
    const { done, tail } = renderStreaming(msg.id, msg.text);
    body = html`<div class="text md streaming">
      <div class="md-part" dangerouslySetInnerHTML=${{ __html: done }}></div>
      <div class="md-part" dangerouslySetInnerHTML=${{ __html: tail }}></div>
    </div>`;
  } else {
    body = html`<div class="text md" dangerouslySetInnerHTML=${{ __html: renderMarkdown(msg.text) }}></div>`;
  }
  const canReask = isLastReply && !busy && (msg.status === 'done' || msg.status === 'stopped');
  // A learner's line left without a reply (the app closed mid-send) can be answered by Retry too.
  const canRetry = !busy && ((isLastReply && (msg.status === 'error' || msg.status === 'stopped')) || (isLast && mine));
  return html`
    <li class=${`msg msg-${msg.role} msg-${msg.status}${found ? ' msg-found' : ''}`} data-testid="message" data-role=${msg.role}
      data-status=${msg.status} data-id=${msg.id} data-found=${found ? 'true' : undefined} ref=${li}>
      <div class="bubble">
        ${body}
        ${msg.status === 'error' ? html`<p class="msg-note error" role="alert" data-testid="message-error" data-code=${msg.errorCode}>${errorText({ code: msg.errorCode || 'internal' })}</p>` : null}
        ${msg.status === 'error' && SETTINGS_CODES.has(msg.errorCode) ? html`<button type="button" class="link small" data-testid="open-setting"
          onClick=${() => openSettingsFor(msg.errorCode)}>${t('chat.openSettings')}</button>` : null}
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

export function MessageList() {
  const ref = useRef(null);
  const atBottom = useRef(true);
  const anchor = useRef(null);
  const [away, setAway] = useState(false);
  const list = state.messages.value;
  const busy = state.busy.value;
  let lastReplyId = null;
  let lastLineId = null;
  for (let i = list.length - 1; i >= 0 && (lastReplyId === null || lastLineId === null); i--) {
    if (list[i].role === 'assistant' && lastReplyId === null) lastReplyId = list[i].id;
    if (list[i].role === 'user' && lastLineId === null) lastLineId = list[i].id;
  }

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (anchor.current) {
      el.scrollTop = anchor.current.top + (el.scrollHeight - anchor.current.height);
      anchor.current = null;
    } else if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [list]);

  // Notes that appear under a line after it was shown (the coach's feedback, a translation) and
  // a taller scenario card change the sizes without changing the list, and the browser may move
  // the scroll position for them: a learner who was at the latest line stays with it.
  // (A learner scrolling moves up; the browser's own adjustments for growth move down.)
  const size = useRef(null);
  const measure = (el, bottom) => ({ h: el.scrollHeight, c: el.clientHeight, top: el.scrollTop, atBottom: bottom });
  const stick = (el) => {
    const was = size.current;
    const resized = was && (was.h !== el.scrollHeight || was.c !== el.clientHeight);
    if (!resized || !was.atBottom || anchor.current || el.scrollTop < was.top) return false;
    el.scrollTop = el.scrollHeight;
    size.current = measure(el, true);
    return true;
  };
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return undefined;
    const ro = new ResizeObserver(() => {
      if (!stick(el)) size.current = measure(el, atBottom.current);
    });
    ro.observe(el);
    const ol = el.querySelector('.message-list');
    if (ol) ro.observe(ol);
    return () => ro.disconnect();
  }, []);

  useLayoutEffect(() => {
    if (!state.followLatest.value) return;
    atBottom.current = true;
    setAway(false);
    const el = ref.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [state.followLatest.value]);

  const onScroll = () => {
    const el = ref.current;
    // A scroll event queued before the list was replaced (a room switch) finds no list.
    if (!el) return;
    // A scroll the browser made because sizes changed is not the learner scrolling away.
    if (stick(el)) return;
    const dist = el.scrollHeight - el.scrollTop - el.clientHeight;
    atBottom.current = dist < 48;
    size.current = measure(el, atBottom.current);
    setAway(!atBottom.current);
    if (el.scrollTop < 150 && state.hasMore.value && !state.loadingOlder.value) {
      anchor.current = { top: el.scrollTop, height: el.scrollHeight };
      paging.loadOlder().then((n) => {
        if (!n) anchor.current = null;
      });
    }
    if (atBottom.current) paging.trimToLatest();
  };

  const jump = async () => {
    if (state.hasNewer.value) await paging.jumpToLatest();
    atBottom.current = true;
    const el = ref.current;
    if (el) el.scrollTop = el.scrollHeight;
    setAway(false);
  };

  return html`
    <div class="messages-wrap">
      <div class="messages" ref=${ref} onScroll=${onScroll} data-testid="messages" tabIndex="-1">
        ${state.loadingOlder.value ? html`<div class="older-loading"><${Spinner} label=${t('chat.loadingOlder')} /></div>` : null}
        ${!state.hasMore.value && list.length ? html`<p class="conversation-start">${t('chat.start')}</p>` : null}
        ${!list.length ? html`<div class="state state-empty" data-testid="chat-empty"><p>${t('chat.empty')}</p></div>` : null}
        <ol class="message-list" aria-label=${t('chat.conversation')}>
          ${list.map((m) => html`<${Pure} key=${m.id} render=${renderBubble} msg=${m}
            isLastReply=${m.id === lastReplyId} isLast=${m === list[list.length - 1]}
            isLastLine=${m.id === lastLineId && !state.hasNewer.value} busy=${busy} lang=${lang.value}
            showTokens=${Boolean(settings.value?.showTokens)} found=${m.id === state.found.value} />`)}
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
