//! [`Proxy`]: the one proxy type of the SDK, used by both HTTP stacks (the hyper client and
//! the blocking socket client) and by the facade's configuration (`getui::Proxy` is this
//! type).

use std::fmt;

use http::{HeaderValue, Uri};

use crate::error::TransportError;

/// An HTTP CONNECT proxy, with optional basic authentication.
///
/// This mirrors the official SDKs' proxy settings (host, port, user name, password). The same
/// proxy carries `http://` and `https://` requests (through a CONNECT tunnel in both cases) and
/// host probes. The password is kept only inside the encoded, sensitive
/// `Proxy-Authorization` value: `Debug` never shows it and no method returns it.
///
/// ```
/// use getui_transport::Proxy;
/// let proxy = Proxy::new("10.0.0.1", 3128)?.basic_auth("user", "s3cr3t");
/// assert_eq!((proxy.host(), proxy.port()), ("10.0.0.1", 3128));
/// assert_eq!(proxy.username(), Some("user"));
/// assert!(!format!("{proxy:?}").contains("s3cr3t"));
/// assert_eq!(Proxy::from_url("http://user:s3cr3t@10.0.0.1:3128/")?, proxy);
/// # Ok::<(), getui_transport::TransportError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Proxy {
    pub(crate) uri: Uri,
    user: Option<String>,
    pub(crate) auth: Option<HeaderValue>,
}

impl Proxy {
    /// A proxy at `host` (a name or IP address, optionally prefixed with `http://`) and `port`
    /// (the official default is 80).
    pub fn new(host: &str, port: u16) -> Result<Proxy, TransportError> {
        let bare = host
            .strip_prefix("http://")
            .or_else(|| host.strip_prefix("HTTP://"))
            .unwrap_or(host)
            .trim_end_matches('/');
        let bare = bare
            .strip_prefix('[')
            .and_then(|b| b.strip_suffix(']'))
            .unwrap_or(bare);
        if bare.is_empty() || bare.contains(['/', '@', '?', '#']) || bare.contains("://") {
            return Err(TransportError::config(
                "proxy host must be a host name or IP address (http proxies only)",
            ));
        }
        let authority = if bare.parse::<std::net::Ipv6Addr>().is_ok() {
            format!("[{bare}]:{port}")
        } else {
            format!("{bare}:{port}")
        };
        let uri = Uri::builder()
            .scheme("http")
            .authority(authority.as_str())
            .path_and_query("/")
            .build()
            .map_err(|e| TransportError::config("invalid proxy host").with_source(e))?;
        Ok(Proxy {
            uri,
            user: None,
            auth: None,
        })
    }

    /// A proxy from a URL in the form of the `HTTPS_PROXY` variable:
    /// `[http://][user[:password]@]host[:port][/]` (port 80 when absent; user and password
    /// may be percent-encoded). Only HTTP proxies are supported: another scheme is an error.
    pub fn from_url(url: &str) -> Result<Proxy, TransportError> {
        let url = url.trim();
        let rest = match url.find("://") {
            Some(i) if url[..i].eq_ignore_ascii_case("http") => &url[i + 3..],
            Some(_) => {
                return Err(TransportError::config(
                    "proxy URL must be http:// (http proxies only)",
                ))
            }
            None => url,
        };
        let rest = rest.trim_end_matches('/');
        let (userinfo, hostport) = match rest.rfind('@') {
            Some(i) => (Some(&rest[..i]), &rest[i + 1..]),
            None => (None, rest),
        };
        let (host, port) = split_host_port(hostport)?;
        let proxy = Proxy::new(host, port)?;
        Ok(match userinfo {
            Some(info) => {
                let (user, password) = info.split_once(':').unwrap_or((info, ""));
                proxy.basic_auth(&percent_decode(user)?, &percent_decode(password)?)
            }
            None => proxy,
        })
    }

    /// Authenticates to the proxy with HTTP basic authentication. As in the official C# SDK,
    /// credentials are only sent when the user name or the password is non-empty.
    #[must_use]
    pub fn basic_auth(mut self, user: &str, password: &str) -> Proxy {
        if user.is_empty() && password.is_empty() {
            self.user = None;
            self.auth = None;
            return self;
        }
        use base64::Engine as _;
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        let mut value =
            HeaderValue::from_str(&format!("Basic {token}")).expect("base64 is a valid header");
        value.set_sensitive(true);
        self.user = Some(user.to_owned());
        self.auth = Some(value);
        self
    }

