//! The builder macro: one setter per public field, `build()` validates.

/// Declares `$builder` for `$target`: `$target::builder()` starts from the official defaults,
/// every listed field gets a setter taking `impl Into<type>`, `build()` validates.
macro_rules! builder {
    (
        $(#[$meta:meta])*
        $builder:ident => $target:ident {
            $( $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default)]
        #[must_use]
        pub struct $builder {
            inner: $target,
        }

        impl $builder {
            $(
                #[doc = concat!("Sets [`", stringify!($target), "::", stringify!($field), "`].")]
                #[must_use = "a builder does nothing until `build()` is called"]
                pub fn $field(mut self, value: impl Into<$ty>) -> Self {
                    self.inner.$field = value.into();
                    self
                }
            )*

            #[doc = concat!("Validates and returns the [`", stringify!($target), "`].")]
            pub fn build(self) -> Result<$target, $crate::ValidationError> {
                self.inner.validate()?;
                Ok(self.inner)
            }
        }

        impl $target {
            #[doc = concat!("A [`", stringify!($builder), "`] starting from the official defaults.")]
            #[must_use = "a builder does nothing until `build()` is called"]
            pub fn builder() -> $builder {
                $builder::default()
            }
        }
    };
}
pub(crate) use builder;
