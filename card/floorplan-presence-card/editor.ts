/**
 * `floorplan-presence-card-editor`: the card's visual editor in Lovelace. The "Card" tab sets the
 * card's options; the "Floor plan" tab edits floorplan.yaml (plan-editor.ts). Every option change
 * fires `config-changed` with the whole configuration, as Home Assistant expects; an option set
 * back to its default or left empty is removed, so that configurations stay minimal. Native form
 * controls are used because Home Assistant's own form elements are not always loaded.
 */
import { css, html, nothing } from 'lit';
import type { CardLayout, CardPositions } from '../../server/sinks/card/messages.ts';
import type { HomeAssistant } from '../ha/types.ts';
import { callFloorplan, describeError } from '../shared/data.ts';
import { floorLabel } from '../shared/format.ts';
import type { Georeference } from '../shared/geometry.ts';
import { OptionsEditor, optionsFormStyles } from '../shared/options-editor.ts';
import { CARD_DEFAULTS, validateConfig, type FloorImageConfig, type FloorplanPresenceCardConfig } from './config.ts';
import './plan-editor.ts';
import { fitImage, imageSize } from './plan-image.ts';
import { editorStyles } from './plan-styles.ts';

type Tab = 'card' | 'plan';
type Images = Record<string, FloorImageConfig>;

/** Rotations offered in the rotation field's list; any number may be typed. */
const ROTATIONS = [0, 90, 180, 270];

export class FloorplanPresenceCardEditor extends OptionsEditor<FloorplanPresenceCardConfig> {
  static override properties = {
    _layout: { state: true },
    _entities: { state: true },
    _loadError: { state: true },
    _tab: { state: true },
  };

  protected _config: FloorplanPresenceCardConfig = { type: 'custom:floorplan-presence-card' };
  protected readonly defaults = CARD_DEFAULTS;
  private _layout?: CardLayout;
  /** Moving entities the sidecar knows, for the entity pickers. */
  private _entities: { entity_id: string; name: string }[] = [];
  private _loadError: string | null = null;
  private _tab: Tab = 'card';

  protected validate(config: unknown): FloorplanPresenceCardConfig {
    return validateConfig(config);
  }

  protected async load(hass: HomeAssistant): Promise<void> {
    this._loadError = null;
    try {
      this._layout = await callFloorplan<CardLayout>(hass, 'card_layout');
    } catch (error) {
      this._loadError = describeError(error);
      return;
    }
    // Without positions the pickers still list the configured entities.
    try {
      const positions = await callFloorplan<CardPositions>(hass, 'card_positions');
      this._entities = positions.entities.map(({ entity_id, name }) => ({ entity_id, name }));
    } catch {
      this._entities = [];
    }
  }

  private setImage(floor: string, image: FloorImageConfig | undefined): void {
    const images: Images = { ...this._config.images };
    if (image) images[floor] = image;
    else delete images[floor];
    this.set('images', images);
  }

  /** A new image starts fitted over the floor's plan, to be georeferenced in the Floor plan tab. */
  private async setImageUrl(floor: string, url: string): Promise<void> {
    const current = this._config.images?.[floor];
    if (url === '' || current) {
      this.setImage(floor, url === '' ? undefined : { ...current!, url });
      return;
    }
    try {
      const size = await imageSize(url);
      const rooms = this._layout?.rooms.filter((r) => r.floor === floor) ?? [];
      this.setImage(floor, { url, georeference: fitImage(rooms.flatMap((r) => r.boundaries), size) });
    } catch {
      this._problem = `The image ${url} could not be loaded. Files in Home Assistant's config/www folder are served under /local/.`;
    }
  }

  private georeferenced(floor: string, georeference: Georeference): void {
    const current = this._config.images?.[floor];
    if (current) this.setImage(floor, { ...current, georeference });
  }

  override render() {
    return html`
      <div class="tabs" role="tablist">
        ${(['card', 'plan'] as const).map(
          (tab) => html`<button role="tab" data-tab=${tab} aria-selected=${this._tab === tab} @click=${() => (this._tab = tab)}>
            ${tab === 'card' ? 'Card' : 'Floor plan'}
          </button>`,
        )}
      </div>
      ${this._loadError
        ? html`<div class="error" role="alert">
            ${this._loadError}
            <div class="actions"><button data-action="retry" @click=${() => this.hass && this.load(this.hass)}>Try again</button></div>
          </div>`
        : nothing}
      ${this._problem ? html`<div class="error" role="alert">${this._problem}</div>` : nothing}
      <section role="tabpanel" ?hidden=${this._tab !== 'card'}>${this.renderCardTab()}</section>
      <!-- Kept while hidden, so that unsaved plan changes survive a switch of tab. -->
      <section role="tabpanel" ?hidden=${this._tab !== 'plan'}>
        ${this._layout
          ? html`<floorplan-presence-plan-editor
              .hass=${this.hass}
              .layout=${this._layout}
              .config=${this._config}
              @layout-changed=${(e: CustomEvent<{ layout: CardLayout }>) => (this._layout = e.detail.layout)}
              @georeference-changed=${(e: CustomEvent<{ floor: string; georeference: Georeference }>) => this.georeferenced(e.detail.floor, e.detail.georeference)}
            ></floorplan-presence-plan-editor>`
          : this._loadError
            ? nothing
            : html`<p class="hint">Loading the plan…</p>`}
      </section>
    `;
  }

