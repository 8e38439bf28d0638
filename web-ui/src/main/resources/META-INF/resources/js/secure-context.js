// Placeholder until the LAN/HTTPS work lands (branch lan): pages call checkSecureContext() first.
export function checkSecureContext() {
  if (globalThis.isSecureContext !== false) return true;
  const main = document.querySelector('main');
  if (main) {
    const p = document.createElement('p');
    p.className = 'panel';
    p.textContent = 'This page was opened over plain http from another device, so the browser turns off audio. Open the https address instead.';
    main.replaceChildren(p);
  }
  return false;
}
