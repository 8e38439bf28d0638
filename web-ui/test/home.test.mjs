// The home page's "Live now" list: live rooms with someone in them, once each, most people first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { liveRooms } from '../src/main/resources/META-INF/resources/js/home.js';

test('only live rooms with people, no duplicates, most people first', () => {
  const rooms = [
    { roomId: 'a', roomName: 'Idle', isLive: false, participantCount: 9 },
    { roomId: 'b', roomName: 'Small', isLive: true, participantCount: 1 },
    { roomId: 'c', roomName: 'Big', isLive: true, participantCount: 3 },
    { roomId: 'c', roomName: 'Big', isLive: true, participantCount: 3 },
    { roomId: 'd', roomName: 'Host gone', isLive: true, participantCount: 0 },
    null,
  ];
  assert.deepEqual(liveRooms(rooms).map((r) => r.roomId), ['c', 'b']);
});
