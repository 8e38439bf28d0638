// Shared by the pages, the player and the AudioWorklet processors.
export const PLAYOUT_PROCESSOR = 'playout-processor';
export const CAPTURE_PROCESSOR = 'capture-processor';
/** Ring control words (Int32, read/written with Atomics when shared). */
export const CTRL_WRITE = 0;
export const CTRL_READ = 1;
export const CTRL_WORDS = 4;
/** Seconds of audio the play-out ring holds (Stable's 5 s delay plus room). */
export const RING_SECONDS = 10;
/** Capture blocks: 20 ms. */
export const BLOCK_MS = 20;
/** Transfer buffers the capture worklet may have in flight. */
export const CAPTURE_POOL = 16;
