/** Computed CSS colours and their WCAG 2 contrast. */

export type Rgba = [number, number, number, number];

/** `rgb(…)`, `rgba(…)` or `color(srgb …)` as getComputedStyle gives them; channels 0–255, alpha 0–1. */
export function parseColour(css: string): Rgba {
  const text = css.trim();
  const numbers = (body: string): number[] => body.split(/[\s,/]+/).filter(Boolean).map((v) => (v.endsWith('%') ? Number(v.slice(0, -1)) / 100 : Number(v)));
  let match = /^rgba?\((.*)\)$/.exec(text);
  if (match) {
    const [r = NaN, g = NaN, b = NaN, a = 1] = numbers(match[1]!);
    return [r, g, b, a];
  }
  match = /^color\(srgb (.*)\)$/.exec(text);
  if (match) {
    const [r = NaN, g = NaN, b = NaN, a = 1] = numbers(match[1]!);
    return [r * 255, g * 255, b * 255, a];
  }
  throw new Error(`not a colour this test reads: "${css}"`);
}

/** `top` painted over an opaque `bottom`. */
export function over(top: Rgba, bottom: Rgba): Rgba {
  const a = top[3];
  return [0, 1, 2].map((i) => top[i]! * a + bottom[i]! * (1 - a)).concat(1) as Rgba;
}

function luminance([r, g, b]: Rgba): number {
  const linear = (c: number): number => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** 1 (none) to 21 (black on white); WCAG asks 4.5 for text, 3 for large text and graphics. */
export function contrast(a: Rgba, b: Rgba): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}
