// The studio's "Let guests see the tab" switch: off by default (never remembered), available only
// where a tab or screen can be shared; sends the peek (peek.js) while it is on, the source is a
// share that kept its video, and the room is live — and stops it, telling the server, the moment
// any of those ends.
import { PeekSender, VideoFrames } from './peek.js';

/**
 * What the switch's note says. `s`: {supported, on, display (the source is a share), video (the
 * share kept its picture), live, sending}.
 */
export function peekNote(s) {
  if (!s.supported) return 'Only a shared tab or screen can be shown, and this browser cannot share one.';
  if (!s.on) return 'Off: guests see no picture of your tab.';
  if (!s.display) return 'Guests will see the tab you share next (choose it above), while you are live.';
  if (!s.video) return 'Share the tab again to show it: its picture is kept only when this is on as you share.';
  if (!s.live) return 'Guests will see a small picture of this tab once you go live.';
  return s.sending ? 'Guests see a small picture of this tab, new every 5 s.' : 'Starting the picture…';
}

export class PeekSwitch {
  /**
   * @param {object} o
   * @param {HTMLInputElement} o.checkbox
   * @param {HTMLElement} o.note
   * @param {import('./capture.js').Capture} o.capture
   * @param {boolean} o.supported  this browser can share a tab or screen
   * @param {() => boolean} o.isLive  the room is live and this studio sends its audio
   * @param {(blob: Blob) => Promise<object>} o.put
   * @param {() => Promise<void>} o.remove
   * @param {(e: Error) => void} o.onError
   */
  constructor({ checkbox, note, capture, supported, isLive, put, remove, onError }) {
    this.checkbox = checkbox;
    this.note = note;
    this.capture = capture;
    this.supported = supported;
    this.isLive = isLive;
    this.sending = false;
    this.sender = new PeekSender({ put, remove });
    this.sender.on('sent', () => {
      this.sending = true;
      this.render();
    });
    this.sender.on('error', onError);
    checkbox.checked = false;
    checkbox.disabled = !supported;
    checkbox.addEventListener('change', () => {
      if (!checkbox.checked) capture.dropVideo(); // no picture of the tab is kept while the peek is off
      this.sync();
    });
  }

  /** Whether the next share should keep its video. */
  get keepVideo() {
    return this.supported && this.checkbox.checked;
  }

  /** Starts or stops the peek to match the switch, the source and the broadcast; call on every change. */
  sync() {
    const track = this.capture.videoTrack;
    const should = this.keepVideo && Boolean(track) && this.isLive();
    if (should && !this.sender.running) {
      this.sender.start(new VideoFrames(track));
    } else if (!should && this.sender.running) {
      this.sending = false;
      this.sender.stop();
    }
    this.render();
  }

  render() {
    this.note.textContent = peekNote({
      supported: this.supported,
      on: this.checkbox.checked,
      display: this.capture.kind === 'display' && this.capture.hasSource,
      video: Boolean(this.capture.videoTrack),
      live: this.isLive(),
      sending: this.sending,
    });
  }
}
