import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { App } from '../../src/views/App.js';
import { enter, navigate, leave } from '../../src/store.js';
import { setLanguage } from '../../src/i18n/index.js';
import en from '../../src/i18n/en.js';
import { monthName } from '../../src/views/Usage.js';
import { mount, waitFor, byTestId, allByTestId, click, asMina } from './helpers.js';

const line = (promptTokens, completionTokens, estimatedCostUsd, costKnown) => ({ requests: 1, promptTokens, completionTokens, estimatedCostUsd, costKnown });

describe('usage panel', () => {
  let fake;
  let view;
  beforeEach(async () => {
    setLanguage('en');
    fake = asMina();
    fake.state.settings = { ...fake.state.settings, hasKey: true, keyLast4: 'abcd' };
    fake.state.usageReport = {
      currentMonth: '2026-11',
      months: [
        { month: '2026-11', total: line(7300, 73, 0.000359, false), models: [
          { model: 'llama3.2', ...line(5000, 50, 0, false) },
          { model: 'gpt-4o-mini', ...line(2300, 23, 0.000359, true) },
        ] },
        { month: '2026-10', total: line(1000, 10, 0.000156, true), models: [{ model: 'gpt-4o-mini', ...line(1000, 10, 0.000156, true) }] },
      ],
    };
    view = mount(App);
    await enter(fake.state.session);
  });
  afterEach(() => {
    view.unmount();
    leave();
  });

  it('shows this month per model in Settings, an unpriced cost as unknown, and earlier months', async () => {
    navigate({ name: 'settings' });
    const root = view.container;
    const month = await waitFor(() => byTestId(root, 'usage-month'));
    expect(month.textContent).toContain('7,300');
    expect(month.querySelector('[data-cost-known]').textContent).toBe(en['usage.unknown']);
    const models = allByTestId(root, 'usage-model');
    expect(models.map((m) => m.querySelector('th').textContent)).toEqual(['llama3.2', 'gpt-4o-mini']);
    expect(models[1].querySelector('[data-cost-known]').textContent).toBe('$0.00036');
    expect(root.textContent).toContain(en['usage.thisMonth'].replace('{month}', monthName('2026-11')));
    expect(allByTestId(root, 'usage-earlier').map((r) => r.querySelector('th').textContent)).toEqual([monthName('2026-10')]);
    expect(monthName('2026-10')).toBe('October 2026');
  });

  it('opened from a room, shows that room first', async () => {
    const room = await fake.app.CreateRoom({ language: 'en', level: 'A2', situation: 'A café', myRole: 'a', aiRole: 'b', title: 'Café' });
    fake.app.RoomUsage = async () => ({ promptTokens: 1234, completionTokens: 56, estimatedCostUsd: 0.0002, costKnown: true });
    navigate({ name: 'usage', roomId: room.id });
    const r = await waitFor(() => byTestId(view.container, 'usage-room'));
    expect(r.textContent).toContain('1,234');
  });

  it('turns token figures on the chat on and saves the choice', async () => {
    navigate({ name: 'settings' });
    const box = await waitFor(() => byTestId(view.container, 'settings-show-tokens'));
    expect(box.checked).toBe(false);
    await click(box);
    await waitFor(() => fake.state.settings.showTokens === true);
    expect(fake.state.settings.keyLast4).toBe('abcd');
  });
});
