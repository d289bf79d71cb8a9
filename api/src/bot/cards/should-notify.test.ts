import { describe, expect, it } from 'vitest';
import type { NotificationSetting } from '../../domain/settings.js';
import type { RunCounts, RunStatus } from '../../ports/store.js';
import { syncRun } from '../../../test/support/sync-runs.js';
import { shouldNotify } from './should-notify.js';

const quiet: RunCounts = {
  added: 0,
  updated: 0,
  removed: 0,
  held: 0,
  unchanged: 900,
  skipped: { guest: 4 },
};
const run = (status: RunStatus, counts: Partial<RunCounts> = {}) =>
  syncRun({ status, counts: { ...quiet, ...counts } });

describe('shouldNotify', () => {
  it.each<[string, ReturnType<typeof run>, Record<NotificationSetting, boolean>]>([
    // Skips and unchanged users are no news: every run has them.
    [
      'a quiet success',
      run('succeeded'),
      { always: true, changesOrFailures: false, failuresOnly: false },
    ],
    [
      'an add',
      run('succeeded', { added: 1 }),
      { always: true, changesOrFailures: true, failuresOnly: false },
    ],
    [
      'an update',
      run('succeeded', { updated: 1 }),
      { always: true, changesOrFailures: true, failuresOnly: false },
    ],
    [
      'a removal',
      run('succeeded', { removed: 1 }),
      { always: true, changesOrFailures: true, failuresOnly: false },
    ],
    [
      'held removals',
      run('held', { held: 30 }),
      { always: true, changesOrFailures: true, failuresOnly: true },
    ],
    ['a failure', run('failed'), { always: true, changesOrFailures: true, failuresOnly: true }],
    [
      'a partial run',
      run('partial', { added: 5 }),
      { always: true, changesOrFailures: true, failuresOnly: true },
    ],
    [
      'a run still going',
      run('running', { added: 5 }),
      { always: false, changesOrFailures: false, failuresOnly: false },
    ],
  ])('%s', (_what, subject, expected) => {
    for (const setting of Object.keys(expected) as NotificationSetting[]) {
      expect([setting, shouldNotify(setting, subject)]).toEqual([setting, expected[setting]]);
    }
  });
});
