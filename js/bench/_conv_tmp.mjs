import * as cp from "../dist/node.js";
import { convert as dConvert, dinero, halfEven, toDecimal, transformScale } from "dinero.js";
import { CNY, HKD } from "dinero.js/currencies";
const bench = (name, fn, n) => { for (let i = 0; i < n / 10; i++) fn(); const t = process.hrtime.bigint(); for (let i = 0; i < n; i++) fn(); const ns = Number(process.hrtime.bigint() - t) / n; console.log(name.padEnd(28), (1e9 / ns).toFixed(0).padStart(10), "ops/s", ns.toFixed(0), "ns"); return ns; };
const amounts = Array.from({ length: 1000 }, (_, i) => `${(i * 7.13 + 1).toFixed(2)}`);
for (let r = 0; r < 3; r++) {
  const a = bench("crosspay convert", () => cp.convert("123.45", "CNY", "HKD", "0.9132", "half-even"), 200000);
  const d = bench("dinero", () => toDecimal(transformScale(dConvert(dinero({ amount: 12345, currency: CNY }), HKD, { HKD: { amount: 9132, scale: 4 } }), 2, halfEven)), 200000);
  const m = bench("convertMany per amount", () => cp.convertMany(amounts, "CNY", "HKD", "0.9132", { rounding: "half-even" }), 300) / 1000;
  console.log("ratio convert", (d / a).toFixed(2), "many", (d / m).toFixed(2));
}
