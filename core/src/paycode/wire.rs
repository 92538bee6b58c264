//! The byte-level primitives of the payment-code layouts (docs/paycode-format.md): big-endian
//! fixed-width integers, canonical unsigned LEB128 varints, and currency codes packed into 15 bits.
//! Readers are exact: every value has one encoding, and a wrong one is an error, never a guess.

use crate::money::Currency;

/// Appends fields to a layout.
#[derive(Default)]
pub(crate) struct Writer(pub Vec<u8>);

impl Writer {
    pub fn bytes(&mut self, b: &[u8]) {
        self.0.extend_from_slice(b);
    }
    pub fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
    /// Unsigned LEB128: 7 bits per byte, low bits first, high bit set on all but the last byte.
    pub fn varint(&mut self, mut v: u64) {
        loop {
            let low = (v & 0x7F) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(low);
                return;
            }
            self.0.push(low | 0x80);
        }
    }
    pub fn currency(&mut self, c: Currency) {
        self.0.extend_from_slice(&pack_currency(c.code()).to_be_bytes());
    }
}

/// Reads fields of a layout, refusing anything short, non-canonical or out of range.
pub(crate) struct Reader<'a> {
    data: &'a [u8],
    pub pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Self { data, pos: 0 }
    }
    pub fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }
    pub fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], String> {
        if self.remaining() < n {
            return Err(format!("truncated: {what} needs {n} bytes at offset {}, {} left", self.pos, self.remaining()));
        }
        let out = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }
    pub fn array<const N: usize>(&mut self, what: &str) -> Result<[u8; N], String> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N, what)?);
        Ok(out)
    }
    pub fn u8(&mut self, what: &str) -> Result<u8, String> {
        Ok(self.take(1, what)?[0])
    }
    pub fn u32(&mut self, what: &str) -> Result<u32, String> {
        Ok(u32::from_be_bytes(self.array(what)?))
    }
    /// A canonical LEB128 varint of at most `max`.
    pub fn varint(&mut self, what: &str, max: u64) -> Result<u64, String> {
        let start = self.pos;
        let mut value: u64 = 0;
        for i in 0..10 {
            let b = self.u8(what)?;
            let bits = u64::from(b & 0x7F);
            if i == 9 && b > 1 {
                return Err(format!("{what} at offset {start} overflows 64 bits"));
            }
            value |= bits << (7 * i);
            if b & 0x80 == 0 {
                if b == 0 && i > 0 {
                    return Err(format!("{what} at offset {start} is not minimally encoded"));
                }
                if value > max {
                    return Err(format!("{what} {value} at offset {start} exceeds {max}"));
                }
                return Ok(value);
            }
        }
        Err(format!("{what} at offset {start} is longer than 10 bytes"))
    }
    pub fn currency(&mut self, what: &str) -> Result<Currency, String> {
        let at = self.pos;
        let packed = u16::from_be_bytes(self.array(what)?);
        let code = unpack_currency(packed).ok_or_else(|| format!("{what} at offset {at}: {packed} is not a packed currency code"))?;
        Currency::from_code(&code).map_err(|e| format!("{what} at offset {at}: {e}"))
    }
    pub fn finish(&self) -> Result<(), String> {
        match self.remaining() {
            0 => Ok(()),
            n => Err(format!("{n} trailing bytes after offset {}", self.pos)),
        }
    }
}

/// `ABC` → ((A·26)+B)·26+C with A..Z as 0..25: three letters in 15 bits (0..=17575).
pub(crate) fn pack_currency(code: &str) -> u16 {
    code.bytes().fold(0u16, |acc, b| acc * 26 + u16::from(b.saturating_sub(b'A')))
}

pub(crate) fn unpack_currency(packed: u16) -> Option<String> {
    if packed > 17575 {
        return None;
    }
    let letters = [packed / 676, packed / 26 % 26, packed % 26];
    Some(letters.iter().map(|&l| (b'A' + l as u8) as char).collect())
}

/// Lower-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

/// Exactly `N` bytes from lower-case hex.
pub(crate) fn from_hex<const N: usize>(text: &str, what: &str) -> Result<[u8; N], String> {
    if text.len() != 2 * N || !text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return Err(format!("{what} must be {} lower-case hex digits, got {text:?}", 2 * N));
    }
    let bytes = crate::keys::public::decode_hex(text)?;
    let mut out = [0u8; N];
    out.copy_from_slice(&bytes);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_are_canonical() {
        for v in [0u64, 1, 127, 128, 300, 16383, 16384, u32::MAX as u64, u64::MAX] {
            let mut w = Writer::default();
            w.varint(v);
            let mut r = Reader::new(&w.0);
            assert_eq!(r.varint("v", u64::MAX).unwrap(), v);
            r.finish().unwrap();
        }
        assert!(Reader::new(&[0x80, 0x00]).varint("v", u64::MAX).is_err(), "non-minimal");
        assert!(Reader::new(&[0x81]).varint("v", u64::MAX).is_err(), "truncated");
        assert!(Reader::new(&[0xFF; 10]).varint("v", u64::MAX).is_err(), "overflow");
        assert!(Reader::new(&[0x80, 0x01]).varint("v", 100).is_err(), "above max");
    }

    #[test]
    fn currencies_pack_into_15_bits() {
        for code in ["AAA", "HKD", "CNH", "ZZZ"] {
            assert_eq!(unpack_currency(pack_currency(code)).unwrap(), code);
        }
        assert_eq!(pack_currency("ZZZ"), 17575);
        assert_eq!(unpack_currency(17576), None);
        let mut w = Writer::default();
        w.u8(0xFF);
        w.u8(0xFF);
        assert!(Reader::new(&w.0).currency("c").is_err());
    }
}
