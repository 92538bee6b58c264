//! Drawing codes: any payload as a QR module matrix (error-correction level, the smallest version
//! that fits or a minimum, quiet zone, the standard's mask selection), as SVG and as terminal
//! text; the numeric payment codes as Code 128 (code set C) bars, as SVG. The QR encoding is the
//! `qrcode` crate's (mode segmentation, Reed–Solomon, masks), the bars the `barcoders` crate's;
//! this module only chooses versions, adds quiet zones and draws.

use crate::error::CrosspayError;
use crate::limits::{check_size, MAX_QR_CHARS};
use std::fmt::Write;

/// QR error-correction level: about 7 % (L), 15 % (M), 25 % (Q) or 30 % (H) of the symbol may be
/// damaged and still read. Names on the wire are the letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum EcLevel {
    L,
    #[default]
    M,
    Q,
    H,
}

impl std::str::FromStr for EcLevel {
    type Err = CrosspayError;
    fn from_str(s: &str) -> Result<Self, CrosspayError> {
        match s {
            "L" | "l" => Ok(Self::L),
            "M" | "m" => Ok(Self::M),
            "Q" | "q" => Ok(Self::Q),
            "H" | "h" => Ok(Self::H),
            _ => Err(CrosspayError::InvalidOptions { reason: format!("error correction level {s:?}: expected L, M, Q or H") }),
        }
    }
}

/// How to build a QR symbol. Every member may be left out; unknown keys are refused.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct QrOptions {
    /// Error correction, `M` when absent (what payment schemes ask for).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub ec_level: Option<EcLevel>,
    /// The smallest version (1–40) to use, so that codes of one kind keep one size; the symbol
    /// is larger only when the payload needs it.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub min_version: Option<u8>,
    /// Light modules around the symbol, 4 when absent (the standard's minimum); at most 16.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub quiet_zone: Option<u32>,
}

/// A QR symbol as modules: `size` × `size` of them, row by row from the top left, `1` dark and
/// `0` light, without the quiet zone (draw `quiet_zone` light modules around it).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct QrMatrix {
    /// 1–40.
    pub version: u8,
    pub ec_level: EcLevel,
    /// Modules per side, 21–177 (17 + 4 × version).
    pub size: u32,
    pub quiet_zone: u32,
    /// `size × size` bytes, each 0 or 1.
    #[serde(with = "serde_bytes_compat")]
    #[cfg_attr(feature = "wasm", tsify(type = "Uint8Array"))]
    pub modules: Vec<u8>,
}

impl QrMatrix {
    /// Whether the module at column `x`, row `y` is dark (false outside the symbol).
    pub fn is_dark(&self, x: u32, y: u32) -> bool {
        x < self.size && y < self.size && self.modules[(y * self.size + x) as usize] == 1
    }
}

/// A Code 128 symbol as bar widths: `widths[0]` is a bar, then space, bar, ... in modules; the
/// quiet zone (10 modules each side) is not included.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Barcode {
    /// The digits encoded (the human-readable line).
    pub text: String,
    /// `code128-c`.
    pub symbology: String,
    /// Modules from the first bar to the end of the stop pattern.
    pub width: u32,
    pub quiet_zone: u32,
    /// Alternating bar and space widths, starting with a bar, each 1–4 modules.
    pub widths: Vec<u8>,
}

/// Serializes module bytes as bytes (a `Uint8Array` in JS), and reads them back from an array.
mod serde_bytes_compat {
    pub fn serialize<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(v)
    }
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        serde::Deserialize::deserialize(d)
    }
}

const BARCODE_QUIET_ZONE: u32 = 10;
const MAX_QUIET_ZONE: u32 = 16;

fn qr_ec(level: EcLevel) -> qrcode::EcLevel {
    match level {
        EcLevel::L => qrcode::EcLevel::L,
        EcLevel::M => qrcode::EcLevel::M,
        EcLevel::Q => qrcode::EcLevel::Q,
        EcLevel::H => qrcode::EcLevel::H,
    }
}

