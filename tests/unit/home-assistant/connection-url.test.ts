/** Where the session connects for the URL a user configured. */
import { describe, expect, it } from 'vitest';
import { displayUrl, websocketUrl } from '../../../server/providers/home-assistant/socket.ts';

describe('websocketUrl', () => {
  it.each([
    ['http://homeassistant.local:8123', 'ws://homeassistant.local:8123/api/websocket'],
    ['http://homeassistant.local:8123/', 'ws://homeassistant.local:8123/api/websocket'],
    ['https://ha.example.com', 'wss://ha.example.com/api/websocket'],
    ['ws://192.168.1.10:8123/api/websocket', 'ws://192.168.1.10:8123/api/websocket'],
    ['wss://ha.example.com/api/websocket/', 'wss://ha.example.com/api/websocket'],
    ['http://10.0.0.2:8123/api', 'ws://10.0.0.2:8123/api/websocket'],
    ['https://example.com/home-assistant/', 'wss://example.com/home-assistant/api/websocket'],
    ['  http://[::1]:8123  ', 'ws://[::1]:8123/api/websocket'],
  ])('%s → %s', (url, expected) => {
    expect(websocketUrl(url)).toBe(expected);
  });

  it.each([
    ['homeassistant.local:8123', /no http:\/\/, https:\/\/, ws:\/\/ or wss:\/\//],
    ['', /no http:\/\//],
    ['http://', /not a URL/],
    ['ftp://ha.example.com', /unsupported scheme ftp:/],
    ['http://ha.example.com/?token=x', /no query or fragment/],
  ])('rejects %j', (url, reason) => {
    expect(() => websocketUrl(url)).toThrow(/^Invalid Home Assistant URL .*expected e\.g\. http:\/\/homeassistant\.local:8123/);
    expect(() => websocketUrl(url)).toThrow(reason);
  });

  it('leaves credentials out of the URL shown in messages', () => {
    expect(displayUrl('wss://user:pass@ha.example.com/api/websocket')).toBe('wss://ha.example.com/api/websocket');
  });
});
