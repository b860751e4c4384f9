import { describe, expect, it } from 'vitest';
import { CARD_DEFAULTS, validateConfig, withDefaults } from '../../../card/floorplan-presence-card/config.ts';

const TYPE = 'custom:floorplan-presence-card';
const check = (options: Record<string, unknown>) => () => validateConfig({ type: TYPE, ...options });

describe('card options', () => {
  it('accepts the minimal and a full configuration and fills in the defaults', () => {
    expect(withDefaults(validateConfig({ type: TYPE }))).toEqual({ type: TYPE, ...CARD_DEFAULTS });
    const full = {
      type: TYPE,
      title: 'House',
      floor: 'ground',
      follow: 'person.alice',
      entities: ['person.alice', 'device_tracker.bob_phone'],
      trail: 0,
      range_circles: false,
      rotation: -90,
      show_nodes: false,
      show_static_entities: true,
      node_stale_after: 120,
      images: {
        ground: { url: '/local/ground.png', georeference: { origin: [0, 8], metres_per_pixel: 0.01 }, opacity: 0.5 },
        first: {
          url: '/local/first.svg',
          georeference: { points: [{ pixel: [0, 0], metres: [0, 8] }, { pixel: [1000, 800], metres: [10, 0] }] },
        },
      },
      tap_action: { action: 'more-info' },
      hold_action: { action: 'navigate', navigation_path: '/lovelace/people' },
      double_tap_action: { action: 'none' },
    };
    expect(withDefaults(validateConfig(full))).toEqual(full);
    expect(withDefaults(validateConfig({ type: TYPE, trail: undefined })).trail).toBe(30);
  });

  it('keeps keys Lovelace adds to every card', () => {
    expect(validateConfig({ type: TYPE, grid_options: { columns: 12 }, view_layout: {} })).toMatchObject({ grid_options: { columns: 12 } });
  });

  it('names the option, what it must be and what it got', () => {
    expect(check({ trail: 'abc' })).toThrow('trail must be a number of seconds ≥ 0, got "abc"');
    expect(check({ trail: -5 })).toThrow('trail must be a number of seconds ≥ 0, got -5');
    expect(check({ trail: '30' })).toThrow('got "30"');
    expect(check({ node_stale_after: 0 })).toThrow('node_stale_after must be a number of seconds > 0, got 0');
    expect(check({ rotation: null })).toThrow('rotation must be a number of degrees, got null');
    expect(check({ show_nodes: 'yes' })).toThrow('show_nodes must be true or false, got "yes"');
    expect(check({ follow: 'alice' })).toThrow('follow must be an entity id such as person.alice, got "alice"');
    expect(check({ entities: 'person.alice' })).toThrow('entities must be a list of entity ids, got "person.alice"');
    expect(check({ entities: ['person.alice', 42] })).toThrow('entities[1] must be an entity id such as person.alice, got 42');
    expect(check({ floor: '' })).toThrow('floor must be a non-empty text, got ""');
    expect(check({ tap_action: { action: 'explode' } })).toThrow('tap_action.action must be one of more-info, toggle');
    expect(check({ hold_action: 'more-info' })).toThrow('hold_action.action must be one of');
    expect(() => validateConfig(null)).toThrow('the card configuration must be a mapping of options, got null');
    expect(() => validateConfig({})).toThrow(`type must be "${TYPE}", got nothing`);
  });

  it('checks each floor image and its georeference', () => {
    const image = (georeference: unknown, extra: Record<string, unknown> = {}) =>
      check({ images: { ground: { url: '/local/g.png', georeference, ...extra } } });
    expect(check({ images: { ground: { georeference: { origin: [0, 0], metres_per_pixel: 1 } } } })).toThrow('images.ground.url must be');
    expect(image({ origin: [0, 0], metres_per_pixel: 0 })).toThrow('images.ground.georeference.metres_per_pixel must be a number > 0, got 0');
    expect(image({ origin: [0], metres_per_pixel: 0.01 })).toThrow('images.ground.georeference.origin must be');
    expect(image({ origin: [0, 0], metres_per_pixel: 0.01, rotation: '90' })).toThrow('images.ground.georeference.rotation must be a number');
    expect(image({ points: [{ pixel: [0, 0], metres: [0, 0] }] })).toThrow('images.ground.georeference.points must be a list of two');
    expect(image({ points: [{ pixel: [0, 0], metres: [0, 0] }, { pixel: [0, 0], metres: [5, 5] }] })).toThrow('two different pixels');
    expect(image({ points: [{ pixel: [0, 0], metres: [0, 0] }, { pixel: [1, 'x'], metres: [5, 5] }] })).toThrow('georeference.points[1] must be');
    expect(image({ origin: [0, 0], metres_per_pixel: 0.01 }, { opacity: 2 })).toThrow('images.ground.opacity must be a number from 0 to 1, got 2');
  });
});
