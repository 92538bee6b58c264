//! Base45 (RFC 9285): two bytes become three characters of the QR alphanumeric set, so a
//! binary payload fills a QR code in alphanumeric mode (5.5 bits per character).
//!
//! Hand-written rather than the `base45` crate: that crate silently truncates a final pair
//! whose value exceeds 255 (RFC 9285 §4 requires refusing it) and needs Rust 1.88.

const ALPHABET: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// Encodes bytes as Base45.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(2) * 3);
    encode_into(&mut out, bytes);
    out
}

/// Appends the Base45 text of `bytes` to `out` (a payload after its prefix, in one buffer).
pub fn encode_into(out: &mut String, bytes: &[u8]) {
    let mut push = |mut n: usize, digits: usize| {
        for _ in 0..digits {
            out.push(char::from(ALPHABET[n % 45]));
            n /= 45;
        }
    };
    let mut pairs = bytes.chunks_exact(2);
    for pair in &mut pairs {
        push(usize::from(pair[0]) << 8 | usize::from(pair[1]), 3);
    }
    if let [last] = pairs.remainder() {
        push(usize::from(*last), 2);
    }
}

fn value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// Decodes Base45 strictly: only the 45 characters, no trailing single character, no group
/// whose value exceeds what two (or, for a final pair, one) bytes can hold.
pub fn decode(text: &str) -> Result<Vec<u8>, String> {
    let bytes = text.as_bytes();
    if bytes.len() % 3 == 1 {
        return Err(format!("base45 text of {} characters has a dangling character", bytes.len()));
    }
    let mut out = Vec::with_capacity(bytes.len() / 3 * 2 + 1);
    for (i, chunk) in bytes.chunks(3).enumerate() {
        let mut n = 0u32;
        for (j, &c) in chunk.iter().enumerate().rev() {
            let v = value(c).ok_or_else(|| format!("character {} is not base45", i * 3 + j + 1))?;
            n = n * 45 + v;
        }
        if chunk.len() == 3 {
            if n > 0xFFFF {
                return Err(format!("base45 group at character {} exceeds 65535", i * 3 + 1));
            }
            out.extend_from_slice(&(n as u16).to_be_bytes());
        } else {
            if n > 0xFF {
                return Err(format!("final base45 pair at character {} exceeds 255", i * 3 + 1));
            }
            out.push(n as u8);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The examples of RFC 9285 §4.
    #[test]
    fn rfc_9285_examples() {
        for (plain, encoded) in [("AB", "BB8"), ("Hello!!", "%69 VD92EX0"), ("base-45", "UJCLQE7W581"), ("ietf!", "QED8WEX0")] {
            assert_eq!(encode(plain.as_bytes()), encoded);
            assert_eq!(decode(encoded).unwrap(), plain.as_bytes());
        }
        assert_eq!(encode(b""), "");
    }

    #[test]
    fn refuses_what_rfc_9285_refuses() {
        assert!(decode("GGW").is_err(), "65536 does not fit two bytes");
        assert!(decode(":::").is_err());
        assert!(decode("GG").is_err(), "a final pair above 255");
        assert!(decode("A").is_err());
        assert!(decode("abc").is_err(), "lower case is not in the alphabet");
        assert_eq!(decode("FGW").unwrap(), vec![0xFF, 0xFF]);
        assert_eq!(decode("U5").unwrap(), vec![0xFF]);
    }

    proptest::proptest! {
        #[test]
        fn round_trips(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            proptest::prop_assert_eq!(decode(&encode(&bytes)).unwrap(), bytes);
        }
    }
}
