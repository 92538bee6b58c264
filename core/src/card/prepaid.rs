//! The tourist prepaid card: a balance in one currency, topped up from a foreign card through a
//! signed rate sheet, spent, and refunded to that card. Its rules are data ([`PrepaidRules`]);
//! its state is a value ([`PrepaidCard`]) each operation takes and returns anew with a receipt,
//! so a wallet stores it where it likes and every step is checked against the rules again.

use super::expiry::CardExpiry;
use super::{CardBrand, CardNumber};
use crate::error::CrosspayError;
use crate::money::{Amount, Conversion, ConvertOptions, Currency, Money, RateSheet, RoundingMode};
use crate::time::Instant;

/// What a prepaid card allows. [`tourist_card_rules`] gives the tourist card's; any other
/// programme is the same record with its own numbers (JSON: [`prepaid_rules_from_json`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PrepaidRules {
    /// The balance's currency (`CNY`).
    pub currency: String,
    /// The smallest top-up (`100.00`).
    pub min_top_up: String,
    /// The most the balance may hold after a top-up (`2000.00`).
    pub max_balance: String,
    /// Days from opening until the card expires.
    pub validity_days: u32,
    /// Whether the remainder is refunded to the funding card (at expiry, or when closed early).
    pub refund_remainder: bool,
    /// How conversions round (never chosen for you).
    pub rounding: RoundingMode,
    /// Markup on the sheet's rate, in basis points, for top-ups and refunds alike.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = 0))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub markup_bps: u32,
}

/// The tourist card as the issue describes Alipay's: CNY, top-ups of at least 100.00, a balance
/// of at most 2,000.00, 90 days, the remainder refunded. Rounding half-up, no markup (a
/// programme's own numbers go in its own rules).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn tourist_card_rules() -> PrepaidRules {
    PrepaidRules {
        currency: "CNY".into(),
        min_top_up: "100.00".into(),
        max_balance: "2000.00".into(),
        validity_days: 90,
        refund_remainder: true,
        rounding: RoundingMode::HalfUp,
        markup_bps: 0,
    }
}

/// Parses prepaid rules from JSON (the fields of [`PrepaidRules`]) and checks them.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn prepaid_rules_from_json(json: &str) -> Result<PrepaidRules, CrosspayError> {
    crate::limits::check_size("prepaid rules", json.len(), crate::limits::MAX_DOCUMENT_BYTES)?;
    let rules: PrepaidRules = serde_json::from_str(json).map_err(|e| match CrosspayError::from_options(&e.to_string()) {
        CrosspayError::InvalidOptions { reason } => invalid(format!("rules: {reason}")),
        other => other,
    })?;
    Rules::parse(&rules)?;
    Ok(rules)
}

/// The card a prepaid balance is topped up from and refunded to: never its number, only what a
/// receipt shows and what the rules check.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct FundingCard {
    pub brand: CardBrand,
    /// `411111******1111`.
    pub masked: String,
    /// `MM/YY`.
    pub expiry: String,
    /// The card's billing currency (`USD`).
    pub currency: String,
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl CardNumber {
    /// This card as the funding card of a prepaid balance: its brand, mask, expiry (`MM/YY`,
    /// checked) and billing currency.
    pub fn funding_card(&self, expiry: &str, currency: &str) -> Result<FundingCard, CrosspayError> {
        let expiry = CardExpiry::parse(expiry)?;
        let currency = Currency::from_code(currency)?;
        Ok(FundingCard { brand: self.brand(), masked: self.masked(), expiry: expiry.to_string(), currency: currency.code().to_string() })
    }
}

/// Running totals, so that every minor unit is accounted for: `balance = topped_up − spent −
/// refunded` in the balance's currency; `charged` and `refunded_to_card` in the card's.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PrepaidTotals {
    pub topped_up: Money,
    pub spent: Money,
    pub refunded: Money,
    pub charged: Money,
    pub refunded_to_card: Money,
}

