//! Errors of the facade.

/// A registry failure.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database reported an error.
    #[error("registry database: {0}")]
    Database(String),
    /// The registry holds data this program cannot read.
    #[error("the registry is damaged: {0}")]
    Corrupt(String),
    /// No such credential.
    #[error("no credential `{0}` in the registry")]
    UnknownCredential(String),
    /// A request id was already used.
    #[error("request `{request_id}` was already issued as `{credential_id}`")]
    DuplicateRequest {
        /// The request id.
        request_id: String,
        /// The credential issued for it.
        credential_id: String,
    },
    /// The credential's state does not allow the action.
    #[error("credential `{credential_id}` is {state}: it cannot be {action}d")]
    WrongState {
        /// The credential.
        credential_id: String,
        /// Its state.
        state: &'static str,
        /// The refused action.
        action: &'static str,
    },
    /// A status list operation failed.
    #[error("status list: {0}")]
    Status(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        StoreError::Database(error.to_string())
    }
}

/// Why an issuing-office operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IssueError {
    /// The configuration is unusable.
    #[error("configuration: {0}")]
    Config(String),
    /// The request cannot be issued (bad field, wrong issuer).
    #[error("request: {0}")]
    Request(String),
    /// The credential misses mandatory Annex I elements (and that was not explicitly allowed).
    #[error("not a conformant micro-credential (Council Recommendation, Annex I): missing {0}")]
    NotConformant(String),
    /// Signing failed.
    #[error("signing: {0}")]
    Sign(String),
    /// Drawing the certificate failed.
    #[error("rendering the certificate: {0}")]
    Render(String),
    /// The registry failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Reading or writing a file failed.
    #[error("file: {0}")]
    Io(String),
}
