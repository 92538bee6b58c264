//! The quick paths of `convert` and `convertMany` (a rate given as text, or a rate sheet's): a
//! receipt built by the glue from a template the module sends once and the texts that depend on
//! the amounts. The glue (js/src/tape.js) calls the raw exports here; `money.rs`'s façade
//! methods answer whatever these decline.

use crosspay_core::{Conversion, Conversions, ConvertOptions, GivenRatePlan};
use wasm_bindgen::prelude::*;

// `convert`'s quick path. A receipt at a rate given as text is, for every amount, the same
// receipt with the four texts that depend on the amount in their places (core's
// `GivenRatePlan`). The glue's `convert` (js/src/tape.js, `quickConvert`, put there by an exact
// edit in js/scripts/build.mjs) writes its five texts into `SCRATCH` and calls
// `crosspay_convert_quick`, which answers with the amount's four texts and, the first time for
// a rate, the receipt with its slots (`receiptTemplate`); the glue builds the plain object from
// the two. Anything this path declines (an error, another rate kind, a text too long) goes
// through the full path, which names any error. Raw exports: the glue calls them, no API.

/// Bytes for a call's five texts, and after them for the four texts handed back, each a length
/// byte and its ASCII bytes.
const QUICK_IN: usize = 256;
const QUICK_OUT: usize = 4 * 256;

struct Scratch(std::cell::UnsafeCell<[u8; QUICK_IN + QUICK_OUT]>);
// SAFETY: the module is built without atomics (one thread); the glue writes the buffer between
// calls only, and no reference to it outlives a call.
unsafe impl Sync for Scratch {}
static SCRATCH: Scratch = Scratch(std::cell::UnsafeCell::new([0; QUICK_IN + QUICK_OUT]));

/// The scratch buffer's inputs and outputs, for the length of `f`: the one place it is borrowed.
fn with_scratch<R>(f: impl FnOnce(&mut [u8], &mut [u8]) -> R) -> R {
    // SAFETY: see `Scratch`; the only reference to the buffer during the call (the exports that
    // take it are called by the glue, never from inside one another).
    let scratch = unsafe { &mut *SCRATCH.0.get() };
    let (input, output) = scratch.split_at_mut(QUICK_IN);
    f(input, output)
}

/// Numbers for templates, one sequence for every kind (`convert`'s, a price list's at a given
/// rate, a sheet's), so that the glue never takes one kind's template for another's.
fn next_id() -> u32 {
    thread_local! { static LAST: std::cell::Cell<u32> = const { std::cell::Cell::new(0) }; }
    LAST.with(|last| {
        last.set(last.get().wrapping_add(1).max(1));
        last.get()
    })
}

/// A quick path's answer: the template's number, once the template (if the glue lacks it) is
/// sent; 0 where it could not be.
fn answer<T: serde::Serialize>(id: u32, template: Option<Option<T>>) -> u32 {
    match template.is_none_or(|template| send_template(id, template)) {
        true => id,
        false => 0,
    }
}

/// The rate last converted at (its four texts, as written) and what it works out once. `id`
/// numbers the template sent for it; the glue passes the one it holds, so a glue that missed
/// one is sent it again. `convert` and `convertMany` keep one each (`QUICK`, `QUICK_LIST`): their
/// fourth texts differ (a rounding's name; the options' JSON), and so do their templates.
struct Quick {
    lengths: [usize; 4],
    texts: Vec<u8>,
    plan: Option<crosspay_core::GivenRatePlan>,
    id: u32,
}

thread_local! {
    static QUICK: std::cell::RefCell<Quick> = const { std::cell::RefCell::new(Quick::new()) };
    static QUICK_LIST: std::cell::RefCell<Quick> = const { std::cell::RefCell::new(Quick::new()) };
}

// The rate's work and its template: once a rate, out of the hot path (which is built for speed).
impl Quick {
    const fn new() -> Self {
        Self { lengths: [usize::MAX; 4], texts: Vec::new(), plan: None, id: 0 }
    }

    /// The plan for the four texts of `key` (`lengths` theirs), made by `plan` from them as
    /// text and renewed only when they change, with its template's number. `None` where the
    /// full path must answer.
    #[inline(always)]
    fn plan_for(&mut self, lengths: [usize; 4], key: &[u8], plan: fn([&str; 4]) -> Option<GivenRatePlan>) -> Option<(u32, &GivenRatePlan)> {
        if self.lengths != lengths || self.texts != key {
            self.renew(lengths, key, plan);
        }
        Some((self.id, self.plan.as_ref()?))
    }

