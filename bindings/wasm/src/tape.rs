//! Records reach JavaScript as one compact byte tape that `js/src/tape.js` turns into plain
//! objects in a single call, instead of one call across the boundary per field and per string
//! (serde-wasm-bindgen's way, which spent 94 % of a conversion at the boundary). Generic over
//! `Serialize`: no record is restated here or in the decoder; the objects are the ones
//! serde-wasm-bindgen built (field order, `undefined` for `None`, strings, numbers, booleans,
//! arrays, `Uint8Array` for bytes; maps, only templates of merchant codes, as plain objects).
//!
//! Tape: one tag byte per value, lengths and small integers as LEB128.
//! `0` undefined · `1` null · `2` false · `3` true · `4` f64 (8 bytes LE) · `5` integer
//! 0..2^32 (LEB128) · `6` ASCII string (len, bytes) · `7` UTF-8 string (len, bytes) ·
//! `10` object (n, then n × key value) · `11` array (n, values) · `12` bytes (len, bytes) ·
//! `13` array of two or more ASCII strings without line feeds, as one text (len, the strings
//! joined by `\n`), which the decoder splits: a price list's amounts cost one string, not one each.
//! `15` a list of 64-bit integers (n, then n × 8 bytes LE), the core's
//! [`I64_LIST`](crosspay_core::I64_LIST) newtype (minor units), which the decoder hands over as a
//! `BigInt64Array`. A [`TEXT_LIST`](crosspay_core::TEXT_LIST) (a price list's amounts, one or more)
//! is written straight into a `13` from its texts, its length padded to five bytes (LEB128 allows
//! it) since it is known only at its end.
//!
//! The writer's state and its primitive writes are here; the `serde::Serializer` that walks a
//! record is in `tape/serializer.rs`.
//!
//! Field and variant names (Rust's `&'static str`s) cross once: `9` a name (id, len, UTF-8),
//! which the decoder keeps, then `8` a name already sent (id). A receipt's two dozen keys then
//! cost an array lookup each instead of a string comparison.
//!
//! The other way, an array of strings reaches the module as one UTF-8 text too
//! ([`StringList`](crate::string_list::StringList)); a price list whose sources are its amounts
//! exactly as given hands the array read back as them, with no tape for that list.

use serde::ser::{self, Serialize};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

mod names;
mod serializer;
use names::{Name, Names};

#[wasm_bindgen(raw_module = "./tape.js")]
extern "C" {
    /// Reads a tape (in wasm memory, read before anything can grow it) into a JS value. The glue
    /// hands tape.js its view of the whole memory with the tape's offset and length, not a
    /// subarray of its own (an exact edit in js/scripts/build.mjs).
    #[wasm_bindgen(js_name = decodeTape)]
    fn decode_tape(tape: &[u8]) -> JsValue;
}

thread_local! {
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static NAMES: RefCell<Names> = const { RefCell::new(Names { slots: Vec::new(), next: 0 }) };
}

/// Serializes `value` to a tape and decodes it on the JS side in one call.
pub(crate) fn to_value<T: Serialize + ?Sized>(value: &T) -> std::result::Result<JsValue, String> {
    write_and_decode(&mut |tape| value.serialize(tape))
}

