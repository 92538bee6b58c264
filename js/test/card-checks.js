// Runs tests/vectors/cards.json and prepaid.json against a crosspay API object (Node, Chromium,
// the simulated mini-programs): every card's brand (given by hand in the file) and full check,
// typing, expiries, security codes and masks; every prepaid scenario step by step through
// signed rate sheets, each receipt and state as the file has them.
import { checker, outcome, same } from "./same.js";


const short = (v) => JSON.stringify(v).slice(0, 300);
const orUndefined = (v) => (v === null ? undefined : v);

/** One result per check: { name, ok, detail }. */
export function runCardVectors(api, doc) {
  const { results, check } = checker();
  check("brands table", () => {
    const got = api.cardBrands().map((b) => ({ brand: b.brand, lengths: b.lengths, luhn: b.luhn, cvc_length: b.cvc_length }));
    return same(got, doc.brands) || short(got);
  });
  for (const c of doc.cards) {
    check(`card ${c.number} is ${c.brand ?? "no brand"} (${c.source})`, () => {
      const got = api.checkCard(c.number);
      if ((got.brand ?? null) !== c.brand) return `brand ${got.brand}, the file says ${c.brand}`;
      const parsed = outcome(() => api.CardNumber.parse(c.number).brand);
      const want = c.expected.parse.error ? { error: c.expected.parse.error } : { value: c.expected.parse.brand };
      return (same(got, c.expected.check) && same(parsed, want)) || short({ got, parsed });
    });
  }
  for (const c of doc.checks) {
    check(`checkCard ${c.name}`, () => {
      const got = api.checkCard(c.number, orUndefined(c.expiry), orUndefined(c.cvc), orUndefined(c.at));
      return same(got, c.expected) || short(got);
    });
  }
  for (const c of doc.check_errors) {
    check(`checkCard refuses ${c.name}`, () => {
      const got = outcome(() => api.checkCard(c.number, orUndefined(c.expiry), orUndefined(c.cvc), orUndefined(c.at)));
      return got.error === c.error || short(got);
    });
  }
  for (const c of doc.parse_errors) {
    check(`CardNumber.parse refuses ${c.name}`, () => {
      const got = outcome(() => api.CardNumber.parse(c.number));
      return got.error === c.error || short(got);
    });
  }
  for (const c of doc.typing) {
    check(`formatCardInput ${c.name}`, () => {
      const got = api.formatCardInput(c.input, c.cursor);
      return same(got, c.expected) || short(got);
    });
  }
  for (const c of doc.expiries) {
    check(`checkCardExpiry ${JSON.stringify(c.expiry)} at ${c.at}`, () => {
      const got = outcome(() => api.checkCardExpiry(c.expiry, c.at));
      const want = c.expected.error ? { error: c.expected.error } : { value: c.expected.valid_through };
      return same(got, want) || short(got);
    });
  }
  for (const c of doc.cvcs) {
    check(`checkCvc ${c.brand} ${JSON.stringify(c.cvc)}`, () => {
      const got = outcome(() => api.checkCvc(c.brand, c.cvc));
      const want = c.expected.error ? { error: c.expected.error } : { value: undefined };
      return same(got, want) || short(got);
    });
  }
  for (const c of doc.masks) {
    check(`mask ${c.expected.masked}`, () => {
      const n = api.CardNumber.parse(c.number);
      const got = { masked: n.masked, last4: n.last4, formatted: n.exposeFormatted(), display: String(n) };
      const digits = n.exposeDigits();
      const json = JSON.stringify({ n });
      n.free();
      return (same(got, c.expected) && digits === c.number && !json.includes(c.number)) || short({ got, json });
    });
  }
  return results;
}

const hex = (h) => Uint8Array.from(h.match(/../g).map((b) => parseInt(b, 16)));

/** One result per prepaid step, and per scenario's opening state. */
export function runPrepaidVectors(api, doc) {
  const { results, check } = checker();
  const issuer = api.PrivateKey.fromRaw(hex(doc.keys["issuer-2026"]));
  const trust = api.TrustList.verify(doc.trust_list, api.PrivateKey.fromRaw(hex(doc.keys.root)).publicKey());
  for (const [name, s] of Object.entries(doc.sheets)) {
    check(`sheet ${name} signs byte for byte`, () => api.signRateSheet(issuer, s.json) === s.signed || "different JWS");
  }
  const sheetFor = (step) =>
    step.unsigned ? api.RateSheet.fromUnsignedJson(doc.sheets[step.sheet].json) : api.verifyRateSheet(doc.sheets[step.sheet].signed, trust, step.at);
  for (const sc of doc.scenarios) {
    const rules = sc.rules === null ? api.touristCardRules() : api.prepaidRulesFromJson(JSON.stringify(sc.rules));
    const number = api.CardNumber.parse(sc.funding.number);
    const funding = number.fundingCard(sc.funding.expiry, sc.funding.currency);
    number.free();
    let card = api.openPrepaidCard(rules, funding, sc.opened_at);
    check(`prepaid ${sc.name}: opened`, () => same(card, sc.opened) || short(card));
    sc.steps.forEach((step, i) => {
      check(`prepaid ${sc.name}: step ${i + 1} ${step.op} ${step.amount ?? ""}`, () => {
        const got = outcome(() => {
          if (step.op === "spend") return api.prepaidSpend(card, step.amount, step.at, orUndefined(step.reference));
          const sheet = sheetFor(step);
          return step.op === "top_up" ? api.prepaidTopUp(card, step.amount, sheet, step.at) : api.prepaidRefund(card, sheet, step.at);
        });
        if (step.expected.error) return got.error === step.expected.error || short(got);
        if (!got.value) return short(got);
        card = got.value.card;
        const stored = api.prepaidCardFromJson(api.prepaidCardToJson(card));
        return (same(got.value, step.expected) && same(stored, step.expected.card)) || short(got.value);
      });
    });
  }
  check("a verified sheet says who signed it; an unsigned one does not", () => {
    const signed = api.verifyRateSheet(doc.sheets["top-up"].signed, trust, "2026-12-01T10:00:00Z");
    const unsigned = api.RateSheet.fromUnsignedJson(doc.sheets["top-up"].json);
    return (signed.signedBy === "vkOtjrBJ53E" && unsigned.signedBy === undefined) || `${signed.signedBy} ${unsigned.signedBy}`;
  });
  return results;
}
