//! The tape's `serde::Serializer`: how each kind of value is written (the format is in the
//! parent module's documentation), and the compound values (objects, arrays, variants) while
//! they are open.

use super::{Lists, Result, Tape, TapeError, PADDED};
use crosspay_core::{I64_LIST, TEXT_LIST};
use serde::ser::{self, Serialize};

/// A 64-bit integer past JavaScript's safe integers (±(2^53 − 1)), which a Number would round:
/// refused with its value, as serde-wasm-bindgen refuses it (`i64` and `u64` alike: not generic).
#[cold]
fn unsafe_integer(v: &dyn std::fmt::Display) -> TapeError {
    TapeError(format!("{v} can't be represented as a JavaScript number"))
}

/// What an object, array or variant writes while it is open.
pub(super) struct Compound<'t, 'a> {
    tape: &'t mut Tape<'a>,
    /// For an array: where its tag is, to write it as one text at its end if it can be.
    list: Option<usize>,
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

    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_bool(self, v: bool) -> Result {
        self.out.push(if v { 3 } else { 2 });
        Ok(())
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_i8(self, v: i8) -> Result {
        self.serialize_f64(v.into())
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_i16(self, v: i16) -> Result {
        self.serialize_f64(v.into())
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_i32(self, v: i32) -> Result {
        self.serialize_f64(v.into())
    }
    #[inline(always)] // a list of minor units writes thousands (see `I64s::Inside`)
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_i64(self, v: i64) -> Result {
        if self.list == Lists::I64Inside {
            self.out.extend_from_slice(&v.to_le_bytes());
            return Ok(());
        }
        // As serde-wasm-bindgen: a Number when it is a safe integer, an error otherwise.
        const SAFE: i64 = (1 << 53) - 1;
        if (-SAFE..=SAFE).contains(&v) {
            self.serialize_f64(v as f64)
        } else {
            Err(unsafe_integer(&v))
        }
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_u8(self, v: u8) -> Result {
        self.serialize_f64(v.into())
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_u16(self, v: u16) -> Result {
        self.serialize_f64(v.into())
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_u32(self, v: u32) -> Result {
        self.tagged(5, v as usize);
        Ok(())
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_u64(self, v: u64) -> Result {
        if v < (1 << 53) {
            self.serialize_f64(v as f64)
        } else {
            Err(unsafe_integer(&v))
        }
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_f32(self, v: f32) -> Result {
        self.serialize_f64(v.into())
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_f64(self, v: f64) -> Result {
        self.float(v);
        Ok(())
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_char(self, v: char) -> Result {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_str(self, v: &str) -> Result {
        self.string(v);
        Ok(())
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_bytes(self, v: &[u8]) -> Result {
        self.tagged(12, v.len());
        self.out.extend_from_slice(v);
        Ok(())
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_none(self) -> Result {
        self.out.push(0);
        Ok(())
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result {
        value.serialize(self)
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_unit(self) -> Result {
        self.out.push(0);
        Ok(())
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.serialize_unit()
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result {
        self.static_str(variant);
        Ok(())
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, name: &'static str, value: &T) -> Result {
        self.list = match name {
            I64_LIST => Lists::I64Expected,
            TEXT_LIST => Lists::TextsExpected,
            _ => return value.serialize(self),
        };
        let written = value.serialize(&mut *self);
        let inside = self.list;
        self.list = Lists::No;
        written?;
        match inside {
            Lists::I64Inside => Ok(()),
            Lists::No if name == TEXT_LIST => Ok(()), // an empty list
            Lists::TextsInside { len_at } => {
                self.out.pop(); // the last text's line feed
                let len = u32::try_from(self.out.len() - len_at - PADDED).map_err(|_| ser::Error::custom("a list of texts over 4 GiB"))?;
                for (i, byte) in self.out[len_at..len_at + PADDED].iter_mut().enumerate() {
                    *byte = ((len >> (7 * i)) & 0x7f) as u8 | if i + 1 < PADDED { 0x80 } else { 0 };
                }
                Ok(())
            }
            _ => Err(ser::Error::custom(format_args!("a {name} that was not a sequence"))),
        }
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
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
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'t, 'a>> {
        let len = len.ok_or_else(|| ser::Error::custom("a sequence without a length"))?;
        match self.list {
            Lists::I64Expected => {
                self.list = Lists::I64Inside;
                self.tagged(15, len);
                return Ok(Compound { tape: self, list: None });
            }
            // An empty list is an empty array (a tag 13 is one text or more).
            Lists::TextsExpected if len == 0 => self.list = Lists::No,
            Lists::TextsExpected => {
                self.out.push(13);
                self.list = Lists::TextsInside { len_at: self.out.len() };
                self.out.extend_from_slice(&[0; PADDED]);
                return Ok(Compound { tape: self, list: None });
            }
            _ => {}
        }
        let at = self.out.len();
        self.tagged(11, len);
        Ok(Compound { tape: self, list: Some(at) })
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_tuple(self, len: usize) -> Result<Compound<'t, 'a>> {
        self.tagged(11, len);
        Ok(Compound { tape: self, list: None })
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'t, 'a>> {
        self.serialize_tuple(len)
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_tuple_variant(self, _name: &'static str, _index: u32, variant: &'static str, len: usize) -> Result<Compound<'t, 'a>> {
        self.tagged(10, 1);
        self.static_str(variant);
        self.serialize_tuple(len)
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'t, 'a>> {
        let len = len.ok_or_else(|| ser::Error::custom("a map without a length"))?;
        self.tagged(10, len);
        Ok(Compound { tape: self, list: None })
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'t, 'a>> {
        self.tagged(10, len);
        Ok(Compound { tape: self, list: None })
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_struct_variant(self, _name: &'static str, _index: u32, variant: &'static str, len: usize) -> Result<Compound<'t, 'a>> {
        self.tagged(10, 1);
        self.static_str(variant);
        self.serialize_struct(variant, len)
    }
}

impl Compound<'_, '_> {
    #[inline(always)]
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.tape)
    }
}

macro_rules! sequence {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = TapeError;
            #[inline(always)]
            #[cfg_attr(crosspay_speed, optimize(speed))]
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
                self.element(value)
            }
            #[cfg_attr(crosspay_speed, optimize(speed))]
            fn end(self) -> Result {
                if let Some(at) = self.list {
                    self.tape.join_texts(at);
                }
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
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result {
        self.element(key)
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        self.element(value)
    }
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn end(self) -> Result {
        Ok(())
    }
}

macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = TapeError;
            #[cfg_attr(crosspay_speed, optimize(speed))]
            fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result {
                self.tape.static_str(key);
                self.element(value)
            }
            #[cfg_attr(crosspay_speed, optimize(speed))]
            fn end(self) -> Result {
                Ok(())
            }
        }
    )*};
}
fields!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::super::{Lists, Tape};
    use serde::Serialize;

    /// The tape `value` writes, or the error it is refused with.
    fn written<T: Serialize>(value: T) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let mut tape = Tape { out: &mut out, names: None, defined: Vec::new(), list: Lists::No };
        value.serialize(&mut tape).map_err(|e| e.0)?;
        Ok(out)
    }

    fn number(v: f64) -> Vec<u8> {
        [&[4][..], &v.to_le_bytes()].concat()
    }

    #[test]
    fn integers_up_to_the_safe_limit_are_numbers() {
        const SAFE: i64 = (1 << 53) - 1;
        assert_eq!(written(7u64), Ok(vec![5, 7]));
        assert_eq!(written(SAFE as u64), Ok(number(SAFE as f64)));
        assert_eq!(written(SAFE), Ok(number(SAFE as f64)));
        assert_eq!(written(-SAFE), Ok(number(-SAFE as f64)));
        assert_eq!(written(-1i64), Ok(number(-1.0)));
    }

    #[test]
    fn integers_past_it_are_refused_with_their_value() {
        let refused = |v: &str| Err(format!("{v} can't be represented as a JavaScript number"));
        assert_eq!(written(1u64 << 53), refused("9007199254740992"));
        assert_eq!(written(u64::MAX), refused("18446744073709551615"));
        assert_eq!(written(1i64 << 53), refused("9007199254740992"));
        assert_eq!(written(-(1i64 << 53)), refused("-9007199254740992"));
        assert_eq!(written(i64::MIN), refused("-9223372036854775808"));
    }
}
