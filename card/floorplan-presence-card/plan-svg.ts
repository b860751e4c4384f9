/**
 * The SVG layers the plan editor draws both on the plan and over the image being georeferenced.
 * Points are projected here (`transform`: plan metres → drawing units), so text is never mirrored.
 */
import { svg, type SVGTemplateResult } from 'lit';
import type { CardRoom } from '../../server/sinks/card/messages.ts';
import { apply, middleInside, type Affine, type Point } from '../shared/geometry.ts';
import type { ImageSize } from './plan-image.ts';

export function pointsAttr(points: readonly Point[], transform: Affine): string {
  return points.map((p) => apply(transform, p).join(',')).join(' ');
}

/** Room outlines with their names; `fontSize` in drawing units. */
export function roomLayer(rooms: readonly CardRoom[], transform: Affine, fontSize: number, selected: string | null = null): SVGTemplateResult {
  return svg`<g class="rooms">
    ${rooms.map((room) => {
      const [x, y] = apply(transform, middleInside(room.boundaries));
      return svg`<polygon class="room ${room.id === selected ? 'selected' : ''}" data-room-id=${room.id}
          points=${pointsAttr(room.boundaries, transform)}></polygon>
        <text class="room-name" x=${x} y=${y} font-size=${fontSize}>${room.name || room.id}</text>`;
    })}
  </g>`;
}

/** The image with `transform` mapping its pixels to drawing units. */
export function imageLayer(url: string, size: ImageSize, transform: Affine, opacity = 1): SVGTemplateResult {
  return svg`<image class="background" href=${url} width=${size.width} height=${size.height}
    transform="matrix(${transform.join(' ')})" opacity=${opacity} preserveAspectRatio="none"></image>`;
}
