//! The demo company built into the crate: the snapshot directory `balkanid-api/demo/`,
//! embedded file by file.

use crate::error::{Error, Result};

/// The demo snapshot's files, by name.
///
/// # Errors
///
/// FIXME: the committed demo snapshot does not exist yet; until it does, this is an
/// [`Error::Unsupported`].
pub(crate) fn files() -> Result<&'static [(&'static str, &'static str)]> {
    Err(Error::Unsupported { operation: "the embedded demo company (not built yet)".to_owned() })
}
