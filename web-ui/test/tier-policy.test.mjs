import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TierPolicy } from '../src/main/resources/META-INF/resources/js/tier-policy.js';

test('steps down when audio arrives with little time to spare, then back up after a healthy spell', () => {
  const p = new TierPolicy();
  const s = (headroomMs, underruns = 0) => ({ headroomMs, underruns, late: false, delayMs: 400 });
  assert.equal(p.update('high', s(300), 0), null);
  assert.equal(p.update('high', s(30), 2000), 'medium');
  assert.equal(p.update('medium', s(30), 4000), null, 'cooldown');
  assert.equal(p.update('medium', s(30, 1), 12000), 'low');
  let asked = null;
  for (let t = 14000; t < 60000 && !asked; t += 2000) asked = p.update('low', s(300, 1), t);
  assert.equal(asked, 'medium');
});