/// A prepaid card's state. Each operation takes one and returns the next; store it as JSON
/// ([`prepaid_card_to_json`]) and read it back with [`prepaid_card_from_json`], which checks it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PrepaidCard {
    pub rules: PrepaidRules,
    pub funding: FundingCard,
    pub balance: Money,
    /// RFC 3339, UTC.
    pub opened_at: String,
    /// `opened_at` + `validity_days`: top-ups and spends stop here; the refund remains.
    pub expires_at: String,
    /// The last operation's time: no operation may come before it.
    pub last_at: String,
    /// When the remainder was refunded and the card closed.
    pub closed_at: Option<String>,
    pub totals: PrepaidTotals,
    /// How many receipts the card has issued (the next receipt's sequence is this + 1).
    pub receipts: u32,
}

/// What an operation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum PrepaidOperation {
    TopUp,
    Spend,
    Refund,
}

/// The receipt of one operation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PrepaidReceipt {
    /// 1 for the card's first receipt, then one more each time.
    pub sequence: u32,
    pub operation: PrepaidOperation,
    pub at: String,
    /// What the balance moved by, in its currency (always positive or zero).
    pub amount: Money,
    /// Charged to the funding card (a top-up) or refunded to it (a refund), in its currency.
    pub card_amount: Option<Money>,
    pub balance_before: Money,
    pub balance_after: Money,
    /// The conversion: rates, markup, rounding and residue, and the sheet's source and
    /// validity. For a top-up it is a reverse conversion: `requested` is the top-up, `source`
    /// what the card paid, `target` (at least the top-up) what that payment is worth.
    pub conversion: Option<Conversion>,
    /// The key id that signed the rate sheet.
    pub signed_by: Option<String>,
    /// A spend's reference (merchant, order).
    pub reference: Option<String>,
}

/// An operation's result: the card's next state and the receipt.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PrepaidStep {
    pub card: PrepaidCard,
    pub receipt: PrepaidReceipt,
}

fn invalid(reason: impl Into<String>) -> CrosspayError {
    CrosspayError::InvalidPrepaidCard { reason: reason.into() }
}

/// Rules, parsed.
struct Rules {
    currency: Currency,
    min_top_up: Amount,
    max_balance: Amount,
}

impl Rules {
    fn parse(r: &PrepaidRules) -> Result<Self, CrosspayError> {
        let currency = Currency::from_code(&r.currency).map_err(|e| invalid(format!("rules.currency: {e}")))?;
        let amount = |text: &str, field: &str| Amount::parse(text, currency).map_err(|e| invalid(format!("rules.{field}: {e}")));
        let (min_top_up, max_balance) = (amount(&r.min_top_up, "min_top_up")?, amount(&r.max_balance, "max_balance")?);
        if min_top_up.is_negative() || min_top_up.value().is_zero() {
            return Err(invalid("rules.min_top_up: must be positive"));
        }
        if max_balance.value() < min_top_up.value() {
            return Err(invalid("rules: max_balance is below min_top_up"));
        }
        if r.validity_days == 0 {
            return Err(invalid("rules.validity_days: must be at least 1"));
        }
        if r.markup_bps >= 10_000 {
            return Err(CrosspayError::InvalidMarkup { bps: r.markup_bps });
        }
        Ok(Self { currency, min_top_up, max_balance })
    }
}

/// A card's state, parsed and checked.
struct State {
    card: PrepaidCard,
    rules: Rules,
    card_currency: Currency,
    expiry: CardExpiry,
    balance: Amount,
    expires_at: Instant,
    last_at: Instant,
    topped_up: Amount,
    spent: Amount,
    refunded: Amount,
    charged: Amount,
    refunded_to_card: Amount,
}

fn state_time(text: &str, field: &str) -> Result<Instant, CrosspayError> {
    Instant::parse(text).map_err(|e| invalid(format!("{field}: {e}")))
}

