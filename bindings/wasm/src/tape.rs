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
//! `10` object (n, then n × key value) · `11` array (n, values) · `12` bytes (len, bytes).

use serde::ser::{self, Serialize};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(raw_module = "./tape.js")]
extern "C" {
    /// Reads a tape (a view of wasm memory, read before anything can grow it) into a JS value.
    #[wasm_bindgen(js_name = decodeTape)]
    fn decode_tape(tape: &[u8]) -> JsValue;
}

thread_local! {
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Serializes `value` to a tape and decodes it on the JS side in one call.
pub(crate) fn to_value<T: Serialize + ?Sized>(value: &T) -> std::result::Result<JsValue, String> {
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
        value.serialize(&mut Tape { out }).map_err(|e| e.0)?;
        let decoded = decode_tape(out);
        if out.capacity() > 64 * 1024 {
            *out = Vec::new(); // a large result does not pin its memory
        }
        Ok(decoded)
    })
}

struct Tape<'a> {
    out: &'a mut Vec<u8>,
}

#[derive(Debug)]
pub(crate) struct TapeError(String);

impl std::fmt::Display for TapeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for TapeError {}
impl ser::Error for TapeError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Self(msg.to_string())
    }
}

type Result<T = ()> = std::result::Result<T, TapeError>;

impl Tape<'_> {
    fn len(&mut self, mut n: usize) {
        while n >= 0x80 {
            self.out.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.out.push(n as u8);
    }

    fn tagged(&mut self, tag: u8, n: usize) {
        self.out.push(tag);
        self.len(n);
    }

    fn string(&mut self, s: &str) {
        self.tagged(if s.is_ascii() { 6 } else { 7 }, s.len());
        self.out.extend_from_slice(s.as_bytes());
    }

    /// Field and variant names: inline, like any string; the decoder's cache of short strings
    /// makes a repeated name a byte comparison (an id table on this side cost more: a hash
    /// lookup per field).
    fn static_str(&mut self, s: &'static str) {
        self.string(s)
    }

    fn float(&mut self, v: f64) {
        if v >= 0.0 && v <= u32::MAX as f64 && v.fract() == 0.0 && !(v == 0.0 && v.is_sign_negative()) {
            self.tagged(5, v as usize);
        } else {
            self.out.push(4);
            self.out.extend_from_slice(&v.to_le_bytes());
        }
    }
}

/// What an object, array or variant writes while it is open.
struct Compound<'t, 'a> {
    tape: &'t mut Tape<'a>,
}

impl<'t, 'a> ser::Serializer for &'t mut Tape<'a> {
    type Ok = ();
    type Error = TapeError;
    type SerializeSeq = Compound<'t, 'a>;
    type SerializeTuple = Compound<'t, 'a>;
    type SerializeTupleStruct = Compound<'t, 'a>;
    type SerializeTupleVariant = Compound<'t, 'a>;
    type SerializeMap = Compound<'t, 'a>;
    type SerializeStruct = Compound<'t, 'a>;
    type SerializeStructVariant = Compound<'t, 'a>;

    fn serialize_bool(self, v: bool) -> Result {
        self.out.push(if v { 3 } else { 2 });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result {
        self.serialize_f64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result {
        self.serialize_f64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result {
        self.serialize_f64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result {
        // As serde-wasm-bindgen: a Number when it is a safe integer, an error otherwise.
        const SAFE: i64 = (1 << 53) - 1;
        if (-SAFE..=SAFE).contains(&v) {
            self.serialize_f64(v as f64)
        } else {
            Err(ser::Error::custom(format_args!("{v} can't be represented as a JavaScript number")))
        }
    }
    fn serialize_u8(self, v: u8) -> Result {
        self.serialize_f64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result {
        self.serialize_f64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result {
        self.tagged(5, v as usize);
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result {
        if v < (1 << 53) {
            self.serialize_f64(v as f64)
        } else {
            Err(ser::Error::custom(format_args!("{v} can't be represented as a JavaScript number")))
        }
    }
    fn serialize_f32(self, v: f32) -> Result {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result {
        self.float(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result {
        self.tagged(12, v.len());
        self.out.extend_from_slice(v);
        Ok(())
    }
    fn serialize_none(self) -> Result {
        self.out.push(0);
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.out.push(0);
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result {
        self.static_str(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _name: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.tagged(10, 1);
        self.static_str(variant);
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'t, 'a>> {
        let len = len.ok_or_else(|| ser::Error::custom("a sequence without a length"))?;
        self.tagged(11, len);
        Ok(Compound { tape: self })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'t, 'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'t, 'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(self, _name: &'static str, _index: u32, variant: &'static str, len: usize) -> Result<Compound<'t, 'a>> {
        self.tagged(10, 1);
        self.static_str(variant);
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'t, 'a>> {
        let len = len.ok_or_else(|| ser::Error::custom("a map without a length"))?;
        self.tagged(10, len);
        Ok(Compound { tape: self })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'t, 'a>> {
        self.tagged(10, len);
        Ok(Compound { tape: self })
    }
    fn serialize_struct_variant(self, _name: &'static str, _index: u32, variant: &'static str, len: usize) -> Result<Compound<'t, 'a>> {
        self.tagged(10, 1);
        self.static_str(variant);
        self.serialize_struct(variant, len)
    }
}

impl Compound<'_, '_> {
    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.tape)
    }
}

macro_rules! sequence {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = TapeError;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
                self.element(value)
            }
            fn end(self) -> Result {
                Ok(())
            }
        }
    )*};
}
sequence!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = TapeError;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result {
        self.element(key)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        self.element(value)
    }
    fn end(self) -> Result {
        Ok(())
    }
}

macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = TapeError;
            fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result {
                self.tape.static_str(key);
                self.element(value)
            }
            fn end(self) -> Result {
                Ok(())
            }
        }
    )*};
}
fields!(SerializeStruct, SerializeStructVariant);