    /// The proxy's `host:port`.
    pub fn address(&self) -> String {
        self.uri
            .authority()
            .map(|a| a.as_str().to_owned())
            .unwrap_or_default()
    }

    /// The proxy's host name or IP address (an IPv6 address without brackets).
    pub fn host(&self) -> &str {
        let host = self.uri.host().unwrap_or_default();
        host.strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host)
    }

    /// The proxy's port.
    pub fn port(&self) -> u16 {
        self.uri.port_u16().unwrap_or(80)
    }

    /// The basic-authentication user name, if credentials are sent.
    pub fn username(&self) -> Option<&str> {
        self.user.as_deref()
    }

    /// Whether basic-authentication credentials are sent to the proxy.
    pub fn has_credentials(&self) -> bool {
        self.auth.is_some()
    }
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Proxy")
            .field("address", &self.address())
            .field("user", &self.user)
            .field("password", &self.auth.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// `host[:port]` or `[v6][:port]`; port 80 when absent.
fn split_host_port(hostport: &str) -> Result<(&str, u16), TransportError> {
    let bad_port = || TransportError::config("proxy URL has an invalid port");
    if let Some(rest) = hostport.strip_prefix('[') {
        let (host, after) = rest
            .split_once(']')
            .ok_or_else(|| TransportError::config("proxy URL has an unclosed `[`"))?;
        return match after.strip_prefix(':') {
            Some(port) => Ok((host, port.parse().map_err(|_| bad_port())?)),
            None if after.is_empty() => Ok((host, 80)),
            None => Err(bad_port()),
        };
    }
    match hostport.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') => {
            Ok((host, port.parse().map_err(|_| bad_port())?))
        }
        _ => Ok((hostport, 80)),
    }
}

/// Decodes `%XX` escapes (the user name and password of a proxy URL).
fn percent_decode(text: &str) -> Result<String, TransportError> {
    let bad = || TransportError::config("proxy URL has an invalid percent escape");
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).ok_or_else(bad)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| bad())?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_settings() {
        let p = Proxy::new("http://10.0.0.1", 3128)
            .unwrap()
            .basic_auth("u", "p4ss");
        assert_eq!(p.address(), "10.0.0.1:3128");
        let dbg = format!("{p:?}");
        assert!(!dbg.contains("p4ss") && dbg.contains("redacted"), "{dbg}");
        assert!(p.auth.is_some() && p.has_credentials());
        // No credentials when both are empty (the Py SDK's `None:None@` bug).
        assert!(Proxy::new("h", 80)
            .unwrap()
            .basic_auth("", "")
            .auth
            .is_none());
        assert!(Proxy::new("https://h", 80).is_err());
        assert!(Proxy::new("u:p@h", 80).is_err());
        let v6 = Proxy::new("::1", 8080).unwrap();
        assert_eq!(v6.address(), "[::1]:8080");
        assert_eq!((v6.host(), v6.port()), ("::1", 8080));
    }

    #[test]
    fn proxy_urls() {
        let p = Proxy::from_url("http://us%40er:p%3Ass@proxy.example:3128").unwrap();
        assert_eq!((p.host(), p.port()), ("proxy.example", 3128));
        assert_eq!(
            p,
            Proxy::new("proxy.example", 3128)
                .unwrap()
                .basic_auth("us@er", "p:ss")
        );
        let bare = Proxy::from_url("proxy.example").unwrap();
        assert_eq!(
            (bare.host(), bare.port(), bare.username()),
            ("proxy.example", 80, None)
        );
        let v6 = Proxy::from_url("HTTP://[::1]:8080/").unwrap();
        assert_eq!(v6.address(), "[::1]:8080");
        assert!(Proxy::from_url("https://proxy.example:443").is_err());
        assert!(Proxy::from_url("socks5://proxy.example").is_err());
        assert!(Proxy::from_url("http://proxy.example:port").is_err());
        assert!(Proxy::from_url("http://u:%zz@proxy.example").is_err());
        assert!(Proxy::from_url("").is_err());
    }
}
