//! Redacting holders for the master secret and the auth token.
//!
//! Neither value may ever appear in `Debug`, `Display`, logs or errors: both types print
//! `***` and give the text out only through an explicitly named method.

use std::fmt;

macro_rules! redacting {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Default)]
        pub struct $name(String);

        impl $name {
            /// Wraps the secret text.
            pub fn new(text: impl Into<String>) -> Self {
                Self(text.into())
            }

            /// The secret text, for the one place that must use it (signing, the request body).
            pub fn expose(&self) -> &str {
                &self.0
            }

            /// Whether the secret is empty.
            pub fn is_empty(&self) -> bool {
                self.0.is_empty()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "(***)"))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("***")
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                Self(text)
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self(text.to_owned())
            }
        }
    };
}

redacting!(
    /// The application's master secret (`masterSecret`), used only to sign `connect`.
    ///
    /// ```
    /// use getui_model::secret::MasterSecret;
    /// let secret = MasterSecret::new("s3cr3t");
    /// assert_eq!(format!("{secret:?} {secret}"), "MasterSecret(***) ***");
    /// assert_eq!(secret.expose(), "s3cr3t");
    /// ```
    MasterSecret
);

redacting!(
    /// The auth token returned by `connect` (`authtoken`) and sent as `authToken`.
    ///
    /// ```
    /// use getui_model::secret::AuthToken;
    /// let token = AuthToken::new("abc");
    /// assert_eq!(format!("{token:?}"), "AuthToken(***)");
    /// ```
    AuthToken
);
