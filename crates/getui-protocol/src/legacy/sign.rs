//! The `connect` sign (docs/protocol-legacy.md section 4.1).
//!
//! ```text
//! sign = lower_hex( MD5( UTF8( appKey + decimal(timeStamp) + masterSecret ) ) )
//! ```
//!
//! The decimal text of the timestamp in the sign must be the value sent as `timeStamp`, which
//! is why the sign is computed from the same `i64` the [`Connect`](crate::action::Connect)
//! action writes.

use getui_model::secret::MasterSecret;
use md5::{Digest, Md5};

/// The sign of a `connect` request: lowercase hex MD5 of `app_key + timestamp_ms + secret`.
///
/// `timestamp_ms` is the Unix time in milliseconds written in decimal (a negative value keeps
/// its `-`, as Python's `str()` would).
///
/// ```
/// use getui_model::secret::MasterSecret;
/// use getui_protocol::sign::connect_sign;
/// let sign = connect_sign("APPKEY", 1_600_000_000_000, &MasterSecret::new("MASTERSECRET"));
/// assert_eq!(sign, "0285070899e6ecaa99140eaf59951aa3");
/// ```
pub fn connect_sign(app_key: &str, timestamp_ms: i64, master_secret: &MasterSecret) -> String {
    let mut hasher = Md5::new();
    hasher.update(app_key.as_bytes());
    hasher.update(timestamp_ms.to_string().as_bytes());
    hasher.update(master_secret.expose().as_bytes());
    let digest = hasher.finalize();
    let mut out = String::with_capacity(32);
    for byte in digest {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_vector() {
        assert_eq!(
            connect_sign(
                "APPKEY",
                1_600_000_000_000,
                &MasterSecret::new("MASTERSECRET")
            ),
            "0285070899e6ecaa99140eaf59951aa3"
        );
    }

    #[test]
    fn non_ascii_secret_is_hashed_as_utf8() {
        assert_eq!(
            connect_sign(
                "AuthAppKey000000000001",
                1_735_660_800_000,
                &MasterSecret::new("AuthMasterSecret中文0001")
            ),
            "4a76ecb114b8c59d34863e1c22c841c8"
        );
    }

    #[test]
    fn empty_inputs_hash_the_digit_zero() {
        // md5("0")
        assert_eq!(
            connect_sign("", 0, &MasterSecret::new("")),
            "cfcd208495d565ef66e7dff9f98764da"
        );
    }

    #[test]
    fn negative_timestamps_keep_their_sign() {
        let direct = {
            let mut h = Md5::new();
            h.update(b"k-5s");
            h.finalize()
        };
        let hex: String = direct.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(connect_sign("k", -5, &MasterSecret::new("s")), hex);
    }
}
