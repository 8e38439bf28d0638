// Listening with the screen off (issue #17 item 5). Two parts, both pure and node-tested:
//
// - Where the play-out goes. Straight to the AudioContext's destination, the path whose delay the
//   context reports (output-clock.js), wherever the platform keeps an audible context running in the
//   background: every desktop browser, and WebKit once the page says its audio is media playback
//   (player.js sets navigator.audioSession.type = 'playback'; WebKit then keeps the context running
//   in the background, WebKit bug 261554). Where a platform suspends it anyway (a phone with the
//   screen off), an <audio> element keeps playing: the worklet's output then goes through a
//   MediaStreamAudioDestinationNode into one. That path adds a delay the context does not report, so
//   it is taken only where it is needed — known by what the platform does, not by its name: the
//   first time this device stops the context while the page is hidden, it remembers that and moves
//   the play-out to the element as soon as the page is back (and on every join after). The page then
//   adds the delay measured for the element and says its sync is approximate (docs/SYNC.md
//   "Screen off"). `?output=element|direct` forces a route (to measure it).
// - A screen wake lock only while audio is joined and the page is visible: the browser drops it when
//   the page hides, so it is asked again each time the page shows.

export const ROUTE = Object.freeze({ DIRECT: 'direct', ELEMENT: 'element' });

/**
 * The element route's delay beyond what the context reports, and the uncertainty the page states
 * for it (ms). Measured in Chromium at a PulseAudio sink (docs/SYNC.md "Screen off"; now the
 * `chromium-element` pair of `./run bench browsers`): not a constant — the element runs on its own
 * clock, drifted about 2 ms a click and jumped by up to ±300 ms; three runs put its skew at median
 * +29, +71 and +89 ms, p95 297, 99 and 104 ms — so none is added, the page says "approximate", and
 * it states ±300 ms, the worst seen (it stated ±30 until 2026-12-07, which every run exceeded). It is
 * the price of playing at all where the platform would stop a bare context.
 */
export const ELEMENT_ROUTE = Object.freeze({ extraMs: 0, uncertaintyMs: 300 });

/**
 * The route to start with. `env`: {streamDestination: bool (createMediaStreamDestination exists),
 * override: 'direct'|'element'|null (?output=), learned: 'direct'|'element' (what this device showed)}.
 */
export function chooseRoute({ streamDestination, override = null, learned = ROUTE.DIRECT }) {
  if (!streamDestination) return ROUTE.DIRECT;
  if (override === ROUTE.DIRECT || override === ROUTE.ELEMENT) return override;
  return learned === ROUTE.ELEMENT ? ROUTE.ELEMENT : ROUTE.DIRECT;
}

/** True when a context change shows this platform needs the element: it stopped the context of a hidden page. */
export function stoppedInBackground({ state, hidden, route }) {
  return route === ROUTE.DIRECT && hidden && (state === 'suspended' || state === 'interrupted');
}

/** What this browser offers, for chooseRoute (`learned` comes from the device's settings). */
export function routeEnv(win = globalThis, learned = ROUTE.DIRECT) {
  const output = new URLSearchParams(win.location?.search ?? '').get('output');
  return {
    streamDestination: typeof win.AudioContext === 'function' && typeof win.AudioContext.prototype.createMediaStreamDestination === 'function',
    override: output === ROUTE.DIRECT || output === ROUTE.ELEMENT ? output : null,
    learned,
  };
}

/**
 * Holds a screen wake lock while it is wanted and the page is visible. `nav` and `doc` are the
 * browser's by default (tests pass fakes).
 */
export class ScreenWakeLock {
  constructor({ nav = globalThis.navigator, doc = globalThis.document } = {}) {
    this.nav = nav;
    this.doc = doc;
    this.wanted = false;
    this.sentinel = null;
    this.asking = null;
    this.onVisibility = () => this.#update();
  }

  get held() {
    return Boolean(this.sentinel && !this.sentinel.released);
  }

  /** Audio joined (true) or left (false). */
  want(on) {
    if (on === this.wanted) return this.asking ?? Promise.resolve();
    this.wanted = on;
    if (on) this.doc?.addEventListener('visibilitychange', this.onVisibility);
    else this.doc?.removeEventListener('visibilitychange', this.onVisibility);
    return this.#update();
  }

  async #update() {
    const visible = this.doc?.visibilityState === 'visible';
    if (!this.wanted || !visible) {
      // left, or hidden (the browser drops a hidden page's lock anyway): let it go
      const s = this.sentinel;
      this.sentinel = null;
      await s?.release().catch(() => {});
      return;
    }
    if (this.held || this.asking || !this.nav?.wakeLock) return;
    this.asking = this.nav.wakeLock.request('screen').then((s) => {
      if (this.wanted && this.doc?.visibilityState === 'visible') this.sentinel = s;
      else s.release().catch(() => {}); // left or hidden while it was being granted
    }, () => { /* refused (battery saver, no permission): the screen may turn off, the audio goes on */ })
      .finally(() => { this.asking = null; });
    await this.asking;
  }
}
