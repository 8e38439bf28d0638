// Browsers give audio capture (getUserMedia, getDisplayMedia), AudioWorklet, WebCodecs and
// SharedArrayBuffer only to a secure context: a page over https, or over http from localhost. A
// page opened over plain http from another device (a phone on the same Wi-Fi) gets none of them, so
// instead of failing piecemeal the page says so once. `./run --lan` serves the https address
// (docs/DEPLOYMENT.md, "Phones on the same Wi-Fi").
//
// Usage, first thing in a page's module:
//   import { checkSecureContext } from '/js/secure-context.js';
//   if (!checkSecureContext()) { /* stop: the page shows why */ }

const STYLESHEET = new URL('../css/secure-context.css', import.meta.url).href;

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * True in a secure context. Otherwise replaces the content of the page's <main> (or of <body> when
 * there is none) with an explanation and the likely https address of this page, and returns false.
 * Everything goes in as text; nothing from the URL is parsed as HTML.
 */
export function checkSecureContext() {
  if (window.isSecureContext) return true;

  if (![...document.querySelectorAll('link[rel="stylesheet"]')].some((l) => l.href === STYLESHEET)) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = STYLESHEET;
    document.head.append(link);
  }

  const likely = `https://${location.host}`;
  const box = el('section', 'secure-context');
  box.setAttribute('aria-labelledby', 'secure-context-title');
  const title = el('h2', null, 'This page needs a secure (https) address');
  title.id = 'secure-context-title';
  box.append(
    title,
    el('p', null, 'It was opened over plain http from another device, so the browser turns off '
      + 'what Roomcast needs to capture and play audio (audio capture, AudioWorklet, WebCodecs). '
      + 'Nothing here would work.'),
    el('p', null, 'Open the https address that ./run --lan prints instead (it also shows it as a QR code). '
      + 'It is probably:'),
  );
  const link = el('a', 'secure-context-url', `${likely}${location.pathname}${location.search}`);
  link.href = `${likely}${location.pathname}${location.search}`;
  const linkLine = el('p');
  linkLine.append(link);
  box.append(
    linkLine,
    el('p', 'secure-context-note', 'The first time, the phone has to trust the certificate that ./run --lan made: '
      + 'open /ca.crt on the https address and follow the steps ./run --lan printed '
      + '(iPhone: Settings → General → About → Certificate Trust Settings; Android: Install certificate → CA certificate). '
      + 'On the computer that runs Roomcast, a localhost address works as it is.'),
  );

  const main = document.querySelector('main') || document.body;
  main.replaceChildren(box);
  return false;
}
