import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captureSupport } from '../src/main/resources/META-INF/resources/js/capture.js';

const UA = {
  chromium: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
  firefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0',
  webkit: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15',
};

function as(ua) {
  Object.defineProperty(globalThis, 'navigator', {
    value: { userAgent: ua, mediaDevices: { getUserMedia() {}, getDisplayMedia() {} } }, configurable: true,
  });
  return captureSupport();
}

test('a Firefox or WebKit host is offered input devices and files and told plainly that display audio is missing', () => {
  for (const [name, ua] of [['Firefox', UA.firefox], ['Safari', UA.webkit]]) {
    const s = as(ua);
    assert.equal(s.display, false, name);
    assert.equal(s.input, true, name);
    assert.match(s.displayMissing, new RegExp(`^${name} cannot share tab or system audio\\. Use an input device`));
  }
  const c = as(UA.chromium);
  assert.equal(c.display, true);
  assert.equal(c.displayMissing, null);
  assert.equal(c.browser, 'chromium');
});
