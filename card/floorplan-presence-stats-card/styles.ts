/**
 * The stats card's look on top of the first card's (ha-card, title, banners, tabs, rooms, avatars),
 * from theme variables only; the rooms' colours and the heat scale are the charts' own.
 */
import { css } from 'lit';

export const statsStyles = css`
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    padding: 12px 16px 0;
  }
  .header .title {
    padding: 0;
  }
  .range-toggle {
    display: inline-flex;
    margin-left: auto;
    border: 1px solid var(--divider-color);
    border-radius: 16px;
    overflow: hidden;
  }
  .range {
    border: none;
    background: none;
    color: var(--secondary-text-color);
    font: inherit;
    font-size: 13px;
    font-weight: 500;
    padding: 5px 12px;
    cursor: pointer;
  }
  .range[aria-pressed='true'] {
    background: rgba(var(--rgb-primary-color, 3, 169, 244), 0.15);
    color: var(--primary-color);
  }
  .sections {
    display: flex;
    flex-direction: column;
    gap: 20px;
    padding: 12px 16px 16px;
  }
  h2 {
    margin: 0 0 8px;
    font-size: 14px;
    font-weight: 500;
    color: var(--secondary-text-color);
  }
  .empty {
    margin: 0;
    font-size: 14px;
    color: var(--secondary-text-color);
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }

  .home ul {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  /* Chips, as the first card's, that do nothing when tapped. */
  .home .chip {
    cursor: default;
  }
  .home .where {
    color: var(--secondary-text-color);
  }

  .rooms ul {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
    gap: 6px;
  }
  .rooms li {
    display: grid;
    grid-template-columns: 2em minmax(0, 1fr);
    align-items: center;
    column-gap: 6px;
    padding: 6px 8px;
    border-radius: 8px;
    background: rgba(var(--rgb-primary-color, 3, 169, 244), 0.14);
    font-size: 14px;
  }
  .vacant {
    margin: 6px 0 0;
    font-size: 13px;
    color: var(--secondary-text-color);
  }
  .rooms .count {
    grid-row: span 2;
    font-size: 20px;
    font-weight: 500;
    text-align: center;
    font-variant-numeric: tabular-nums;
  }
  .rooms .names {
    color: var(--secondary-text-color);
    font-size: 12px;
  }
  .rooms .names,
  .who {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  /* Name, chart, total: the same columns for the bars, their breakdown and the timeline. */
  .bar summary,
  .breakdown li,
  .lane {
    display: grid;
    grid-template-columns: minmax(4em, 7em) minmax(0, 1fr) 6.5em;
    align-items: center;
    gap: 8px;
  }
  .bars,
  .lanes {
    display: flex;
    flex-direction: column;
    gap: 6px;
  }
  .who {
    font-size: 14px;
  }
  .bar summary {
    cursor: pointer;
    list-style: none;
  }
  .bar summary::-webkit-details-marker {
    display: none;
  }
  .bar summary:focus-visible {
    outline: 2px solid var(--primary-color);
    outline-offset: 2px;
  }
  .track,
  .band {
    display: flex;
    height: 16px;
    border-radius: 3px;
    overflow: hidden;
    background: color-mix(in srgb, var(--primary-text-color) 6%, transparent);
  }
  .track .segment {
    flex: none;
    height: 100%;
  }
  /* A hairline of the card's colour between stacked rooms. */
  .segment {
    box-shadow: inset -1px 0 0 var(--card-background-color, #fff);
  }
  .total {
    text-align: right;
    font-size: 13px;
    color: var(--secondary-text-color);
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .breakdown {
    margin: 4px 0 8px;
  }
  .breakdown li {
    margin-top: 2px;
  }
  .breakdown .who {
    padding-left: 12px;
    font-size: 12px;
    color: var(--secondary-text-color);
  }
  .breakdown .track {
    height: 8px;
  }

  .lane {
    grid-template-columns: minmax(4em, 7em) minmax(0, 1fr);
  }
  .band {
    position: relative;
    display: block;
  }
  .band .segment {
    position: absolute;
    top: 0;
    bottom: 0;
  }
  .band .now {
    position: absolute;
    top: 0;
    bottom: 0;
    width: 2px;
    margin-left: -1px;
    background: var(--primary-text-color);
  }
  .axis .band {
    height: 16px;
    overflow: visible;
    background: none;
  }
  /* In a narrow column the labels (about 36 px each) would run into each other: every other one,
     every fourth, then the first alone. */
  .axis .band {
    container-type: inline-size;
  }
  @container (max-width: 300px) {
    .tick:nth-child(even) {
      color: transparent;
    }
  }
  @container (max-width: 150px) {
    .tick:not(:nth-child(4n + 1)) {
      color: transparent;
    }
  }
  @container (max-width: 75px) {
    .tick:not(:first-child) {
      color: transparent;
    }
  }
  .tick {
    position: absolute;
    top: 0;
    padding-left: 3px;
    border-left: 1px solid var(--divider-color);
    font-size: 11px;
    line-height: 16px;
    color: var(--secondary-text-color);
    white-space: nowrap;
  }

  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 12px;
    margin-top: 8px;
    font-size: 12px;
    color: var(--secondary-text-color);
  }
  .legend li {
    display: inline-flex;
    align-items: center;
    gap: 4px;
  }
  .swatch {
    width: 10px;
    height: 10px;
    border-radius: 2px;
  }

  .heatmap .tabs {
    padding: 0 0 8px;
  }
  svg.heat {
    display: block;
    width: 100%;
    height: auto;
    max-height: 60vh;
    font-family: inherit;
  }
  .heat .cell {
    fill-opacity: 0.85;
    shape-rendering: crispEdges;
  }
  .heat .room {
    fill: none;
  }
  .heat .room-name {
    fill: var(--primary-text-color);
    text-anchor: middle;
    dominant-baseline: central;
    pointer-events: none;
    paint-order: stroke;
    stroke: var(--card-background-color, #fff);
    stroke-width: calc(3 * var(--metres-per-pixel));
    stroke-linejoin: round;
  }
  .scale {
    display: flex;
    align-items: center;
    gap: 8px;
    margin-top: 6px;
    font-size: 12px;
    color: var(--secondary-text-color);
  }
  .scale .gradient {
    flex: 0 1 160px;
    height: 8px;
    border-radius: 4px;
  }
`;
