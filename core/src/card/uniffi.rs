//! uniffi adapters for cards, where a type cannot cross as it is: a card number or security
//! code taken as a `String` is wrapped in `Zeroizing` so the lifted copy is wiped; the digits
//! handed out of a `Zeroizing` buffer as a plain `String`. Everything else is exported on the
//! items themselves.

use super::{CardCheck, CardNumber};
use crate::error::CrosspayError;
use std::sync::Arc;
use zeroize::Zeroizing;

#[uniffi::export]
impl CardNumber {
    /// Takes the number as a secret (wiped once parsed): see [`CardNumber::parse`].
    #[uniffi::constructor(name = "parse")]
    fn parse_ffi(number: String) -> Result<Arc<Self>, CrosspayError> {
        let number = Zeroizing::new(number);
        Self::parse(&number).map(Arc::new)
    }

    /// Hands out the digits: the caller keeps them out of logs.
    #[uniffi::method(name = "expose_digits")]
    fn expose_digits_ffi(&self) -> String {
        self.expose_digits().to_string()
    }

    /// Hands out the grouped number: see [`CardNumber::expose_formatted`].
    #[uniffi::method(name = "expose_formatted")]
    fn expose_formatted_ffi(&self) -> String {
        self.expose_formatted().to_string()
    }

    /// Takes the code as a secret: see [`CardNumber::check_cvc`].
    #[uniffi::method(name = "check_cvc")]
    fn check_cvc_ffi(&self, cvc: String) -> Result<(), CrosspayError> {
        let cvc = Zeroizing::new(cvc);
        self.check_cvc(&cvc)
    }
}

/// Takes the number and code as secrets (wiped once checked): see [`super::check_card`].
#[uniffi::export(name = "check_card")]
fn check_card_ffi(number: String, expiry: Option<String>, cvc: Option<String>, at: Option<String>) -> Result<CardCheck, CrosspayError> {
    let number = Zeroizing::new(number);
    let cvc = cvc.map(Zeroizing::new);
    super::check_card(&number, expiry, cvc.as_ref().map(|c| c.to_string()), at)
}