/// The QR symbol for `payload`: the smallest version at or above `min_version` that holds it at
/// the chosen error correction.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn qr_matrix(payload: &str, options: &QrOptions) -> Result<QrMatrix, CrosspayError> {
    check_size("QR payload", payload.len(), MAX_QR_CHARS)?;
    let level = options.ec_level.unwrap_or_default();
    let min = options.min_version.unwrap_or(1);
    if !(1..=40).contains(&min) {
        return Err(CrosspayError::InvalidOptions { reason: format!("min_version {min}: expected 1 to 40") });
    }
    let quiet_zone = options.quiet_zone.unwrap_or(4);
    if quiet_zone > MAX_QUIET_ZONE {
        return Err(CrosspayError::InvalidOptions { reason: format!("quiet_zone {quiet_zone}: at most {MAX_QUIET_ZONE}") });
    }
    let code = if min == 1 {
        qrcode::QrCode::with_error_correction_level(payload.as_bytes(), qr_ec(level)).ok()
    } else {
        (min..=40).find_map(|v| qrcode::QrCode::with_version(payload.as_bytes(), qrcode::Version::Normal(v.into()), qr_ec(level)).ok())
    };
    let code = code.ok_or_else(|| CrosspayError::InputTooLarge {
        what: format!("QR payload at error correction {level:?}"),
        size: payload.len() as u64,
        max: match level {
            EcLevel::L => 2953,
            EcLevel::M => 2331,
            EcLevel::Q => 1663,
            EcLevel::H => 1273,
        },
    })?;
    let version = match code.version() {
        qrcode::Version::Normal(v) => v as u8,
        qrcode::Version::Micro(_) => unreachable!("only normal versions are asked for"),
    };
    Ok(QrMatrix {
        version,
        ec_level: level,
        size: code.width() as u32,
        quiet_zone,
        modules: code.to_colors().into_iter().map(|c| u8::from(c == qrcode::Color::Dark)).collect(),
    })
}

/// `payload` as an SVG QR code: one path of dark modules on a light square, the view box in
/// modules (quiet zone included), `shape-rendering="crispEdges"`, no fonts or external
/// references; scale it with `width`/`height` or CSS.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn qr_svg(payload: &str, options: &QrOptions) -> Result<String, CrosspayError> {
    Ok(matrix_svg(&qr_matrix(payload, options)?))
}

/// An SVG of a matrix (see [`qr_svg`]).
pub fn matrix_svg(m: &QrMatrix) -> String {
    let full = m.size + 2 * m.quiet_zone;
    let mut path = String::new();
    for y in 0..m.size {
        let mut x = 0;
        while x < m.size {
            if m.is_dark(x, y) {
                let start = x;
                while x < m.size && m.is_dark(x, y) {
                    x += 1;
                }
                let _ = write!(path, "M{} {}h{}v1h-{}z", start + m.quiet_zone, y + m.quiet_zone, x - start, x - start);
            } else {
                x += 1;
            }
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {full} {full}\" width=\"{full}\" height=\"{full}\" shape-rendering=\"crispEdges\">\
<rect width=\"{full}\" height=\"{full}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>\n"
    )
}

/// `payload` as terminal text: two rows of modules per line in Unicode half blocks, drawn for a
/// dark terminal (light modules and the quiet zone in the foreground colour, so a phone sees dark
/// modules on light).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn qr_terminal(payload: &str, options: &QrOptions) -> Result<String, CrosspayError> {
    Ok(matrix_terminal(&qr_matrix(payload, options)?))
}

/// Terminal text of a matrix (see [`qr_terminal`]).
pub fn matrix_terminal(m: &QrMatrix) -> String {
    let q = m.quiet_zone as i64;
    let full = m.size as i64 + 2 * q;
    let light = |x: i64, y: i64| {
        let (x, y) = (x - q, y - q);
        !(x >= 0 && y >= 0 && m.is_dark(x as u32, y as u32))
    };
    let mut out = String::new();
    let mut y = 0;
    while y < full {
        for x in 0..full {
            let top = light(x, y);
            let bottom = y + 1 < full && light(x, y + 1);
            out.push(match (top, bottom) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        out.push('\n');
        y += 2;
    }
    out
}

/// A numeric payment code (or any even number of digits, 2–80) as Code 128, code set C.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn barcode(digits: &str) -> Result<Barcode, CrosspayError> {
    let invalid = |reason: String| CrosspayError::InvalidBarcode { reason };
    if digits.is_empty() || digits.len() > 80 || !digits.len().is_multiple_of(2) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        let shown: String = digits.chars().take(100).collect();
        return Err(invalid(format!("{shown:?}: code set C holds an even number of digits, 2 to 80")));
    }
    let bars = barcoders::sym::code128::Code128::new(format!("\u{0106}{digits}")).map_err(|e| invalid(format!("{digits}: {e}")))?.encode();
    let mut widths: Vec<u8> = Vec::new();
    let mut last = None;
    for &b in &bars {
        if last == Some(b) {
            *widths.last_mut().expect("a run is open") += 1;
        } else {
            widths.push(1);
            last = Some(b);
        }
    }
    debug_assert_eq!(bars.first(), Some(&1), "a Code 128 symbol starts with a bar");
    Ok(Barcode {
        text: digits.to_string(),
        symbology: "code128-c".into(),
        width: bars.len() as u32,
        quiet_zone: BARCODE_QUIET_ZONE,
        widths,
    })
}

