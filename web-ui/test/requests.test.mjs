import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MyRequests, RequestQueue, requestErrorText, requestStateText } from '../src/main/resources/META-INF/resources/js/requests.js';

const ask = (id, text = `song ${id}`) => ({ id, userId: `u_${id}`, username: `Guest ${id}`, text, at: 1000 + id });

test('the queue lists requests oldest first, once each, and drops a resolved one', () => {
  const q = new RequestQueue();
  q.replace([ask(7), ask(3)]);
  assert.equal(q.add(ask(9)), true);
  assert.equal(q.add(ask(9)), false, 'a request:added already held by requests:queue is not shown twice');
  assert.deepEqual(q.list().map((r) => r.id), [3, 7, 9]);
  assert.equal(q.remove(7), true);
  assert.equal(q.remove(7), false);
  assert.deepEqual(q.list().map((r) => r.id), [3, 9]);
  assert.equal(q.size, 2);
  q.replace([]);
  assert.equal(q.size, 0);
});

test('a guest sees each of its requests with its latest state; old resolved ones make room, open ones stay', () => {
  const mine = new MyRequests(2);
  mine.update({ requestId: 1, text: 'a', state: 'requested' });
  mine.update({ requestId: 1, text: 'a', state: 'played' });
  mine.update({ requestId: 2, text: 'b', state: 'requested' });
  assert.deepEqual(mine.list().map((r) => [r.requestId, r.state]), [[1, 'played'], [2, 'requested']]);
  mine.update({ requestId: 3, text: 'c', state: 'requested' });
  assert.deepEqual(mine.list().map((r) => r.requestId), [2, 3]);
  mine.update({ requestId: 4, text: 'd', state: 'requested' });
  assert.deepEqual(mine.list().map((r) => r.requestId), [2, 3, 4], 'open requests are never hidden');
});

test('states and refusals read as sentences, never codes', () => {
  assert.equal(requestStateText('requested'), 'Requested');
  assert.equal(requestStateText('played'), 'Played');
  assert.equal(requestStateText('dismissed'), 'Dismissed by the host');
  assert.match(requestErrorText('bad_message'), /1 to 200 characters/);
  assert.match(requestErrorText('rate_limited', 14), /every 20 seconds\. Try again in 14 s\./);
  assert.match(requestErrorText('rate_limited'), /Try again in a moment/);
  for (const code of ['bad_message', 'rate_limited']) assert.doesNotMatch(requestErrorText(code, 3), /_/, code);
  assert.equal(requestErrorText('requests_off'), null, 'other codes: the page\'s usual words (ui.js ERROR_TEXT)');
});