    /// A new rate: `key` is its four texts back to back, `lengths` theirs.
    #[inline(never)]
    fn renew(&mut self, lengths: [usize; 4], key: &[u8], plan: fn([&str; 4]) -> Option<GivenRatePlan>) {
        self.lengths = lengths;
        self.texts.clear();
        self.texts.extend_from_slice(key);
        self.plan = None;
        self.id = next_id();
        let mut texts = [""; 4];
        let mut at = 0;
        for (text, n) in texts.iter_mut().zip(lengths) {
            match key.get(at..at + n).map(std::str::from_utf8) {
                Some(Ok(read)) => *text = read,
                _ => return,
            }
            at += n;
        }
        self.plan = plan(texts);
    }
}

/// `convert`'s plan: its fourth text is the rounding's name.
fn convert_plan([from, to, rate, rounding]: [&str; 4]) -> Option<GivenRatePlan> {
    GivenRatePlan::new(from, to, rate, rounding.parse().ok()?)
}

/// `convertMany`'s plan: its fourth text is the options as `JSON.stringify` writes them, read
/// as the full path reads them (`from_js`); any option but a rounding is the full path's.
fn list_plan([from, to, rate, options]: [&str; 4]) -> Option<GivenRatePlan> {
    GivenRatePlan::for_list(from, to, rate, &serde_json::from_str(options).ok()?)
}

/// A template to the glue (out of the hot path): `false` where it could not be made.
#[inline(never)]
fn send_template<T: serde::Serialize>(id: u32, template: Option<T>) -> bool {
    let Some(Ok(template)) = template.map(|t| crate::to_object(&t)) else { return false };
    receipt_template(id, template);
    true
}

#[wasm_bindgen(raw_module = "./tape.js")]
extern "C" {
    /// Hands the glue the receipt every amount at the last rate shares, its slots marked
    /// (`"\0"` and the slot's digit), with the number the next calls answer with.
    #[wasm_bindgen(js_name = receiptTemplate)]
    fn receipt_template(id: u32, template: JsValue);
}

/// Where the glue writes a call's texts ([`QUICK_IN`] bytes, then [`QUICK_OUT`] for the answer).
#[no_mangle]
pub extern "C" fn crosspay_convert_scratch() -> *mut u8 {
    SCRATCH.0.get().cast()
}

/// `convert` of the texts in the scratch buffer (`from`, `to`, `rate`, `rounding`, then
/// `amount`, back to back; their lengths given): the template's number with the amount's four
/// texts written after the inputs, or 0 where the full path must answer. `have`: the number of
/// the template the glue holds.
#[no_mangle]
#[cfg_attr(crosspay_speed, optimize(speed))]
pub extern "C" fn crosspay_convert_quick(from: usize, to: usize, rate: usize, rounding: usize, amount: usize, have: u32) -> u32 {
    let Some((id, template)) = with_scratch(|input, output| {
        let lengths = [from, to, rate, rounding];
        let key = lengths.iter().try_fold(0usize, |sum, &n| sum.checked_add(n))?;
        // The rate's texts are compared as bytes, and read as text only when they change (`renew`).
        let (key, amount) = input.get(..key.checked_add(amount)?)?.split_at_checked(key)?;
        let amount = std::str::from_utf8(amount).ok()?;
        QUICK.with(|cell| {
            let mut quick = cell.try_borrow_mut().ok()?;
            let (id, plan) = quick.plan_for(lengths, key, convert_plan)?;
            plan.texts(amount, |texts| write_texts(output, amount, texts))??;
            Some((id, (have != id).then(|| template(plan, amount))))
        })
    }) else {
        return 0;
    };
    answer(id, template)
}

#[inline(never)]
fn template(plan: &GivenRatePlan, amount: &str) -> Option<Conversion> {
    plan.template(amount, SLOTS)
}

/// The amount's texts into `output`, each a length byte and its bytes; a source written as the
/// caller wrote it (the usual "123.45") is not sent back: the glue keeps the caller's string
/// (length byte [`AS_GIVEN`]). `None` for a text too long for a length byte.
#[inline(always)]
fn write_texts(output: &mut [u8], amount: &str, texts: [&str; crosspay_core::AMOUNT_TEXTS]) -> Option<()> {
    let mut at = 0;
    for (i, text) in texts.into_iter().enumerate() {
        if i == 0 && text == amount {
            *output.get_mut(at)? = AS_GIVEN;
            at += 1;
            continue;
        }
        let n = u8::try_from(text.len()).ok().filter(|&n| n < AS_GIVEN)?;
        *output.get_mut(at)? = n;
        output.get_mut(at + 1..at + 1 + text.len())?.copy_from_slice(text.as_bytes());
        at += 1 + text.len();
    }
    Some(())
}

