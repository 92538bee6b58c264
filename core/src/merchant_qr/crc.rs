//! CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), over the UTF-8 bytes of the payload up to and
//! including the `6304` of the CRC object.

pub(crate) fn crc16(bytes: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for &b in bytes {
        crc ^= u16::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 { (crc << 1) ^ 0x1021 } else { crc << 1 };
        }
    }
    crc
}

pub(crate) fn crc_hex(text: &str) -> String {
    format!("{:04X}", crc16(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn check_value_of_the_catalogue() {
        // CRC-16/CCITT-FALSE check value for "123456789".
        assert_eq!(super::crc16(b"123456789"), 0x29B1);
    }
}