fn state_amount(m: &Money, currency: Currency, field: &str) -> Result<Amount, CrosspayError> {
    if m.currency != currency.code() {
        return Err(invalid(format!("{field}: in {}, expected {currency}", m.currency)));
    }
    let a = Amount::parse(&m.amount, currency).map_err(|e| invalid(format!("{field}: {e}")))?;
    if a.is_negative() {
        return Err(invalid(format!("{field}: negative")));
    }
    Ok(a)
}

impl State {
    fn parse(card: &PrepaidCard) -> Result<Self, CrosspayError> {
        let rules = Rules::parse(&card.rules)?;
        let cur = rules.currency;
        let card_currency = Currency::from_code(&card.funding.currency).map_err(|e| invalid(format!("funding.currency: {e}")))?;
        let expiry = CardExpiry::parse(&card.funding.expiry).map_err(|e| invalid(format!("funding.expiry: {e}")))?;
        let opened_at = state_time(&card.opened_at, "opened_at")?;
        let expires_at = state_time(&card.expires_at, "expires_at")?;
        let last_at = state_time(&card.last_at, "last_at")?;
        if expires_at != opened_at.plus_days(card.rules.validity_days)? {
            return Err(invalid("expires_at is not opened_at + validity_days"));
        }
        if last_at < opened_at {
            return Err(invalid("last_at is before opened_at"));
        }
        let t = &card.totals;
        let s = Self {
            balance: state_amount(&card.balance, cur, "balance")?,
            topped_up: state_amount(&t.topped_up, cur, "totals.topped_up")?,
            spent: state_amount(&t.spent, cur, "totals.spent")?,
            refunded: state_amount(&t.refunded, cur, "totals.refunded")?,
            charged: state_amount(&t.charged, card_currency, "totals.charged")?,
            refunded_to_card: state_amount(&t.refunded_to_card, card_currency, "totals.refunded_to_card")?,
            card: card.clone(),
            rules,
            card_currency,
            expiry,
            expires_at,
            last_at,
        };
        if s.topped_up.checked_sub(&s.spent)?.checked_sub(&s.refunded)? != s.balance {
            return Err(invalid("balance is not topped_up − spent − refunded"));
        }
        if s.balance.value() > s.rules.max_balance.value() {
            return Err(invalid("balance is over rules.max_balance"));
        }
        if let Some(closed) = &card.closed_at {
            let closed = state_time(closed, "closed_at")?;
            if !s.balance.value().is_zero() || closed != last_at {
                return Err(invalid("a closed card has a zero balance and no operation after closing"));
            }
        }
        Ok(s)
    }

    /// Refuses a closed card and an operation before the last one.
    fn check_at(&self, at: &str) -> Result<Instant, CrosspayError> {
        let at_instant = Instant::parse(at)?;
        if let Some(closed_at) = &self.card.closed_at {
            return Err(CrosspayError::PrepaidClosed { closed_at: closed_at.clone() });
        }
        if at_instant < self.last_at {
            return Err(CrosspayError::InvalidTime {
                input: at.to_string(),
                reason: format!("before the prepaid card's last operation at {}", self.card.last_at),
            });
        }
        Ok(at_instant)
    }

    fn check_not_expired(&self, at: Instant) -> Result<(), CrosspayError> {
        if at >= self.expires_at {
            return Err(CrosspayError::PrepaidExpired { expires_at: self.card.expires_at.clone(), at: at.to_rfc3339() });
        }
        Ok(())
    }

    fn amount(&self, text: &str) -> Result<Amount, CrosspayError> {
        let a = Amount::parse(text, self.rules.currency)?;
        if a.is_negative() || a.value().is_zero() {
            return Err(CrosspayError::InvalidAmount { input: text.to_string(), reason: "must be positive".into() });
        }
        Ok(a)
    }

    fn options(&self, reverse: bool) -> ConvertOptions {
        ConvertOptions { markup_bps: self.card.rules.markup_bps, reverse, ..ConvertOptions::new(self.card.rules.rounding) }
    }

