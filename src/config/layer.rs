//! Layering: a user's file sets only what it changes. Each config section has a twin "layer"
//! type whose fields are all optional; applying a layer replaces the values it sets and
//! recurses into the sections it names. The [`section!`] macro writes both types from one
//! definition so that they never drift apart.

use serde::de::DeserializeOwned;

/// A config value that a user's file can override.
pub trait Layered {
    /// What a user's file may write for it.
    type Layer: DeserializeOwned;
    /// Overrides `self` with what the layer sets.
    fn apply(&mut self, layer: Self::Layer);
}

/// Values that a layer replaces whole.
macro_rules! leaf {
    ($($ty:ty),* $(,)?) => {
        $(impl $crate::config::Layered for $ty {
            type Layer = Self;
            fn apply(&mut self, layer: Self) {
                *self = layer;
            }
        })*
    };
}
pub(crate) use leaf;

leaf!(String, bool, u16, u32, f32, std::path::PathBuf);

impl<T: DeserializeOwned> Layered for Vec<T> {
    type Layer = Self;
    fn apply(&mut self, layer: Self) {
        *self = layer;
    }
}

impl<T: DeserializeOwned> Layered for Option<T> {
    type Layer = T;
    fn apply(&mut self, layer: T) {
        *self = Some(layer);
    }
}

/// Maps merge key by key: a layer adds keys and replaces the values of keys it names.
impl<K: Ord + DeserializeOwned, V: DeserializeOwned> Layered for std::collections::BTreeMap<K, V> {
    type Layer = Self;
    fn apply(&mut self, layer: Self) {
        self.extend(layer);
    }
}

/// Defines a config section and its layer: `section! { /// doc \n pub struct Name layer
/// NameLayer { /// doc \n pub field: Type, ... } }`. Both deny unknown keys.
macro_rules! section {
    (
        $(#[$meta:meta])*
        pub struct $name:ident layer $layer:ident {
            $( $(#[$field_meta:meta])* pub $field:ident : $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $( $(#[$field_meta])* pub $field: $ty, )*
        }

        #[doc = concat!("What a user's file sets of [`", stringify!($name), "`].")]
        #[derive(Debug, Default, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $layer {
            $( $(#[$field_meta])* #[serde(default)] $field: Option<<$ty as $crate::config::Layered>::Layer>, )*
        }

        impl $crate::config::Layered for $name {
            type Layer = $layer;
            fn apply(&mut self, layer: $layer) {
                $( if let Some(value) = layer.$field {
                    $crate::config::Layered::apply(&mut self.$field, value);
                } )*
            }
        }
    };
}
pub(crate) use section;
