//! Fast, per-process seeded hash maps (foldhash) for term maps, RDFC and quad de-duplication.

/// A `HashMap` with foldhash's seeded fast hasher.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