    /// The next state and its receipt, with the totals written back.
    fn step(
        mut self,
        at: Instant,
        operation: PrepaidOperation,
        amount: Amount,
        converted: Option<(Amount, Conversion, &RateSheet)>,
        reference: Option<String>,
    ) -> PrepaidStep {
        let signed_by = converted.as_ref().and_then(|(_, _, s)| s.signed_by().map(str::to_string));
        let (card_amount, conversion) = match converted {
            Some((a, c, _)) => (Some(a), Some(c)),
            None => (None, None),
        };
        let balance_before = self.card.balance.clone();
        let t = &mut self.card.totals;
        t.topped_up = self.topped_up.to_money();
        t.spent = self.spent.to_money();
        t.refunded = self.refunded.to_money();
        t.charged = self.charged.to_money();
        t.refunded_to_card = self.refunded_to_card.to_money();
        self.card.balance = self.balance.to_money();
        self.card.last_at = at.to_rfc3339();
        self.card.receipts += 1;
        let receipt = PrepaidReceipt {
            sequence: self.card.receipts,
            operation,
            at: at.to_rfc3339(),
            amount: amount.to_money(),
            card_amount: card_amount.map(|a| a.to_money()),
            balance_before,
            balance_after: self.card.balance.clone(),
            conversion,
            signed_by,
            reference,
        };
        PrepaidStep { card: self.card, receipt }
    }
}

/// A sheet for a prepaid card must be one `verify_rate_sheet` checked.
fn signed(sheet: &RateSheet) -> Result<(), CrosspayError> {
    if sheet.signed_by().is_none() {
        return Err(CrosspayError::UntrustedRateSheet {
            reason: format!(
                "the {} sheet is unsigned; a prepaid card converts only with a sheet checked by verify_rate_sheet",
                sheet.source()
            ),
        });
    }
    Ok(())
}

/// Opens a prepaid card at `at` (RFC 3339) under `rules`, funded by `funding`, which must not be
/// expired then (`card_expired`). The balance starts at zero.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn open_prepaid_card(rules: PrepaidRules, funding: FundingCard, at: &str) -> Result<PrepaidCard, CrosspayError> {
    let parsed = Rules::parse(&rules)?;
    let at = Instant::parse(at)?;
    let card_currency = Currency::from_code(&funding.currency)?;
    CardExpiry::parse(&funding.expiry)?.check_at(at)?;
    let zero = Amount::zero(parsed.currency).to_money();
    let card_zero = Amount::zero(card_currency).to_money();
    let card = PrepaidCard {
        expires_at: at.plus_days(rules.validity_days)?.to_rfc3339(),
        rules,
        funding,
        balance: zero.clone(),
        opened_at: at.to_rfc3339(),
        last_at: at.to_rfc3339(),
        closed_at: None,
        totals: PrepaidTotals {
            topped_up: zero.clone(),
            spent: zero.clone(),
            refunded: zero,
            charged: card_zero.clone(),
            refunded_to_card: card_zero,
        },
        receipts: 0,
    };
    State::parse(&card)?;
    Ok(card)
}

