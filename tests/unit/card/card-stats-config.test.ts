import { describe, expect, it } from 'vitest';
import { STATS_DEFAULTS, validateStatsConfig, withStatsDefaults } from '../../../card/floorplan-presence-stats-card/config.ts';
import { changeOption } from '../../../card/shared/options.ts';

const TYPE = 'custom:floorplan-presence-stats-card';
const check = (options: Record<string, unknown>) => () => validateStatsConfig({ type: TYPE, ...options });

describe('stats card options', () => {
  it('accepts the minimal and a full configuration and fills in the defaults', () => {
    expect(withStatsDefaults(validateStatsConfig({ type: TYPE }))).toEqual({ type: TYPE, range: 'today', rotation: 0, show: ['home', 'rooms', 'time', 'timeline', 'heatmap'] });
    const full = { type: TYPE, title: 'Who was where', range: 'week', floor: 'first', rotation: 90, show: ['timeline', 'heatmap'] };
    expect(withStatsDefaults(validateStatsConfig(full))).toEqual(full);
    expect(validateStatsConfig({ type: TYPE, grid_options: { columns: 12 } })).toMatchObject({ grid_options: { columns: 12 } });
  });

  it('names the option, what it expected and what it got', () => {
    expect(check({ range: 'month' })).toThrow('range must be one of "today", "week", got "month"');
    expect(check({ show: [] })).toThrow('show must be a list of one or more of "home", "rooms", "time", "timeline", "heatmap", got []');
    expect(check({ show: 'home' })).toThrow('show must be a list');
    expect(check({ show: ['home', 'map'] })).toThrow('show[1] must be one of "home", "rooms", "time", "timeline", "heatmap", got "map"');
    expect(check({ floor: '' })).toThrow('floor must be a non-empty text, got ""');
    expect(check({ title: 3 })).toThrow('title must be a non-empty text, got 3');
    expect(check({ rotation: '90' })).toThrow('rotation must be a number of degrees, got "90"');
    expect(() => validateStatsConfig(null)).toThrow('the card configuration must be a mapping of options, got null');
  });
});

describe('an option set in the editor', () => {
  const set = (config: Record<string, unknown>, option: string, value: unknown) => changeOption({ type: TYPE, ...config }, option, value, STATS_DEFAULTS, validateStatsConfig);

  it('is written, and removed again when left empty or set back to its default (lists compared by value)', () => {
    expect(set({}, 'range', 'week')).toEqual({ config: { type: TYPE, range: 'week' }, problem: null });
    expect(set({ range: 'week' }, 'range', 'today').config).toEqual({ type: TYPE });
    expect(set({ title: 'Stats' }, 'title', '').config).toEqual({ type: TYPE });
    expect(set({ show: ['home'] }, 'show', [...STATS_DEFAULTS.show]).config).toEqual({ type: TYPE });
    expect(set({}, 'show', ['time', 'heatmap']).config).toEqual({ type: TYPE, show: ['time', 'heatmap'] });
  });

  it('is kept out when the card would refuse it, with the card’s reason', () => {
    expect(set({ range: 'week' }, 'show', ['map'])).toEqual({ config: null, problem: 'show[0] must be one of "home", "rooms", "time", "timeline", "heatmap", got "map"' });
  });
});
