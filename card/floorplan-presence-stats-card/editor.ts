/**
 * `floorplan-presence-stats-card-editor`: the stats card's few options in Lovelace's card editor.
 * Every change fires `config-changed` with the whole configuration; an option set back to its
 * default or left empty is removed. Native controls, styled like the first card's editor.
 */
import { html, nothing } from 'lit';
import type { CardLayout } from '../../server/sinks/card/messages.ts';
import type { HomeAssistant } from '../ha/types.ts';
import { callFloorplan, describeError } from '../shared/data.ts';
import { OptionsEditor, optionsFormStyles } from '../shared/options-editor.ts';
import { editorStyles } from '../floorplan-presence-card/plan-styles.ts';
import { STATS_CARD_TYPE, STATS_DEFAULTS, STATS_SECTIONS, validateStatsConfig, type StatsCardConfig, type StatsSection } from './config.ts';

const SECTION_LABELS: Record<StatsSection, string> = {
  home: 'Who is home',
  rooms: 'Occupancy per room',
  time: 'Time per room',
  timeline: 'Timeline',
  heatmap: 'Heat map',
};

export class FloorplanPresenceStatsCardEditor extends OptionsEditor<StatsCardConfig> {
  static override properties = {
    _layout: { state: true },
    _loadError: { state: true },
  };

  protected _config: StatsCardConfig = { type: STATS_CARD_TYPE };
  protected readonly defaults = STATS_DEFAULTS;
  /** For the floors of the heat map's floor picker. */
  private _layout?: CardLayout;
  private _loadError: string | null = null;

  protected validate(config: unknown): StatsCardConfig {
    return validateStatsConfig(config);
  }

  protected async load(hass: HomeAssistant): Promise<void> {
    try {
      this._layout = await callFloorplan<CardLayout>(hass, 'card_layout');
      this._loadError = null;
    } catch (error) {
      this._loadError = describeError(error);
    }
  }

  override render() {
    const c = this._config;
    const shown = new Set<StatsSection>(c.show ?? STATS_DEFAULTS.show);
    const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;
    const toggled = (section: StatsSection, on: boolean) => STATS_SECTIONS.filter((s) => (s === section ? on : shown.has(s)));
    return html`
      ${this._loadError ? html`<div class="error" role="alert">${this._loadError}</div>` : nothing}
      ${this._problem ? html`<div class="error" role="alert">${this._problem}</div>` : nothing}
      <div class="form">
        <label for="title">Title</label>
        <input id="title" data-option="title" .value=${c.title ?? ''} @change=${(e: Event) => this.set('title', value(e).trim())} />

        <label for="range">Range shown first</label>
        <select id="range" data-option="range" @change=${(e: Event) => this.set('range', value(e))}>
          <option value="today" ?selected=${(c.range ?? STATS_DEFAULTS.range) === 'today'}>Today</option>
          <option value="week" ?selected=${c.range === 'week'}>This week</option>
        </select>

        <label for="floor">Heat map floor</label>
        ${this.floorSelect(this._layout?.floors ?? [])}

        <label for="rotation">Heat map rotation (°)</label>
        <input
          id="rotation"
          data-option="rotation"
          type="number"
          step="any"
          placeholder="${STATS_DEFAULTS.rotation} (default)"
          .value=${c.rotation?.toString() ?? ''}
          @change=${(e: Event) => this.set('rotation', value(e).trim() === '' ? undefined : Number(value(e)))}
        />

        <span class="label">Show</span>
        <!-- The last part ticked cannot be unticked: an empty card shows nothing. -->
        <div class="choices" data-option="show">
          ${STATS_SECTIONS.map(
            (section) => html`<label
              ><input
                type="checkbox"
                value=${section}
                .checked=${shown.has(section)}
                ?disabled=${shown.size === 1 && shown.has(section)}
                @change=${(e: Event) => this.set('show', toggled(section, (e.target as HTMLInputElement).checked))}
              />
              ${SECTION_LABELS[section]}</label
            >`,
          )}
        </div>
      </div>
    `;
  }

  static override styles = [editorStyles, optionsFormStyles];
}

// The bundle may be loaded twice (a dashboard resource listed twice): define once.
if (!customElements.get('floorplan-presence-stats-card-editor')) customElements.define('floorplan-presence-stats-card-editor', FloorplanPresenceStatsCardEditor);
