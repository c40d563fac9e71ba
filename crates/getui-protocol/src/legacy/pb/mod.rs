//! Canonical proto2 encoding of `Transparent` (`clientData`), `PushInfo` (`PI`) and
//! `SingleBatchRequest` (`singleDatas`), byte-identical to the official Python SDK 4.1.1.2.
//!
//! A small hand-written encoder writes straight into one `Vec<u8>`: fields in field-number
//! order, exactly the fields the official SDK assigns (explicit presence, so `""`, `0` and
//! `false` are written when assigned), negative `int32` as 10-byte varints. A nested length is
//! computed before its content where that is cheap (the `InnerFiled` entries, the items of a
//! `SingleBatchRequest`); otherwise its content is measured once written and the length patched
//! in place, into as many bytes as were reserved for the usual size of that message (the
//! content moves only when its length needs another width). The APNs JSON text is written
//! directly into its field and measured there, so encoding a template allocates only the
//! output buffer. What is the same on every push — the fixed rows (`goto`, `startapp`,
//! `eoa`), the heads of the other rows, flag fields with their two values, the fields before
//! the app key — is encoded at compile time by the same rules and copied in one piece.
//!
//! Every function validates the template first (the rules of [`Template::validate`]; the size
//! of the APNs text is measured while it is written) and returns its [`ValidationError`].
//!
//! Python-exact details kept on purpose (the golden vectors rule): `InnerFiled` booleans are
//! Python's `True`/`False`; the display-window condition is `duration=<ms>.0-<ms>.0`; the vendor
//! black list is in CPython set order ([`getui_model::pyset`]); rich media use the keys
//! `resId`/`resType`/`resUrl`/`isOnlyWifi` with generated ids `grid1`, ….
//! Two quirks of the official wire format are kept too, because the server and the device SDKs
//! were built against it: [`Style4`](getui_model::Style4) writes "not clearable" under the key
//! `isClearable` and "not vibrate" under `is_noclear`, and a
//! [`LinkTemplate`](getui_model::LinkTemplate) without a style writes its `notifyid` value into
//! the `notifyStyle` field.
//!
//! Deliberate differences from the Python SDK (its recorded defects, see the items' docs in
//! `getui-model`): reusing a template or style never accumulates fields; the APNs sound and
//! sound dictionary are written as set ([`ApnsPayload`](getui_model::ApnsPayload)); the
//! `StartActivityTemplate` second row's `stype` is always `startmyactivity` (Python copies the
//! overridable `pushType`, whose default is that value).
//!
//! ```
//! use getui_model::TransmissionTemplate;
//! use getui_protocol::pb;
//! let template = TransmissionTemplate::builder()
//!     .app_id("APPID").app_key("APPKEY")
//!     .transmission_type(1).transmission_content("hello")
//!     .build()?;
//! assert_eq!(
//!     pb::client_data(&template.into())?,
//!     "CgASC3B1c2htZXNzYWdlGgAiBkFQUEtFWSoFQVBQSUQyADoEWAFoAUIHCAEQABiuTkIZCK5OEAMYZOIIAOoIBgoAEgAaAPAIAfgIZEIECGQQB0oAUAQ="
//! );
//! # Ok::<(), getui_model::ValidationError>(())
//! ```

#[cfg(any(test, feature = "decode"))]
#[cfg_attr(docsrs, doc(cfg(feature = "decode")))]
pub mod decode;
mod encode;
mod wire;

#[cfg(test)]
mod tests;

use base64::Engine as _;
use getui_model::{Template, ValidationError};

/// A typical `Transparent` is 80 to 450 bytes.
const INITIAL_CAPACITY: usize = 512;

/// Appends the serialized `Transparent` of `template` to `out` (on error `out` may hold a
/// partial message).
pub fn write_transparent(template: &Template, out: &mut Vec<u8>) -> Result<(), ValidationError> {
    template.validate_except_apn_size()?;
    encode::transparent(out, template)
}

/// The serialized `Transparent` of `template` (the bytes behind `clientData`).
pub fn transparent(template: &Template) -> Result<Vec<u8>, ValidationError> {
    let mut out = Vec::with_capacity(INITIAL_CAPACITY);
    write_transparent(template, &mut out)?;
    Ok(out)
}

