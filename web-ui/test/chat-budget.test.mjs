// The chat's mirror of chat-service's per-user bucket: 5 at once, then one a second.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SendBudget } from '../src/main/resources/META-INF/resources/js/chat.js';

test('five at once, then one a second; the wait is told', () => {
  let now = 0;
  const b = new SendBudget({ now: () => now });
  for (let i = 0; i < 5; i++) assert.ok(b.take(), `message ${i + 1}`);
  assert.equal(b.take(), false);
  assert.equal(b.waitMs(), 1000);
  now = 400;
  assert.equal(b.waitMs(), 600);
  now = 1000;
  assert.ok(b.take());
  assert.equal(b.take(), false);
});

test('a refusal from the server empties the bucket', () => {
  let now = 0;
  const b = new SendBudget({ now: () => now });
  b.take();
  b.drain();
  assert.equal(b.take(), false);
  now = 1000;
  assert.ok(b.take());
});