/// [`to_value`]'s work but the record's own serialization, which `write` does: not generic, so
/// that it is in the module once rather than once for each type of record.
#[cfg_attr(crosspay_speed, optimize(speed))]
fn write_and_decode(write: &mut dyn FnMut(&mut Tape<'_>) -> Result) -> std::result::Result<JsValue, String> {
    BUFFER.with(|cell| {
        // Re-entry cannot happen (nothing calls back into JS while a tape is written); should it,
        // a fresh buffer keeps the outer one intact.
        let mut fresh = Vec::new();
        let mut guard = cell.try_borrow_mut();
        let out = match guard.as_mut() {
            Ok(buffer) => &mut **buffer,
            Err(_) => &mut fresh,
        };
        out.clear();
        NAMES.with(|names| {
            let mut names = names.try_borrow_mut().ok();
            let mut tape = Tape { out: &mut *out, names: names.as_deref_mut(), defined: Vec::new(), list: Lists::No };
            write(&mut tape).map_err(|e| e.0)?;
            let defined = tape.defined;
            let decoded = decode_tape(out);
            if let Some(names) = names.as_deref_mut() {
                names.sent(&defined);
            }
            if out.capacity() > 64 * 1024 {
                *out = Vec::new(); // a large result does not pin its memory
            }
            Ok(decoded)
        })
    })
}

struct Tape<'a> {
    out: &'a mut Vec<u8>,
    /// `None` (names inline) only if a tape is ever written while another is.
    names: Option<&'a mut Names>,
    /// The slots of the names this tape defines.
    defined: Vec<usize>,
    /// Where an [`I64_LIST`](crosspay_core::I64_LIST) or a [`TEXT_LIST`](crosspay_core::TEXT_LIST) is being written.
    list: Lists,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lists {
    No,
    /// An [`I64_LIST`](crosspay_core::I64_LIST) newtype was seen: its sequence comes next.
    I64Expected,
    /// Inside its sequence: each integer is 8 raw bytes.
    I64Inside,
    /// A [`TEXT_LIST`](crosspay_core::TEXT_LIST) newtype was seen: its sequence of ASCII texts
    /// without line feeds comes next.
    TextsExpected,
    /// Inside it: each text is appended with a `\n` (the last one dropped at the end); the tag
    /// `13`'s padded length is at `len_at`.
    TextsInside {
        len_at: usize,
    },
}

const PADDED: usize = 5; // bytes of a padded length: any `u32`

#[derive(Debug)]
pub(crate) struct TapeError(String);

impl std::fmt::Display for TapeError {
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for TapeError {}
impl ser::Error for TapeError {
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Self(msg.to_string())
    }
}

type Result<T = ()> = std::result::Result<T, TapeError>;

impl Tape<'_> {
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn len(&mut self, mut n: usize) {
        while n >= 0x80 {
            self.out.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.out.push(n as u8);
    }

    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn tagged(&mut self, tag: u8, n: usize) {
        self.out.push(tag);
        self.len(n);
    }

    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn string(&mut self, s: &str) {
        match self.list {
            Lists::TextsInside { .. } => {
                self.out.extend_from_slice(s.as_bytes());
                self.out.push(b'\n');
            }
            _ => {
                self.tagged(if s.is_ascii() { 6 } else { 7 }, s.len());
                self.out.extend_from_slice(s.as_bytes());
            }
        }
    }

    /// Field and variant names: by id once the decoder has them (tags 8 and 9 above).
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn static_str(&mut self, s: &'static str) {
        let Some(names) = self.names.as_deref_mut() else { return self.string(s) };
        let Some(slot) = names.slot(s) else { return self.string(s) };
        let name = names.slots[slot].unwrap_or(Name { ptr: 0, len: 0, id: 0, sent: false });
        if name.sent || self.defined.contains(&slot) {
            self.tagged(8, name.id as usize);
        } else {
            self.defined.push(slot);
            self.tagged(9, name.id as usize);
            self.len(s.len());
            self.out.extend_from_slice(s.as_bytes());
        }
    }

    /// Rewrites the array whose tag is at `at` as one text (tag 13) if it holds two or more
    /// ASCII strings and none has a line feed; leaves it as it is otherwise.
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn join_texts(&mut self, at: usize) {
        let out = &*self.out;
        let (count, mut pos) = read_len(out, at + 1);
        if count < 2 {
            return;
        }
        let mut joined = Vec::with_capacity(out.len() - pos);
        for i in 0..count {
            if out[pos] != 6 {
                return;
            }
            let (len, start) = read_len(out, pos + 1);
            let text = &out[start..start + len];
            if text.contains(&b'\n') {
                return;
            }
            if i > 0 {
                joined.push(b'\n');
            }
            joined.extend_from_slice(text);
            pos = start + len;
        }
        self.out.truncate(at);
        self.tagged(13, joined.len());
        self.out.extend_from_slice(&joined);
    }

    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn float(&mut self, v: f64) {
        if v >= 0.0 && v <= u32::MAX as f64 && v.fract() == 0.0 && !(v == 0.0 && v.is_sign_negative()) {
            self.tagged(5, v as usize);
        } else {
            self.out.push(4);
            self.out.extend_from_slice(&v.to_le_bytes());
        }
    }
}

/// A length written by [`Tape::len`] at `pos`, and where what follows it starts.
#[cfg_attr(crosspay_speed, optimize(speed))]
fn read_len(out: &[u8], mut pos: usize) -> (usize, usize) {
    let (mut n, mut shift) = (0, 0);
    loop {
        let b = out[pos];
        pos += 1;
        n |= usize::from(b & 0x7f) << shift;
        if b < 0x80 {
            return (n, pos);
        }
        shift += 7;
    }
}