/// The `clientData` request parameter: standard base64 (padded) of [`transparent`].
pub fn client_data(template: &Template) -> Result<String, ValidationError> {
    Ok(base64_engine().encode(transparent(template)?))
}

/// Appends the `clientData` text (base64 of [`transparent`]) to `out`, e.g. inside a JSON
/// string being written.
pub fn append_client_data(template: &Template, out: &mut Vec<u8>) -> Result<(), ValidationError> {
    let bytes = transparent(template)?;
    append_base64(&bytes, out);
    Ok(())
}

/// The serialized `PushInfo` of `template` (the bytes behind `PI` of the APN actions).
pub fn push_info(template: &Template) -> Result<Vec<u8>, ValidationError> {
    template.validate_except_apn_size()?;
    let mut out = Vec::with_capacity(INITIAL_CAPACITY);
    encode::push_info(&mut out, template)?;
    Ok(out)
}

/// The `PI` request parameter: standard base64 (padded) of [`push_info`].
pub fn push_info_base64(template: &Template) -> Result<String, ValidationError> {
    Ok(base64_engine().encode(push_info(template)?))
}

/// One element of a `SingleBatchRequest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchItem<'a> {
    /// `seqId`: the item's index in the batch (0, 1, …).
    pub seq_id: i32,
    /// `data`: the JSON text of the single push, in the Python `json.dumps` form
    /// (write it with [`getui_model::json_text`]).
    pub data: &'a str,
}

/// The serialized `SingleBatchRequest` (the bytes behind `singleDatas`).
///
/// One pass over the items: each item's keys and varints are written at once (see
/// `wire::Prefix`), then its text. The buffer is allocated once, for the texts plus an upper
/// bound of the keys and varints (33 bytes an item), so it never grows.
pub fn single_batch_request(batch_id: &str, items: &[BatchItem<'_>]) -> Vec<u8> {
    let texts: usize = items.iter().map(|item| item.data.len()).sum();
    let capacity =
        wire::delimited_len(1, batch_id.len()) + texts + items.len() * wire::PREFIX_CAPACITY;
    let mut out = Vec::with_capacity(capacity);
    wire::string(&mut out, 1, batch_id);
    for item in items {
        let text = item.data.as_bytes();
        let item_len = wire::int32_len(1, item.seq_id) + wire::delimited_len(2, text.len());
        wire::Prefix::write(&mut out, |prefix| {
            prefix
                .len_prefix(2, item_len)
                .int32(1, item.seq_id)
                .len_prefix(2, text.len());
        });
        out.extend_from_slice(text);
    }
    debug_assert!(out.len() <= capacity);
    out
}

/// The `singleDatas` request parameter: standard base64 (padded) of [`single_batch_request`].
pub fn single_batch_request_base64(batch_id: &str, items: &[BatchItem<'_>]) -> String {
    base64_engine().encode(single_batch_request(batch_id, items))
}

/// The standard (padded) base64 engine: the `base64` crate's SIMD engine (AVX2 on x86_64,
/// NEON on aarch64, chosen once per process by CPU-feature detection, scalar when neither is
/// there). Its output is the same text as the scalar engine's, several times faster on the
/// 100 to 600 bytes of a `Transparent`.
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
fn base64_engine() -> &'static base64::engine::Simd {
    static ENGINE: std::sync::LazyLock<base64::engine::Simd> = std::sync::LazyLock::new(|| {
        base64::engine::Simd::standard(base64::engine::general_purpose::PAD)
    });
    &ENGINE
}

/// The standard (padded) base64 engine (scalar on this architecture).
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
fn base64_engine() -> &'static base64::engine::GeneralPurpose {
    &base64::engine::general_purpose::STANDARD
}

/// Appends the standard base64 (padded) text of `bytes` to `out`.
pub fn append_base64(bytes: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    out.resize(
        start + base64::encoded_len(bytes.len(), true).unwrap_or(0),
        0,
    );
    let written = base64_engine()
        .encode_slice(bytes, &mut out[start..])
        .unwrap_or(0);
    out.truncate(start + written);
}
