// Draws what qrMatrix() and barcode() return on a 2D canvas context (browsers' <canvas>,
// OffscreenCanvas, mini-programs' canvas 2D): whole pixels per module, the quiet zone included,
// so the result scans as the SVG does. Plain ES2017, no DOM lookups.

import { crosspayError } from "./state.js";

function checkContext(ctx) {
  if (!ctx || typeof ctx.fillRect !== "function") throw crosspayError("invalid_argument", "invalid argument ctx: expected a canvas 2D context");
}

function scaleOf(options) {
  const scale = options && options.scale !== undefined ? options.scale : 4;
  if (!Number.isInteger(scale) || scale < 1 || scale > 64) {
    throw crosspayError("invalid_argument", "invalid argument scale: expected a whole number of pixels per module, 1 to 64");
  }
  return scale;
}

/**
 * Draws a QR matrix at (x, y) with `scale` pixels per module (default 4) in `dark` and `light`
 * (default black and white). Returns the side drawn, in pixels.
 */
export function drawQrMatrix(ctx, matrix, options) {
  checkContext(ctx);
  const scale = scaleOf(options);
  const x0 = (options && options.x) || 0;
  const y0 = (options && options.y) || 0;
  const side = (matrix.size + 2 * matrix.quiet_zone) * scale;
  ctx.fillStyle = (options && options.light) || "#fff";
  ctx.fillRect(x0, y0, side, side);
  ctx.fillStyle = (options && options.dark) || "#000";
  const q = matrix.quiet_zone;
  for (let y = 0; y < matrix.size; y++) {
    let x = 0;
    while (x < matrix.size) {
      if (matrix.modules[y * matrix.size + x] === 1) {
        const start = x;
        while (x < matrix.size && matrix.modules[y * matrix.size + x] === 1) x++;
        ctx.fillRect(x0 + (start + q) * scale, y0 + (y + q) * scale, (x - start) * scale, scale);
      } else {
        x++;
      }
    }
  }
  return side;
}

/**
 * Draws a barcode's bars at (x, y), `scale` pixels per module (default 4) and `height` pixels
 * high (default 60 × scale / 4), quiet zones included. Returns the width drawn, in pixels.
 */
export function drawBarcode(ctx, bars, options) {
  checkContext(ctx);
  const scale = scaleOf(options);
  const x0 = (options && options.x) || 0;
  const y0 = (options && options.y) || 0;
  const height = (options && options.height) || 15 * scale;
  const width = (bars.width + 2 * bars.quiet_zone) * scale;
  ctx.fillStyle = (options && options.light) || "#fff";
  ctx.fillRect(x0, y0, width, height);
  ctx.fillStyle = (options && options.dark) || "#000";
  let x = bars.quiet_zone;
  bars.widths.forEach((w, i) => {
    if (i % 2 === 0) ctx.fillRect(x0 + x * scale, y0, w * scale, height);
    x += w;
  });
  return width;
}