/// The barcode as SVG: bars in one path, 60 modules high, the digits under them in a monospace
/// system font; the view box in modules (quiet zones included).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn barcode_svg(digits: &str) -> Result<String, CrosspayError> {
    Ok(bars_svg(&barcode(digits)?))
}

/// An SVG of bars (see [`barcode_svg`]).
pub fn bars_svg(b: &Barcode) -> String {
    const HEIGHT: u32 = 60;
    const TEXT: u32 = 14;
    let full = b.width + 2 * b.quiet_zone;
    let mut path = String::new();
    let mut x = b.quiet_zone;
    for (i, &w) in b.widths.iter().enumerate() {
        if i % 2 == 0 {
            let _ = write!(path, "M{x} 0h{w}v{HEIGHT}h-{w}z");
        }
        x += u32::from(w);
    }
    let h = HEIGHT + TEXT + 2;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {full} {h}\" width=\"{full}\" height=\"{h}\" shape-rendering=\"crispEdges\">\
<rect width=\"{full}\" height=\"{h}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/>\
<text x=\"{}\" y=\"{}\" font-family=\"monospace\" font-size=\"{TEXT}\" text-anchor=\"middle\" fill=\"#000\">{}</text></svg>\n",
        full / 2,
        HEIGHT + TEXT,
        b.text
    )
}

/// The barcode as terminal text: full blocks for bars, six lines high, the digits beneath,
/// drawn for a dark terminal (spaces and quiet zones in the foreground colour).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn barcode_terminal(digits: &str) -> Result<String, CrosspayError> {
    let b = barcode(digits)?;
    let mut line = "█".repeat(b.quiet_zone as usize);
    for (i, &w) in b.widths.iter().enumerate() {
        line.push_str(&(if i % 2 == 0 { " " } else { "█" }).repeat(usize::from(w)));
    }
    line.push_str(&"█".repeat(b.quiet_zone as usize));
    let mut out = String::new();
    for _ in 0..6 {
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(&b.text);
    out.push('\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_grow_with_the_payload_and_respect_a_minimum() {
        let small = qr_matrix("HELLO", &QrOptions::default()).unwrap();
        assert_eq!((small.version, small.size, small.modules.len()), (1, 21, 441));
        let pinned = qr_matrix("HELLO", &QrOptions { min_version: Some(5), ..Default::default() }).unwrap();
        assert_eq!((pinned.version, pinned.size), (5, 37));
        let big = "9".repeat(3000);
        assert_eq!(qr_matrix(&big, &QrOptions { ec_level: Some(EcLevel::H), ..Default::default() }).unwrap().version, 40);
        let err = qr_matrix(&"x".repeat(2400), &QrOptions::default()).unwrap_err();
        assert_eq!(err.code(), "input_too_large");
        assert_eq!(qr_matrix("x", &QrOptions { min_version: Some(41), ..Default::default() }).unwrap_err().code(), "invalid_options");
    }

    #[test]
    fn svg_is_one_path_in_modules() {
        let svg = qr_svg("HELLO", &QrOptions::default()).unwrap();
        assert!(svg.contains("viewBox=\"0 0 29 29\""));
        assert_eq!(svg.matches("<path").count(), 1);
        assert!(!svg.contains("font"));
    }

    #[test]
    fn code128_set_c() {
        let b = barcode("123456789012345678").unwrap();
        // start C + 9 pairs + check + stop: 11 modules each, the stop 13
        assert_eq!(b.width, 11 * 11 + 13);
        assert_eq!(b.widths.iter().map(|&w| u32::from(w)).sum::<u32>(), b.width);
        assert_eq!(b.widths.len() % 2, 1, "starts and ends with a bar");
        for bad in ["", "123", "12a4", "１２"] {
            assert_eq!(barcode(bad).unwrap_err().code(), "invalid_barcode", "{bad}");
        }
    }
}
