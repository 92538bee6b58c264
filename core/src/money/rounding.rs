//! Rounding is always explicit: crosspay has no default rounding mode.

use crate::error::CrosspayError;

/// How a result is rounded to its currency's minor units.
///
/// Names on the wire (JSON, JS, CLI) are the kebab-case strings below.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case", try_from = "String")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum RoundingMode {
    /// Nearest; a tie goes away from zero (2.345 → 2.35, −2.345 → −2.35).
    HalfUp,
    /// Nearest; a tie goes to the even digit, "banker's rounding" (2.345 → 2.34, 2.355 → 2.36).
    HalfEven,
    /// Nearest; a tie goes toward zero (2.345 → 2.34).
    HalfDown,
    /// Away from zero (2.341 → 2.35, −2.341 → −2.35).
    Up,
    /// Toward zero, truncation (2.349 → 2.34).
    Down,
    /// Toward positive infinity (2.341 → 2.35, −2.349 → −2.34).
    Ceiling,
    /// Toward negative infinity (2.349 → 2.34, −2.341 → −2.35).
    Floor,
}

impl RoundingMode {
    /// Every mode, in documentation order.
    pub const ALL: [RoundingMode; 7] = [Self::HalfUp, Self::HalfEven, Self::HalfDown, Self::Up, Self::Down, Self::Ceiling, Self::Floor];

    /// The wire name, e.g. `half-up`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HalfUp => "half-up",
            Self::HalfEven => "half-even",
            Self::HalfDown => "half-down",
            Self::Up => "up",
            Self::Down => "down",
            Self::Ceiling => "ceiling",
            Self::Floor => "floor",
        }
    }
}

impl std::fmt::Display for RoundingMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for RoundingMode {
    type Err = CrosspayError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|m| m.as_str() == s).ok_or_else(|| CrosspayError::InvalidRounding { input: s.to_string() })
    }
}

/// Options objects read the mode with the same parse (and so the same error) as everything else.
impl TryFrom<String> for RoundingMode {
    type Error = CrosspayError;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        name.parse()
    }
}

/// Parses a wire name such as `half-even` (for targets that read modes from text).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn parse_rounding_mode(name: &str) -> Result<RoundingMode, CrosspayError> {
    name.parse()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    /// The one rounding implementation (money/ratio.rs), through the decimal entry every amount uses.
    fn round(s: &str, mode: RoundingMode) -> String {
        super::super::ratio::round_decimal(Decimal::from_str(s).unwrap(), 2, mode).unwrap().to_string()
    }

    #[test]
    /// The one table for the one rounding implementation (money/ratio.rs `round_to_integer`),
    /// which conversions, cash increments and amounts all use.
    fn each_mode_matches_its_documentation() {
        use RoundingMode::*;
        let table = [
            ("2.345", ["2.35", "2.34", "2.34", "2.35", "2.34", "2.35", "2.34"]),
            ("2.355", ["2.36", "2.36", "2.35", "2.36", "2.35", "2.36", "2.35"]),
            ("-2.345", ["-2.35", "-2.34", "-2.34", "-2.35", "-2.34", "-2.34", "-2.35"]),
            ("2.341", ["2.34", "2.34", "2.34", "2.35", "2.34", "2.35", "2.34"]),
            ("-2.349", ["-2.35", "-2.35", "-2.35", "-2.35", "-2.34", "-2.34", "-2.35"]),
            ("-2.355", ["-2.36", "-2.36", "-2.35", "-2.36", "-2.35", "-2.35", "-2.36"]),
            ("2.365", ["2.37", "2.36", "2.36", "2.37", "2.36", "2.37", "2.36"]),
            // Exact values are never moved, in any mode.
            ("-1.10", ["-1.10", "-1.10", "-1.10", "-1.10", "-1.10", "-1.10", "-1.10"]),
            ("2", ["2.00", "2.00", "2.00", "2.00", "2.00", "2.00", "2.00"]),
        ];
        for (input, expected) in table {
            for (mode, want) in [HalfUp, HalfEven, HalfDown, Up, Down, Ceiling, Floor].into_iter().zip(expected) {
                assert_eq!(round(input, mode), want, "{input} {mode}");
            }
        }
    }

    #[test]
    fn names_round_trip_and_unknown_names_are_typed_errors() {
        for m in RoundingMode::ALL {
            assert_eq!(parse_rounding_mode(m.as_str()), Ok(m));
        }
        for bad in ["HALF-UP", "half_up", "", "bankers"] {
            assert_eq!(parse_rounding_mode(bad).unwrap_err().code(), "invalid_rounding");
        }
    }
}
