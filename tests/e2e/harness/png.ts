import { encodePng } from '../../helpers/png';

/** A real RGB PNG (gradient with a soft disc), so media in the UI tests is an actual image. */
export function makePng(width: number, height: number, hue: [number, number, number]): Buffer {
  return encodePng(width, height, (x, y) => {
    const dx = x - width * 0.62;
    const dy = y - height * 0.4;
    const disc = Math.max(0, 1 - Math.sqrt(dx * dx + dy * dy) / (height * 0.35));
    const t = y / height;
    const c = (i: 0 | 1 | 2) => Math.min(255, Math.round(hue[i] * (0.55 + 0.45 * t) + 255 * disc * 0.5));
    return [c(0), c(1), c(2)];
  });
}
