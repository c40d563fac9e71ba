//! The builder macro (one setter per public field, `build()` validates) and the chained
//! setters of the types without a builder.

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

/// Chained setters on a type itself, the way the REST v2 types are built
/// (`ApnsPayload::default().badge(1).category("c")`): for the legacy types that are
/// `#[non_exhaustive]` and so cannot be written as struct literals outside this crate.
/// `set { field: Type, … }` assigns `value.into()`, `some { field: Type, … }` assigns
/// `Some(value.into())` to an `Option<Type>` field, `list { field, … }` collects any
/// iterator of `Into<String>` into a `Vec<String>` field.
macro_rules! setters {
    (
        $target:ident
        $(set { $( $field:ident : $ty:ty ),* $(,)? })?
        $(some { $( $opt:ident : $oty:ty ),* $(,)? })?
        $(list { $( $list:ident ),* $(,)? })?
    ) => {
        /// Chained setters, one per field.
        impl $target {
            $($(
                #[doc = concat!("Sets [`", stringify!($target), "::", stringify!($field), "`].")]
                #[must_use]
                pub fn $field(mut self, value: impl Into<$ty>) -> Self {
                    self.$field = value.into();
                    self
                }
            )*)?
            $($(
                #[doc = concat!("Sets [`", stringify!($target), "::", stringify!($opt), "`].")]
                #[must_use]
                pub fn $opt(mut self, value: impl Into<$oty>) -> Self {
                    self.$opt = Some(value.into());
                    self
                }
            )*)?
            $($(
                #[doc = concat!("Sets [`", stringify!($target), "::", stringify!($list), "`].")]
                #[must_use]
                pub fn $list<S: Into<String>>(mut self, values: impl IntoIterator<Item = S>) -> Self {
                    self.$list = values.into_iter().map(Into::into).collect();
                    self
                }
            )*)?
        }
    };
}
pub(crate) use setters;
