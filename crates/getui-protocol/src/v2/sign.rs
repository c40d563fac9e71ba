//! The `POST /auth` sign (docs/protocol-v2.md §3.1).

use getui_model::secret::MasterSecret;
use sha2::{Digest, Sha256};

/// Lowercase hex SHA-256 of the UTF-8 string `app_key + timestamp + master_secret`, the
/// `sign` of `POST /auth`. `timestamp` is the text sent in the same body (13 digits).
///
/// ```
/// use getui_model::secret::MasterSecret;
/// use getui_protocol::v2::sign::auth_sign;
/// let sign = auth_sign("OracleV2AppKey00000001", "1600000000000",
///                      &MasterSecret::new("OracleV2MasterSecret01"));
/// assert_eq!(sign, "e209da5c74d252e2c7649152688bea00eff2cbff9ca046ea99a294559dc833ff");
/// ```
pub fn auth_sign(app_key: &str, timestamp: &str, secret: &MasterSecret) -> String {
    let mut hasher = Sha256::new();
    hasher.update(app_key.as_bytes());
    hasher.update(timestamp.as_bytes());
    hasher.update(secret.expose().as_bytes());
    let digest = hasher.finalize();
    let mut out = String::with_capacity(64);
    for byte in digest {
        out.push(char::from(HEX_LOWER[usize::from(byte >> 4)]));
        out.push(char::from(HEX_LOWER[usize::from(byte & 0x0f)]));
    }
    out
}

const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_inputs() {
        // sha256("") is well known.
        assert_eq!(
            auth_sign("", "", &MasterSecret::new("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
