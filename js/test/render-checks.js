// Runs tests/vectors/render.json against a crosspay API object (Node, Chromium, the simulated
// mini-programs): QR matrices, SVG and Code 128 bars byte for byte, the errors, and the canvas
// helpers, which must paint exactly the modules (a recording context rebuilds the bitmap).
import { checker, outcome, same } from "./same.js";


function rowsOf(m) {
  const rows = [];
  for (let y = 0; y < m.size; y++) {
    let row = "";
    for (let x = 0; x < m.size; x++) row += m.modules[y * m.size + x] === 1 ? "1" : "0";
    rows.push(row);
  }
  return rows;
}

/** A 2D context that records fillRect calls into a bitmap (one cell per pixel). */
function recordingContext() {
  const painted = new Map();
  return {
    painted,
    fillStyle: "",
    fillRect(x, y, w, h) {
      for (let j = y; j < y + h; j++) for (let i = x; i < x + w; i++) painted.set(`${i},${j}`, this.fillStyle);
    },
  };
}

/** Returns one result per check: { name, ok, detail }. */
export function runRenderVectors(api, doc) {
  const { results, check } = checker();
  for (const c of doc.qr) {
    check(`qr ${c.name}`, () => {
      const m = api.qrMatrix(c.payload, c.options);
      const got = { version: m.version, ec_level: m.ec_level, size: m.size, quiet_zone: m.quiet_zone, rows: rowsOf(m) };
      return same(got, c.expected) || `got version ${m.version} size ${m.size}`;
    });
  }
  for (const c of doc.qr_errors) {
    check(`qr error ${c.name}`, () => {
      const got = outcome(() => api.qrMatrix(c.payload, c.options));
      return got.error === c.error || JSON.stringify(got).slice(0, 200);
    });
  }
  for (const c of doc.svg) {
    check(`svg ${c.name}`, () => api.qrSvg(c.payload, c.options) === c.expected || "different SVG");
  }
  for (const c of doc.barcodes) {
    check(`barcode ${c.name}`, () => {
      const b = api.barcode(c.digits);
      const got = { text: b.text, symbology: b.symbology, width: b.width, quiet_zone: b.quiet_zone, widths: b.widths.join(""), svg: api.barcodeSvg(c.digits) };
      return same(got, c.expected) || JSON.stringify(got).slice(0, 200);
    });
  }
  for (const c of doc.barcode_errors) {
    check(`barcode error ${c.name}`, () => {
      const got = outcome(() => api.barcode(c.digits));
      return got.error === c.error || JSON.stringify(got);
    });
  }
  check("qrMatrix and qrSvg without options use the defaults", () => {
    const m = api.qrMatrix("HELLO");
    return (m.version === 1 && m.ec_level === "M" && m.quiet_zone === 4 && api.qrSvg("HELLO") === doc.svg[0].expected) || JSON.stringify(m).slice(0, 100);
  });
  check("drawQrMatrix paints exactly the dark modules, scale pixels each, on a light quiet zone", () => {
    const m = api.qrMatrix(doc.qr[2].payload);
    const ctx = recordingContext();
    const scale = 2;
    const side = api.drawQrMatrix(ctx, m, { scale, dark: "D", light: "L" });
    const full = m.size + 2 * m.quiet_zone;
    if (side !== full * scale) return `side ${side}`;
    for (let py = 0; py < side; py++) {
      for (let px = 0; px < side; px++) {
        const x = Math.floor(px / scale) - m.quiet_zone;
        const y = Math.floor(py / scale) - m.quiet_zone;
        const dark = x >= 0 && y >= 0 && x < m.size && y < m.size && m.modules[y * m.size + x] === 1;
        if (ctx.painted.get(`${px},${py}`) !== (dark ? "D" : "L")) return `pixel ${px},${py}`;
      }
    }
    return true;
  });
  check("drawBarcode paints the bars", () => {
    const b = api.barcode(doc.barcodes[0].digits);
    const ctx = recordingContext();
    const width = api.drawBarcode(ctx, b, { scale: 1, height: 3, dark: "D", light: "L" });
    let row = "";
    for (let x = 0; x < width; x++) row += ctx.painted.get(`${x},1`);
    let expected = "L".repeat(b.quiet_zone);
    b.widths.forEach((w, i) => (expected += (i % 2 === 0 ? "D" : "L").repeat(w)));
    expected += "L".repeat(b.quiet_zone);
    return row === expected || row;
  });
  check("the canvas helpers refuse a wrong context or scale", () => {
    const m = api.qrMatrix("HELLO");
    const codes = [outcome(() => api.drawQrMatrix({}, m)), outcome(() => api.drawQrMatrix(recordingContext(), m, { scale: 0.5 }))];
    return codes.every((c) => c.error === "invalid_argument") || JSON.stringify(codes);
  });
  return results;
}
