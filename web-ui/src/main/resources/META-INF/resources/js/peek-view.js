// The guest page's peek at the host's tab: shown only while the host lets guests see it. Each
// peek:frame names a new picture by URL; it is loaded off-screen and swapped in once decoded (no
// flicker, no broken image), and the figure hides at peek:stopped, when the broadcast stops, or when
// no frame came for PEEK_TTL_MS (a studio that vanished). Image bytes never ride the socket.
import { Limits } from './protocol.js';

export class PeekView {
  /**
   * @param {object} o
   * @param {HTMLElement} o.figure  hidden while the peek is off
   * @param {HTMLImageElement} o.img  the picture shown
   * @param {() => HTMLImageElement} [o.newImage]  an off-screen image to load the next frame into
   * @param {{setTimeout: Function, clearTimeout: Function}} [o.timers]
   */
  constructor({ figure, img, newImage = () => new Image(), timers = globalThis }) {
    this.figure = figure;
    this.img = img;
    this.newImage = newImage;
    this.timers = timers;
    this.generation = 0; // a load from before a hide must not show the peek again
    this.expiry = null;
    this.shownAt = 0; // the `at` of the frame on screen: an older one never replaces it
  }

  /** A peek:frame: load its picture and show it once decoded. */
  frame(m) {
    if (typeof m?.url !== 'string' || !m.url.startsWith('/api/rooms/') || !(m.at > this.shownAt)) return;
    const generation = this.generation;
    this.#armExpiry();
    const next = this.newImage();
    next.onload = () => {
      if (generation !== this.generation || !(m.at > this.shownAt)) return;
      this.shownAt = m.at;
      this.img.src = next.src;
      this.figure.hidden = false;
    };
    next.onerror = () => {}; // gone already (stopped or expired): the next event says what holds
    next.src = m.url;
  }

  /** peek:stopped, the broadcast stopped, a new join: hide at once. */
  hide() {
    this.generation++;
    this.shownAt = 0;
    this.timers.clearTimeout(this.expiry);
    this.expiry = null;
    this.figure.hidden = true;
    this.img.removeAttribute('src');
  }

  #armExpiry() {
    this.timers.clearTimeout(this.expiry);
    this.expiry = this.timers.setTimeout(() => this.hide(), Limits.PEEK_TTL_MS);
  }
}
