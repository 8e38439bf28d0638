// Who can reach a room, in words: whether it is on the home page's list, whether it has a password,
// and what a guest who gave wrong passwords is told (pure: node tests in web-ui/test/access.test.mjs).

/** The studio's line under "List on the home page". */
export function listingText({ listed, live }) {
  if (!listed) return 'Unlisted: only people with the link can join.';
  return live ? 'Listed: anyone can find it on the home page now.' : 'Listed: it shows on the home page while you are live.';
}

/** The studio's line about the room password (the server never sends the password back). */
export function passwordText({ hasPassword }) {
  return hasPassword
    ? 'Password on: new guests must enter it. Guests already in stay.'
    : 'No password: anyone with the link can join.';
}

/** What the studio says once the room confirmed a change (room:settings), compared with before. */
export function settingsChangeText(before, after) {
  const out = [];
  if (before && before.playoutDelayMs !== after.playoutDelayMs) out.push(`Delay is now ${(after.playoutDelayMs / 1000).toFixed(1)} s.`);
  if (before && before.listed !== after.listed) out.push(after.listed ? 'The room is listed on the home page.' : 'The room is unlisted.');
  return out.join(' ');
}

/** A guest refused for too many wrong passwords: when to try again (retryAfter seconds from the server). */
export function triesText(retryAfter) {
  const s = Math.max(1, Math.ceil(Number(retryAfter) || 60));
  const when = s >= 90 ? `in ${Math.ceil(s / 60)} minutes` : s === 1 ? 'in 1 second' : `in ${s} seconds`;
  return `Too many wrong passwords. Try again ${when}.`;
}
