/**
 * What the cards' editors share: the configuration Lovelace hands them, one option set at a time
 * (`config-changed` with the whole configuration, an option left empty or back to its default
 * removed, a value the card would refuse kept out and explained), one read from the sidecar when
 * `hass` first arrives, and the floor picker.
 */
import { css, html, LitElement, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import type { CardFloor } from '../../server/sinks/card/messages.ts';
import type { HomeAssistant, LovelaceCardConfig, LovelaceCardEditor } from '../ha/types.ts';
import { floorLabel } from './format.ts';
import { changeOption } from './options.ts';

export abstract class OptionsEditor<C extends { type: string; floor?: string }> extends LitElement implements LovelaceCardEditor {
  /** Subclasses add theirs; Lit keeps these. */
  static override properties: PropertyDeclarations = {
    hass: { attribute: false },
    _config: { state: true },
    _problem: { state: true },
  };

  hass?: HomeAssistant;
  protected abstract _config: C;
  /** Why the last option change was refused (the card would not accept it). */
  protected _problem: string | null = null;
  private loading = false;

  /** The card's defaults and its check of the options. */
  protected abstract readonly defaults: object;
  protected abstract validate(config: unknown): C;
  /** What the editor reads from the sidecar, once. */
  protected abstract load(hass: HomeAssistant): Promise<void>;

  setConfig(config: LovelaceCardConfig): void {
    this._config = config as unknown as C;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Once: Home Assistant sets a new `hass` on every state change.
    if (changed.has('hass') && this.hass && !this.loading) {
      this.loading = true;
      void this.load(this.hass);
    }
  }

  /** Sets one option (removed when empty or back to its default) and tells Lovelace; a refused value is not sent. */
  protected set(option: Exclude<keyof C & string, 'type'>, value: unknown): void {
    const { config, problem } = changeOption(this._config, option, value, this.defaults, (c) => this.validate(c));
    this._problem = problem;
    if (!config) return;
    this._config = config;
    this.dispatchEvent(new CustomEvent('config-changed', { detail: { config }, bubbles: true, composed: true }));
  }

  /** The `floor` option: blank for the plan's first floor; a configured floor the plan lacks stays listed. */
  protected floorSelect(floors: readonly CardFloor[]): TemplateResult {
    const floor = this._config.floor;
    return html`<select id="floor" data-option="floor" @change=${(e: Event) => this.set('floor' as Exclude<keyof C & string, 'type'>, (e.target as HTMLSelectElement).value)}>
      <option value="" ?selected=${!floor}>The first floor</option>
      ${floors.map((f) => html`<option value=${f.id} ?selected=${f.id === floor}>${floorLabel(f.id)}</option>`)}
      ${floor && !floors.some((f) => f.id === floor) ? html`<option value=${floor} selected>${floor}</option>` : nothing}
    </select>`;
  }
}

/** The options form: labels and fields in two columns, and wrapping rows of checkboxes. */
export const optionsFormStyles = css`
  .form {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 8px 16px;
    align-items: center;
  }
  .form > input[type='text'],
  .form > input:not([type]),
  .form > select {
    width: 100%;
    max-width: 24em;
    box-sizing: border-box;
  }
  .form input[type='number'] {
    width: 9em;
  }
  .choices {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 16px;
  }
`;
