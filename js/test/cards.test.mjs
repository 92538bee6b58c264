// Cards in Node: the shared vectors (tests/vectors/cards.json, prepaid.json), and the boundary:
// a wrong JS type is an error, a card number never shows itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import * as crosspay from "crosspay";
import { vectorDoc } from "./vector-files.mjs";
import { runCardVectors, runPrepaidVectors } from "./card-checks.js";

const cards = runCardVectors(crosspay, vectorDoc("cards.json"));
const prepaid = runPrepaidVectors(crosspay, vectorDoc("prepaid.json"));
test("the card checks ran", () => assert.ok(cards.length >= 100 && prepaid.length >= 25, `${cards.length} ${prepaid.length}`));
for (const r of [...cards, ...prepaid]) {
  test(`cards: ${r.name}`, () => assert.ok(r.ok, r.detail));
}

const invalidArgument = (e) => e.name === "CrosspayError" && e.code === "invalid_argument";

test("wrong JS types are refused, never coerced", () => {
  assert.throws(() => crosspay.checkCard(4111111111111111), invalidArgument);
  assert.throws(() => crosspay.checkCard("4111111111111111", 1228), invalidArgument);
  assert.throws(() => crosspay.formatCardInput("4111", "4"), invalidArgument);
  assert.throws(() => crosspay.formatCardInput("4111", -1), invalidArgument);
  assert.throws(() => crosspay.formatCardInput("4111", 1.5), invalidArgument);
  assert.throws(() => crosspay.formatCardInput("4111"), invalidArgument);
  assert.throws(() => crosspay.CardNumber.parse(["4111111111111111"]), invalidArgument);
  assert.throws(() => crosspay.checkCvc(undefined, "123"), invalidArgument);
  assert.throws(() => crosspay.checkCvc("visa", 123), invalidArgument);
  assert.throws(() => crosspay.openPrepaidCard(undefined, undefined, "2026-12-01T00:00:00Z"), invalidArgument);
  const card = crosspay.openPrepaidCard(crosspay.touristCardRules(), crosspay.CardNumber.parse("4111111111111111").fundingCard("12/28", "USD"), "2026-12-01T00:00:00Z");
  assert.throws(() => crosspay.prepaidSpend(card, 10, "2026-12-01T00:00:00Z"), invalidArgument);
  assert.throws(() => crosspay.prepaidTopUp(card, "100.00", { source: "x" }, "2026-12-01T00:00:00Z"), invalidArgument);
});

test("records with unknown or missing fields are refused", () => {
  const rules = { ...crosspay.touristCardRules(), surprise: 1 };
  const funding = crosspay.CardNumber.parse("4111111111111111").fundingCard("12/28", "USD");
  assert.throws(() => crosspay.openPrepaidCard(rules, funding, "2026-12-01T00:00:00Z"), (e) => e.code === "invalid_options");
  const { currency, ...noCurrency } = funding;
  assert.ok(currency);
  assert.throws(() => crosspay.openPrepaidCard(crosspay.touristCardRules(), noCurrency, "2026-12-01T00:00:00Z"), (e) => e.code === "invalid_options");
  assert.throws(() => crosspay.checkCvc("diners club", "123"), (e) => e.code === "invalid_options");
});

test("a card number never shows its digits: String, JSON, inspect, errors", () => {
  const n = crosspay.CardNumber.parse("4111 1111 1111 1111");
  assert.equal(String(n), "visa 411111******1111");
  assert.equal(JSON.stringify({ n }), '{"n":"visa 411111******1111"}');
  assert.ok(!inspect(n).includes("4111111111111111"));
  assert.equal(n.brand, "visa");
  assert.equal(n.length, 16);
  n.free();
  for (const bad of ["4111111111111112", "9111111111111111"]) {
    assert.throws(() => crosspay.CardNumber.parse(bad), (e) => !e.message.includes(bad) && !e.message.includes("11111111"));
  }
  const check = crosspay.checkCard("4111111111111112");
  assert.ok(!JSON.stringify(check).includes("4111111111111112"));
});
