//! How the CLI speaks: one JSON object per command with `--json`, plain text without.

use crosspay_core::CrosspayError;
use serde::Serialize;
use std::process::ExitCode;

/// A failure as the CLI reports it: a stable code and a message.
#[derive(Debug, Serialize)]
pub struct Failure {
    pub code: String,
    pub message: String,
}

impl Failure {
    pub fn new(code: &str, message: &str) -> Self {
        Self { code: code.to_string(), message: message.to_string() }
    }
}

impl From<CrosspayError> for Failure {
    fn from(e: CrosspayError) -> Self {
        Self::new(e.code(), &e.to_string())
    }
}

/// Exit status for input that could not be used (bad flags, bad amounts, unknown currencies).
pub const EXIT_UNUSABLE_INPUT: u8 = 2;

/// Prints one JSON value on stdout.
pub fn print_json<T: Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string(value).map_err(|e| Failure::new("internal", &e.to_string()))?;
    println!("{text}");
    Ok(())
}

/// Reports a failure and returns the exit status for it.
pub fn fail(json: bool, failure: &Failure) -> ExitCode {
    if json {
        #[derive(Serialize)]
        struct Wrapped<'a> {
            error: &'a Failure,
        }
        // Serializing two strings cannot fail; fall back to stderr if stdout is gone.
        match serde_json::to_string(&Wrapped { error: failure }) {
            Ok(text) => println!("{text}"),
            Err(_) => eprintln!("error[{}]: {}", failure.code, failure.message),
        }
    } else {
        eprintln!("error[{}]: {}", failure.code, failure.message);
    }
    ExitCode::from(EXIT_UNUSABLE_INPUT)
}
