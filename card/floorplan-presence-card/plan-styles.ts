/**
 * The editor's look: native controls and the plan drawing in Home Assistant's theme variables, so
 * they follow light and dark themes without Home Assistant's own form elements being loaded.
 */
import { css } from 'lit';

export const editorStyles = css`
  :host {
    display: block;
    color: var(--primary-text-color);
    font-family: var(--paper-font-body1_-_font-family, inherit);
  }
  button,
  input,
  select {
    font: inherit;
    color: var(--primary-text-color);
    background: var(--card-background-color, var(--primary-background-color));
    border: 1px solid var(--divider-color, #ccc);
    border-radius: 4px;
    padding: 4px 8px;
  }
  input[type='checkbox'],
  input[type='range'] {
    accent-color: var(--primary-color);
    padding: 0;
  }
  input[type='number'] {
    width: 6em;
  }
  button {
    cursor: pointer;
  }
  button:disabled {
    cursor: default;
    opacity: 0.5;
  }
  button.primary {
    background: var(--primary-color);
    border-color: var(--primary-color);
    color: var(--text-primary-color, #fff);
  }
  button[aria-pressed='true'] {
    border-color: var(--primary-color);
    box-shadow: inset 0 0 0 1px var(--primary-color);
  }
  label {
    display: inline-flex;
    align-items: center;
    gap: 4px;
  }
  .hint {
    color: var(--secondary-text-color);
    margin: 4px 0;
  }
  .error {
    color: var(--error-color, #db4437);
    border: 1px solid var(--error-color, #db4437);
    border-radius: 4px;
    padding: 8px;
    margin: 8px 0;
    font-weight: 500;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
    margin: 8px 0;
  }
  svg.plan {
    display: block;
    width: 100%;
    max-height: 60vh;
    background: var(--secondary-background-color, #f5f5f5);
    border-radius: 4px;
    user-select: none;
    outline: none;
  }
  svg.plan:focus-visible {
    box-shadow: 0 0 0 2px var(--primary-color);
  }
  .room {
    fill: var(--primary-color);
    fill-opacity: 0.08;
    stroke: var(--secondary-text-color);
    stroke-width: 1.5px;
    vector-effect: non-scaling-stroke;
  }
  .room.selected {
    fill-opacity: 0.2;
    stroke: var(--primary-color);
    stroke-width: 2.5px;
  }
  .room-name {
    fill: var(--secondary-text-color);
    text-anchor: middle;
    dominant-baseline: middle;
    pointer-events: none;
  }
`;