/// The length byte of a source that is the amount as given (no text is longer: 254 at most).
const AS_GIVEN: u8 = 255;

/// The marks of a template's slots, in core's `AMOUNT_TEXTS` order (tape.js reads the digit).
const SLOTS: [&str; crosspay_core::AMOUNT_TEXTS] = ["\u{0}0", "\u{0}1", "\u{0}2", "\u{0}3"];

// `convertMany`'s quick path, the same way: a price list's receipt at a rate given as text is,
// for every list whose amounts are written at their currency's minor units (so that its sources
// are the amounts given), the same receipt with its two lists in their places (core's
// `GivenRatePlan::list_template`). The glue (tape.js, `quickConvertMany`) writes the rate's
// texts and the options' JSON into `SCRATCH` and the amounts, each a length byte and its ASCII
// bytes, into `LIST`'s input, then calls `crosspay_convert_list_quick`, which writes the targets
// the same way into `LIST`'s output (a string each is made from its char codes: about 14 ns
// against 25-35 ns for one text decoded and split); the glue hands back its copy of the amounts
// as the sources. A list with any other amount goes through the full path, whole.

/// The amounts of a call, and its targets.
struct List {
    input: Vec<u8>,
    output: Vec<u8>,
}

thread_local! {
    static LIST: std::cell::RefCell<List> = const { std::cell::RefCell::new(List { input: Vec::new(), output: Vec::new() }) };
}

/// Room a list's buffers keep between calls beyond what the call needs (a long list's are let
/// go at the next call that needs much less).
const LIST_KEPT: usize = 1 << 16;

/// `buffer` let go of when it is more than twice what a call of `need` bytes needs and past
/// [`LIST_KEPT`]: a long list's room is not held for ever.
fn shrink_past(buffer: &mut Vec<u8>, need: usize) {
    if buffer.len() > need.max(LIST_KEPT).saturating_mul(2) {
        *buffer = Vec::new();
    }
}

/// Where the glue writes a list of `len` bytes (room kept from call to call); null where there
/// is none, and the glue then takes the full path. Wasm memory may grow here: the glue renews
/// its view after.
#[no_mangle]
pub extern "C" fn crosspay_list_buffer(len: usize) -> *mut u8 {
    LIST.with(|cell| {
        let Ok(mut list) = cell.try_borrow_mut() else { return std::ptr::null_mut() };
        shrink_past(&mut list.input, len);
        // Kept at the longest length asked for since: a list no longer writes nothing here.
        let grow = len.saturating_sub(list.input.len());
        match list.input.try_reserve(grow) {
            Ok(()) if grow > 0 => list.input.resize(len, 0),
            Ok(()) => (),
            Err(_) => return std::ptr::null_mut(),
        }
        list.input.as_mut_ptr()
    })
}

/// `convertMany` of the `count` amounts in the list buffer (`len` bytes, each amount a length
/// byte and its bytes) with the texts in the scratch buffer (`from`, `to`, `rate` and the
/// options' JSON, back to back; their lengths given): the list template's number, with the
/// targets' address and length written after the inputs (two little-endian u32), or 0 where
/// the full path must answer. `have`: the number of the list template the glue holds.
#[no_mangle]
#[cfg_attr(crosspay_speed, optimize(speed))]
pub extern "C" fn crosspay_convert_list_quick(
    from: usize,
    to: usize,
    rate: usize,
    options: usize,
    count: usize,
    len: usize,
    have: u32,
) -> u32 {
    let Some((id, template)) = with_scratch(|input, output| {
        let lengths = [from, to, rate, options];
        let key = input.get(..lengths.iter().try_fold(0usize, |sum, &n| sum.checked_add(n))?)?;
        QUICK_LIST.with(|cell| {
            let mut quick = cell.try_borrow_mut().ok()?;
            let (id, plan) = quick.plan_for(lengths, key, list_plan)?;
            write_targets(output, plan, count, len)?;
            Some((id, (have != id).then(|| list_template(plan))))
        })
    }) else {
        return 0;
    };
    answer(id, template)
}

