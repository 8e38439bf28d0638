import test from 'node:test';
import assert from 'node:assert/strict';
import { listingText, passwordText, settingsChangeText, triesText } from '../src/main/resources/META-INF/resources/js/access.js';

test('the studio says whether the room is listed, and when it shows', () => {
  assert.match(listingText({ listed: false, live: true }), /^Unlisted: only people with the link/);
  assert.match(listingText({ listed: true, live: false }), /while you are live/);
  assert.match(listingText({ listed: true, live: true }), /on the home page now/);
});

test('the studio says whether new guests need a password, and that guests in stay', () => {
  assert.match(passwordText({ hasPassword: true }), /new guests must enter it\. Guests already in stay\./);
  assert.match(passwordText({ hasPassword: false }), /anyone with the link/);
});

test('a settings change is described by what changed only', () => {
  const before = { playoutDelayMs: 1200, listed: false, hasPassword: false };
  assert.equal(settingsChangeText(before, { ...before, playoutDelayMs: 5000 }), 'Delay is now 5.0 s.');
  assert.equal(settingsChangeText(before, { ...before, listed: true }), 'The room is listed on the home page.');
  assert.equal(settingsChangeText({ ...before, listed: true }, before), 'The room is unlisted.');
  assert.equal(settingsChangeText(before, { ...before, hasPassword: true }), '');
});

test('too many wrong passwords: the guest is told when to try again', () => {
  assert.equal(triesText(42), 'Too many wrong passwords. Try again in 42 seconds.');
  assert.equal(triesText(1), 'Too many wrong passwords. Try again in 1 second.');
  assert.equal(triesText(0.2), 'Too many wrong passwords. Try again in 1 second.');
  assert.equal(triesText(600), 'Too many wrong passwords. Try again in 10 minutes.');
  assert.equal(triesText(undefined), 'Too many wrong passwords. Try again in 60 seconds.');
});
