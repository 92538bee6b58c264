//! A decoded merchant code as one typed struct. The CLI's JSON, the TypeScript declarations
//! (tsify) and the Kotlin/Swift/Python records (uniffi) all come from these types; the decoder
//! fills them in (docs/merchant-qr.md lists every field).

use super::issue::Issue;
use std::collections::HashMap;

/// The sub-objects of a template, keyed by two-digit id.
pub type Template = HashMap<String, String>;

// Templates reach JavaScript as plain objects (`hashmap_as_object` on the types that hold them).
#[cfg(feature = "wasm")]
#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const TS_TEMPLATE: &str = "/** The sub-objects of a template, keyed by two-digit id. */\nexport type Template = Record<string, string>;\n";

/// A root object that may be a template: its text, or its sub-objects when it parses as TLV.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub enum ObjectValue {
    Text(String),
    Template(Template),
}

/// A value a scheme defines: text, or a flag (PayNow's `editable`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum SchemeValue {
    Text(String),
    Flag(bool),
}

/// One data object in the order of the payload: a value, or a template's own objects.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct TlvNode {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub objects: Option<Vec<TlvNode>>,
}

/// Declares the decoded code: the fields every code has, then optional ones, each skipped in
/// the JSON when absent, optional in TypeScript and defaulting to none in native records.
macro_rules! merchant_qr {
    ($(#[$meta:meta])* pub struct $name:ident { $($(#[doc = $doc:literal])* $field:ident: $ty:ty,)* } optional { $($(#[doc = $odoc:literal])* $ofield:ident: $oty:ty,)* }) => {
        $(#[$meta])*
        pub struct $name {
            $($(#[doc = $doc])* pub $field: $ty,)*
            $(
                $(#[doc = $odoc])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                #[cfg_attr(feature = "uniffi", uniffi(default = None))]
                #[cfg_attr(feature = "wasm", tsify(optional))]
                pub $ofield: Option<$oty>,
            )*
            /// The same code as the JSON `crosspay merchant-qr decode --json` prints (keys sorted).
            #[serde(skip)]
            pub json: String,
        }
    };
}

merchant_qr! {
    /// A decoded merchant code (docs/merchant-qr.md). Decoding never fails: what is wrong is in
    /// `errors` and `warnings`, each with a stable code and a character position.
    #[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
    #[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
    #[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(hashmap_as_object))]
    pub struct MerchantQr {
        /// No errors (warnings are allowed).
        valid: bool,
        /// `emv`, `upi`, `wechat-pay-url`, `alipay-url`, `unionpay-url` or `unknown`.
        format: String,
        /// Every scheme the code carries, in order of appearance.
        schemes: Vec<String>,
        errors: Vec<Issue>,
        warnings: Vec<Issue>,
    }
    optional {
        /// 00, "01".
        payload_format_indicator: String,
        /// 01: `11` static, `12` dynamic.
        point_of_initiation: String,
        /// 02–51 by id: card-network primitives as text, templates as their sub-objects.
        merchant_account_info: HashMap<String, ObjectValue>,
        /// 52, merchant category code.
        mcc: String,
        /// 53, ISO 4217 numeric as in the code.
        currency: String,
        /// The ISO 4217 alpha code of the transaction currency.
        currency_code: String,
        /// 54.
        amount: String,
        /// 55.
        tip_or_convenience_indicator: String,
        /// 56.
        convenience_fee_fixed: String,
        /// 57.
        convenience_fee_percentage: String,
        /// 58, ISO 3166 alpha-2.
        country: String,
        /// 59.
        merchant_name: String,
        /// 60.
        merchant_city: String,
        /// 61.
        postal_code: String,
        /// 62 by sub-id (01–11 named by EMVCo, 50–99 templates kept as text).
        additional_data: Template,
        /// 64: 00 language, 01 name, 02 city, in local script.
        language_template: Template,
        /// 80–99 by id.
        unreserved: HashMap<String, ObjectValue>,
        /// 63, upper case.
        crc: String,
        /// What each scheme defines, by scheme name (`FPS`, `PIX`, `UPI`, …); absent values are null.
        scheme_fields: HashMap<String, HashMap<String, Option<SchemeValue>>>,
        /// The ordered object tree; `encode_merchant_qr` re-encodes it byte for byte.
        objects: Vec<TlvNode>,
        /// The payload of a recognised payment URL.
        url: String,
    }
}

impl MerchantQr {
    /// Fills in `json` from the other fields: serde_json's maps are ordered, so the text is the
    /// same on every run and target.
    pub(crate) fn with_json(mut self) -> Self {
        self.json = serde_json::to_value(&self).map(|v| v.to_string()).unwrap_or_default();
        self
    }
}