/// A rate sheet's `convertMany` by the same path: its façade method, given the glue's marker
/// for amounts (`isQuickList`), answers with this. The count, length and template number the
/// other export takes as arguments are the scratch buffer's first twelve bytes (little-endian
/// u32s). The plan is the sheet's for the pair at `at` (found again on each call, in
/// microseconds); its template is sent again only when it differs from the last one sent.
pub(crate) fn sheet_list_quick(sheet: &crosspay_core::RateSheet, from: &str, to: &str, at: &str, options: &ConvertOptions) -> u32 {
    let Some(plan) = sheet.list_plan(from, to, at, options) else { return 0 };
    let Some(template) = list_template(&plan) else { return 0 };
    let Some((id, send)) = with_scratch(|input, output| {
        let word = |i: usize| Some(u32::from_le_bytes(input.get(4 * i..4 * i + 4)?.try_into().ok()?));
        let (count, len, have) = (word(0)? as usize, word(1)? as usize, word(2)?);
        let id = QUICK_SHEET.with(|cell| {
            let mut held = cell.try_borrow_mut().ok()?;
            match &*held {
                Some((sent, id)) if *sent == template => Some(*id),
                _ => {
                    let id = next_id();
                    *held = Some((template.clone(), id));
                    Some(id)
                }
            }
        })?;
        write_targets(output, &plan, count, len)?;
        Some((id, have != id))
    }) else {
        return 0;
    };
    answer(id, send.then_some(Some(template)))
}

thread_local! {
    /// A sheet's list template last sent, and its number.
    static QUICK_SHEET: std::cell::RefCell<Option<(Conversions, u32)>> = const { std::cell::RefCell::new(None) };
}

#[wasm_bindgen(raw_module = "./tape.js")]
extern "C" {
    /// Whether `amounts` is the glue's marker for amounts in the list buffer: an object only
    /// tape.js holds, so no caller's argument can be taken for it.
    #[wasm_bindgen(js_name = isQuickList)]
    pub(crate) fn is_quick_list(amounts: &JsValue) -> bool;
}

/// The targets of the list buffer's `count` amounts into its output, their address and length
/// into `output` (two little-endian u32s).
#[inline(always)]
fn write_targets(output: &mut [u8], plan: &GivenRatePlan, count: usize, len: usize) -> Option<()> {
    let (at, written) = LIST.with(|cell| list_targets(&mut *cell.try_borrow_mut().ok()?, plan, count, len))?;
    let [at, written] = [u32::try_from(at).ok()?, u32::try_from(written).ok()?].map(u32::to_le_bytes);
    output.get_mut(..4)?.copy_from_slice(&at);
    output.get_mut(4..8)?.copy_from_slice(&written);
    Some(())
}

/// The targets of the list's `count` amounts (each a length byte and its bytes) in its output,
/// each a length byte and its bytes, as the amounts: their address and length; `None` where the
/// plan declines an amount or the list does not hold `count` of them.
#[inline(always)]
fn list_targets(list: &mut List, plan: &GivenRatePlan, count: usize, len: usize) -> Option<(usize, usize)> {
    let List { input, output } = list;
    // Each target after its length byte, copied into the output at `at` (kept at full length: a
    // copy into a slice, not a `Vec` call per text), which doubles when a target does not fit.
    let first = len.saturating_add(len / 2).saturating_add(16);
    shrink_past(output, first);
    let mut at = 0;
    // Read as bytes: the plan takes only plain ASCII amounts and declines any other bytes.
    let (mut rest, mut n) = (input.get(..len)?, 0);
    while let Some((&size, tail)) = rest.split_first() {
        let (amount, tail) = tail.split_at_checked(usize::from(size))?;
        plan.list_target(amount, |target| {
            let next = at + 1 + target.len();
            if next > output.len() {
                let room = next.max(output.len().saturating_mul(2)).max(first);
                output.try_reserve(room - output.len()).ok()?;
                output.resize(room, 0);
            }
            *output.get_mut(at)? = u8::try_from(target.len()).ok()?;
            output.get_mut(at + 1..next)?.copy_from_slice(target);
            at = next;
            Some(())
        })??;
        (rest, n) = (tail, n + 1);
    }
    (n == count).then_some((output.as_ptr() as usize, at))
}

#[inline(never)]
fn list_template(plan: &GivenRatePlan) -> Option<Conversions> {
    plan.list_template(LIST_SLOTS)
}

/// The marks of a list template's two lists, each its list's one text, in core's `LIST_TEXTS`
/// order: the sources, the targets.
const LIST_SLOTS: [&str; crosspay_core::LIST_TEXTS] = ["\u{0}0", "\u{0}1"];
