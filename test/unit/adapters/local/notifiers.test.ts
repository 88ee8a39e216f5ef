import { describe, expect, it } from 'vitest';
import { ConsoleNotifier } from '../../../../src/adapters/local/console-notifier.js';
import { RecordingNotifier } from '../../../../src/adapters/local/recording-notifier.js';

describe('ConsoleNotifier', () => {
  it('writes the subject and one line per message', async () => {
    const out: string[] = [];
    await new ConsoleNotifier({ write: (t) => out.push(t) }).notify('``sosw`` Dead Task', ['Closing dead task: a', 'Closing dead task: b']);
    expect(out.join('')).toBe('[sosw] ``sosw`` Dead Task\n  Closing dead task: a\n  Closing dead task: b\n');
  });
});

describe('RecordingNotifier', () => {
  it('records notices and can fail on demand', async () => {
    const notifier = new RecordingNotifier();
    await notifier.notify('s', ['m']);
    notifier.failNext();
    await expect(notifier.notify('t', ['n'])).rejects.toMatchObject({ code: 'notify.failed' });
    await notifier.notify('u', ['o', 'p']);
    expect(notifier.notices).toEqual([
      { subject: 's', messages: ['m'] },
      { subject: 'u', messages: ['o', 'p'] },
    ]);
    notifier.clear();
    expect(notifier.notices).toEqual([]);
  });
});