/// Tops the balance up by exactly `amount` (in the balance's currency) at `at`, charging the
/// funding card the reverse-converted amount: the smallest card amount whose conversion with the
/// sheet's rate (and the rules' markup and rounding) covers the top-up. The sheet must be signed
/// (`verify_rate_sheet`). Refused: `below_minimum_top_up`, `balance_limit_exceeded`,
/// `card_expired` (the funding card), `prepaid_expired`, `prepaid_closed`, the sheet's errors.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn prepaid_top_up(card: PrepaidCard, amount: &str, sheet: &RateSheet, at: &str) -> Result<PrepaidStep, CrosspayError> {
    let mut s = State::parse(&card)?;
    let at_instant = s.check_at(at)?;
    s.check_not_expired(at_instant)?;
    let amount = s.amount(amount)?;
    if amount.value() < s.rules.min_top_up.value() {
        return Err(CrosspayError::BelowMinimumTopUp { amount: amount.to_string(), minimum: s.rules.min_top_up.to_string() });
    }
    let after = s.balance.checked_add(&amount)?;
    if after.value() > s.rules.max_balance.value() {
        return Err(CrosspayError::BalanceLimitExceeded {
            amount: amount.to_string(),
            balance: s.balance.to_string(),
            limit: s.rules.max_balance.to_string(),
        });
    }
    s.expiry.check_at(at_instant)?;
    signed(sheet)?;
    let conversion = sheet.convert(&amount.to_text(), s.card_currency.code(), s.rules.currency.code(), at, &s.options(true))?;
    let charged = Amount::parse(&conversion.source.amount, s.card_currency)?;
    s.charged = s.charged.checked_add(&charged)?;
    s.topped_up = s.topped_up.checked_add(&amount)?;
    s.balance = after;
    Ok(s.step(at_instant, PrepaidOperation::TopUp, amount, Some((charged, conversion, sheet)), None))
}

/// Spends `amount` of the balance at `at`, with an optional reference (merchant, order).
/// Refused: `insufficient_balance`, `prepaid_expired`, `prepaid_closed`.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn prepaid_spend(card: PrepaidCard, amount: &str, at: &str, reference: Option<String>) -> Result<PrepaidStep, CrosspayError> {
    let mut s = State::parse(&card)?;
    let at_instant = s.check_at(at)?;
    s.check_not_expired(at_instant)?;
    let amount = s.amount(amount)?;
    if amount.value() > s.balance.value() {
        return Err(CrosspayError::InsufficientBalance { amount: amount.to_string(), balance: s.balance.to_string() });
    }
    s.balance = s.balance.checked_sub(&amount)?;
    s.spent = s.spent.checked_add(&amount)?;
    Ok(s.step(at_instant, PrepaidOperation::Spend, amount, None, reference))
}

/// Refunds the whole remainder to the funding card at `at`, converted into the card's currency
/// at the signed sheet's rate valid then, and closes the card: at expiry, or earlier when the
/// holder leaves. Refused: `refund_not_allowed` (the rules keep the remainder), `prepaid_closed`.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn prepaid_refund(card: PrepaidCard, sheet: &RateSheet, at: &str) -> Result<PrepaidStep, CrosspayError> {
    let mut s = State::parse(&card)?;
    let at_instant = s.check_at(at)?;
    if !s.card.rules.refund_remainder {
        return Err(CrosspayError::RefundNotAllowed { reason: "these prepaid rules do not refund the remainder".into() });
    }
    signed(sheet)?;
    let remainder = s.balance;
    let conversion = sheet.convert(&remainder.to_text(), s.rules.currency.code(), s.card_currency.code(), at, &s.options(false))?;
    let back = Amount::parse(&conversion.target.amount, s.card_currency)?;
    s.refunded = s.refunded.checked_add(&remainder)?;
    s.refunded_to_card = s.refunded_to_card.checked_add(&back)?;
    s.balance = Amount::zero(s.rules.currency);
    s.card.closed_at = Some(at_instant.to_rfc3339());
    Ok(s.step(at_instant, PrepaidOperation::Refund, remainder, Some((back, conversion, sheet)), None))
}

/// The card's state as JSON, to store.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn prepaid_card_to_json(card: &PrepaidCard) -> String {
    // A record of strings, numbers and enums always serializes.
    serde_json::to_string(card).unwrap_or_default()
}

/// Reads a stored state back and checks it (`invalid_prepaid_card` names what is wrong).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn prepaid_card_from_json(json: &str) -> Result<PrepaidCard, CrosspayError> {
    crate::limits::check_size("a prepaid card", json.len(), crate::limits::MAX_DOCUMENT_BYTES)?;
    let card: PrepaidCard = serde_json::from_str(json).map_err(|e| invalid(e.to_string()))?;
    State::parse(&card)?;
    Ok(card)
}
