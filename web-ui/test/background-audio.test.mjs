// Screen off: where the play-out goes on each platform, and a wake lock only while joined and visible.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROUTE, ScreenWakeLock, chooseRoute, routeEnv, stoppedInBackground } from '../src/main/resources/META-INF/resources/js/background-audio.js';

test('direct unless this device showed it stops a hidden page\'s context, or ?output= says otherwise', () => {
  assert.equal(chooseRoute({ streamDestination: true }), ROUTE.DIRECT, 'every device starts direct: no delay the context does not report');
  assert.equal(chooseRoute({ streamDestination: true, learned: 'element' }), ROUTE.ELEMENT, 'a phone that stopped the audio with the screen off');
  assert.equal(chooseRoute({ streamDestination: false, learned: 'element' }), ROUTE.DIRECT, 'no MediaStream destination: nothing else to do');
  assert.equal(chooseRoute({ streamDestination: true, override: 'element' }), ROUTE.ELEMENT);
  assert.equal(chooseRoute({ streamDestination: true, learned: 'element', override: 'direct' }), ROUTE.DIRECT);
  assert.equal(chooseRoute({ streamDestination: true, learned: 'bogus', override: 'bogus' }), ROUTE.DIRECT);
});

test('what teaches it: the context stopped (suspended by the platform, or interrupted) while the page was hidden, on the direct route', () => {
  assert.equal(stoppedInBackground({ state: 'suspended', hidden: true, route: 'direct' }), true);
  assert.equal(stoppedInBackground({ state: 'interrupted', hidden: true, route: 'direct' }), true);
  assert.equal(stoppedInBackground({ state: 'suspended', hidden: false, route: 'direct' }), false, 'visible: an interruption, not the screen');
  assert.equal(stoppedInBackground({ state: 'running', hidden: true, route: 'direct' }), false, 'a desktop keeps it running');
  assert.equal(stoppedInBackground({ state: 'suspended', hidden: true, route: 'element' }), false, 'already on the element');
  assert.equal(stoppedInBackground({ state: 'closed', hidden: true, route: 'direct' }), false);
});

test('routeEnv reads the features, and ?output= only as one of the two routes', () => {
  class AudioContext {}
  AudioContext.prototype.createMediaStreamDestination = () => {};
  const win = (search) => ({ location: { search }, AudioContext });
  assert.deepEqual(routeEnv(win(''), 'element'), { streamDestination: true, override: null, learned: 'element' });
  assert.equal(routeEnv(win('?output=element')).override, 'element');
  assert.equal(routeEnv(win('?output=<script>')).override, null);
  assert.equal(routeEnv({ location: { search: '' } }).streamDestination, false);
});

/** A page whose visibility the test sets, and a wakeLock that grants (or refuses) after a tick. */
function fakes({ refuse = false } = {}) {
  const listeners = new Set();
  const doc = {
    visibilityState: 'visible',
    addEventListener: (t, f) => listeners.add(f),
    removeEventListener: (t, f) => listeners.delete(f),
    show(state) {
      this.visibilityState = state;
      for (const f of listeners) f();
    },
    listeners,
  };
  const granted = [];
  const nav = {
    wakeLock: {
      request: async (type) => {
        await new Promise((r) => setTimeout(r, 1));
        if (refuse) throw new Error('NotAllowedError');
        const s = { type, released: false, release: async () => { s.released = true; } };
        granted.push(s);
        return s;
      },
    },
  };
  return { doc, nav, granted };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

test('held while joined and visible; dropped by the browser when hidden, asked again when shown; released on leave', async () => {
  const { doc, nav, granted } = fakes();
  const lock = new ScreenWakeLock({ nav, doc });
  await lock.want(true);
  assert.equal(lock.held, true);
  assert.equal(granted.length, 1);
  doc.show('hidden');
  await tick();
  assert.equal(granted[0].released, true, 'let go when the page hides');
  assert.equal(lock.held, false);
  assert.equal(granted.length, 1, 'not asked while hidden');
  doc.show('visible');
  await tick();
  assert.equal(lock.held, true);
  assert.equal(granted.length, 2);
  await lock.want(false);
  assert.equal(granted[1].released, true);
  assert.equal(doc.listeners.size, 0, 'no listener left behind');
  doc.show('hidden');
  doc.show('visible');
  await tick();
  assert.equal(granted.length, 2, 'not asked again after leaving');
});

test('joined while hidden: asked only once the page shows; left while the grant was on its way: released at once', async () => {
  const { doc, nav, granted } = fakes();
  doc.visibilityState = 'hidden';
  const lock = new ScreenWakeLock({ nav, doc });
  await lock.want(true);
  assert.equal(granted.length, 0);
  doc.show('visible');
  const leaving = lock.want(false); // the grant is still on its way
  await leaving;
  await tick();
  assert.equal(granted.length, 1, 'it was asked for when the page showed');
  assert.equal(granted[0].released, true, 'a lock granted after leaving is released');
  assert.equal(lock.held, false);
});

test('refused (battery saver) or unsupported: no error, audio goes on', async () => {
  const { doc, nav } = fakes({ refuse: true });
  const lock = new ScreenWakeLock({ nav, doc });
  await lock.want(true);
  assert.equal(lock.held, false);
  const none = new ScreenWakeLock({ nav: {}, doc });
  await none.want(true);
  assert.equal(none.held, false);
});