  /** A number option: blank means its default, which the placeholder shows. */
  private numberOption(option: 'trail' | 'rotation' | 'node_stale_after', attributes: { min?: string; step: string; list?: string }) {
    const typed = (e: Event) => (e.target as HTMLInputElement).value.trim();
    return html`<input
      id=${option}
      data-option=${option}
      type="number"
      min=${attributes.min ?? nothing}
      step=${attributes.step}
      list=${attributes.list ?? nothing}
      placeholder="${CARD_DEFAULTS[option]} (default)"
      .value=${this._config[option]?.toString() ?? ''}
      @change=${(e: Event) => this.set(option, typed(e) === '' ? undefined : Number(typed(e)))}
    />`;
  }

  private renderCardTab() {
    const c = this._config;
    const floors = this._layout?.floors ?? [];
    const known = new Map(this._entities.map((e) => [e.entity_id, e.name]));
    for (const id of [...(c.entities ?? []), ...(c.follow ? [c.follow] : [])]) if (!known.has(id)) known.set(id, id);
    const chosen = new Set(c.entities ?? []);
    const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;
    const checked = (e: Event) => (e.target as HTMLInputElement).checked;
    return html`<div class="form">
      <label for="title">Title</label>
      <input id="title" data-option="title" .value=${c.title ?? ''} @change=${(e: Event) => this.set('title', value(e).trim())} />

      <label for="floor">Floor shown first</label>
      ${this.floorSelect(floors)}

      <span class="label">Entities</span>
      <div class="choices" data-option="entities">
        ${known.size === 0 ? html`<span class="hint">No moving entities yet.</span>` : nothing}
        ${[...known].map(
          ([id, name]) => html`<label
            ><input
              type="checkbox"
              value=${id}
              .checked=${chosen.has(id)}
              @change=${(e: Event) => this.set('entities', [...known.keys()].filter((k) => (k === id ? checked(e) : chosen.has(k))))}
            />
            ${name}</label
          >`,
        )}
        <span class="hint">None ticked: all are shown.</span>
      </div>

      <label for="follow">Follow</label>
      <select id="follow" data-option="follow" @change=${(e: Event) => this.set('follow', value(e))}>
        <option value="" ?selected=${!c.follow}>Nobody</option>
        ${[...known].map(([id, name]) => html`<option value=${id} ?selected=${id === c.follow}>${name}</option>`)}
      </select>

      <label for="trail">Trail (s)</label>
      ${this.numberOption('trail', { min: '0', step: '1' })}

      <label for="rotation">Rotation (°)</label>
      <span>
        ${this.numberOption('rotation', { step: 'any', list: 'rotations' })}
        <datalist id="rotations">${ROTATIONS.map((r) => html`<option value=${r}></option>`)}</datalist>
      </span>

      <label for="node_stale_after">Node stale after (s)</label>
      ${this.numberOption('node_stale_after', { min: '1', step: '1' })}

      <span class="label">Show</span>
      <div class="choices">
        ${(
          [
            ['range_circles', 'Range circles of the selected entity'],
            ['show_nodes', 'Beacon nodes'],
            ['show_static_entities', 'Static entities'],
          ] as const
        ).map(
          ([option, label]) => html`<label
            ><input type="checkbox" data-option=${option} .checked=${c[option] ?? CARD_DEFAULTS[option]} @change=${(e: Event) => this.set(option, checked(e))} />
            ${label}</label
          >`,
        )}
      </div>
    </div>
    ${floors.length > 0 ? this.renderImages(floors.map((f) => f.id)) : nothing}`;
  }

  private renderImages(floors: string[]) {
    return html`<h3>Floor images</h3>
      <p class="hint">PNG, JPEG or SVG, e.g. /local/floorplan/ground.png. Pin an image to the plan with "Georeference image" in the Floor plan tab.</p>
      <div class="form">
        ${floors.map((floor) => {
          const image = this._config.images?.[floor];
          return html`<label for="image-${floor}">${floorLabel(floor)}</label>
            <span class="image" data-floor=${floor}>
              <input
                id="image-${floor}"
                data-option="image-url"
                type="text"
                placeholder="Image URL"
                .value=${image?.url ?? ''}
                @change=${(e: Event) => void this.setImageUrl(floor, (e.target as HTMLInputElement).value.trim())}
              />
              ${image
                ? html`<label
                    >opacity
                    <input
                      type="range"
                      data-option="image-opacity"
                      min="0"
                      max="1"
                      step="0.05"
                      .value=${String(image.opacity ?? 1)}
                      @change=${(e: Event) => {
                        const { opacity: _, ...rest } = image;
                        const opacity = Number((e.target as HTMLInputElement).value);
                        this.setImage(floor, opacity === 1 ? rest : { ...rest, opacity });
                      }}
                    />
                    ${Math.round((image.opacity ?? 1) * 100)} %</label
                  >`
                : nothing}
            </span>`;
        })}
      </div>`;
  }

  static override styles = [
    editorStyles,
    optionsFormStyles,
    css`
      .tabs {
        display: flex;
        gap: 4px;
        border-bottom: 1px solid var(--divider-color, #ccc);
        margin-bottom: 12px;
      }
      .tabs button {
        border: none;
        border-bottom: 2px solid transparent;
        border-radius: 0;
        background: none;
        color: var(--secondary-text-color);
        font-weight: 500;
        padding: 8px 16px;
      }
      .tabs button[aria-selected='true'] {
        color: var(--primary-color);
        border-bottom-color: var(--primary-color);
      }
      [hidden] {
        display: none !important;
      }
      .image input[type='text'] {
        width: 100%;
        max-width: 24em;
        box-sizing: border-box;
      }
      .image {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: center;
      }
      h3 {
        font-size: 1em;
        font-weight: 500;
        margin: 16px 0 4px;
      }
    `,
  ];
}

// The bundle may be loaded twice (a dashboard resource listed twice): define once.
if (!customElements.get('floorplan-presence-card-editor')) customElements.define('floorplan-presence-card-editor', FloorplanPresenceCardEditor);
