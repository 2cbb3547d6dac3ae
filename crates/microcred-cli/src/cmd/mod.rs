//! One module per capability; each exposes clap argument types and `run`-style functions
//! returning the process exit code.

pub(crate) mod credits;
pub(crate) mod demo;
pub(crate) mod model;
pub(crate) mod office;
pub(crate) mod render;
pub(crate) mod sign;
pub(crate) mod status;
