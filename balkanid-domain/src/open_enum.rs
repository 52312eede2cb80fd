//! A macro for enums whose values come from BalkanID and may grow.
//!
//! BalkanID adds values to its vocabularies without notice (a new campaign status, a new
//! credential kind). An enum made by [`open_enum!`] decodes every value it knows, keeps any
//! other value verbatim in its `Unknown` variant, and writes both back exactly. Parsing ignores
//! ASCII case and surrounding spaces, and accepts the aliases each variant lists.

use std::fmt;

/// The raw text of an enum value this crate does not know.
///
/// It can be read with [`UnknownValue::as_str`] but not built from outside the crate, so code
/// cannot match on a value that a later version may turn into a named variant.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(pub(crate) String);

impl UnknownValue {
    /// The text as BalkanID sent it, trimmed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Declares an enum with string values, an `Unknown` variant for any other value, `as_str`,
/// `Display`, infallible `FromStr`, and serde as a plain string.
///
/// Each variant names its canonical text first (what the writer prints) and then any aliases
/// the reader also accepts, all matched without regard to ASCII case.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident => $text:literal $(| $alias:literal)*
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        $vis enum $name {
            $(
                $(#[$variant_meta])*
                $variant,
            )+
            /// A value this version does not know, kept as BalkanID wrote it.
            Unknown($crate::UnknownValue),
        }

        impl $name {
            /// Every named variant, in declaration order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The text BalkanID uses for this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Unknown(raw) => raw.as_str(),
                }
            }

            /// Parses a value, ignoring ASCII case and surrounding spaces; an unknown value is
            /// kept in [`Self::Unknown`].
            pub fn parse(text: &str) -> Self {
                let trimmed = text.trim();
                $(
                    if trimmed.eq_ignore_ascii_case($text)
                        $(|| trimmed.eq_ignore_ascii_case($alias))*
                    {
                        return $name::$variant;
                    }
                )+
                $name::Unknown($crate::UnknownValue(trimmed.to_owned()))
            }

            /// Whether this is a value this version does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, $name::Unknown(_))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Ok(Self::parse(text))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> Result<Self, D::Error>
            where
                D: ::serde::Deserializer<'de>,
            {
                let text = <::std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Ok(Self::parse(&text))
            }
        }
    };
}

pub(crate) use open_enum;

#[cfg(test)]
mod tests {

    open_enum! {
        /// A test vocabulary.
        enum Colour {
            /// Red.
            Red => "red" | "rouge",
            /// Dark blue.
            DarkBlue => "dark_blue",
        }
    }

    #[test]
    fn known_values_parse_without_regard_to_case_or_spaces() {
        assert_eq!(Colour::parse(" RED "), Colour::Red);
        assert_eq!(Colour::parse("Rouge"), Colour::Red);
        assert_eq!(Colour::parse("dark_blue").as_str(), "dark_blue");
        assert_eq!(Colour::KNOWN, &[Colour::Red, Colour::DarkBlue]);
    }

    #[test]
    fn unknown_values_are_kept_verbatim() {
        let colour = Colour::parse(" Ultra Violet ");
        assert!(colour.is_unknown());
        assert_eq!(colour.as_str(), "Ultra Violet");
        assert_eq!(serde_json::to_string(&colour).unwrap(), "\"Ultra Violet\"");
    }
}
