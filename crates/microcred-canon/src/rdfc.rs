//! RDF Dataset Canonicalization (RDFC-1.0, W3C Recommendation 21 May 2024).
//!
//! [`canonicalize`] gives the canonical N-Quads of a [`Dataset`]; [`canonicalize_nquads`] does
//! the same for N-Quads text; [`canonicalize_with`] also returns the canonical issuer map
//! (input blank node label → `c14nN`) and takes [`Options`] (hash algorithm, work limit).
//!
//! ```
//! let input = "_:x <http://example.org/p> _:y .\n_:y <http://example.org/q> \"v\" .\n";
//! let canonical = microcred_canon::rdfc::canonicalize_nquads(input)?;
//! assert_eq!(
//!     canonical,
//!     "_:c14n0 <http://example.org/q> \"v\" .\n_:c14n1 <http://example.org/p> _:c14n0 .\n"
//! );
//! # Ok::<(), microcred_canon::Error>(())
//! ```

use std::collections::BTreeMap;

use sha2::{Digest, Sha256, Sha384};

use crate::error::Error;
use crate::hash::FastMap;
use crate::rdf::{Dataset, Quad, Term, write_quad_with};

/// The hash algorithm of RDFC-1.0 (SHA-256 unless the caller says otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum HashAlgorithm {
    /// SHA-256 (the default of RDFC-1.0 and of `eddsa-rdfc-2022`).
    #[default]
    Sha256,
    /// SHA-384.
    Sha384,
}

impl HashAlgorithm {
    fn hex(self, data: &[u8]) -> String {
        self.hex_parts(std::slice::from_ref(&data))
    }

    /// The hash of the concatenation of `parts`, in lowercase hex.
    fn hex_parts<T: AsRef<[u8]>>(self, parts: &[T]) -> String {
        fn run<D: Digest, T: AsRef<[u8]>>(parts: &[T]) -> String {
            let mut hasher = D::new();
            for part in parts {
                hasher.update(part.as_ref());
            }
            to_hex(&hasher.finalize())
        }
        match self {
            HashAlgorithm::Sha256 => run::<Sha256, T>(parts),
            HashAlgorithm::Sha384 => run::<Sha384, T>(parts),
        }
    }
}

fn to_hex(bytes: &[u8]) -> String {
    let digit = |n: u8| char::from_digit(u32::from(n), 16).unwrap_or('0');
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(digit(b >> 4));
        s.push(digit(b & 0x0f));
    }
    s
}

/// Default for [`Options::work_limit`]: generous for real credentials (which need at most a
/// few dozen steps) and reached within milliseconds by poison graphs.
pub const DEFAULT_WORK_LIMIT: u64 = 50_000;

/// Maximum recursion depth of Hash N-Degree Quads (a chain of that many indistinguishable
/// blank nodes); deeper is [`Error::TooDeep`], never a stack overflow.
pub const MAX_RECURSION_DEPTH: usize = 128;

/// Options of RDFC-1.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Hash algorithm.
    pub hash: HashAlgorithm,
    /// Upper bound on the steps of the N-degree hashing (one step per call of "Hash N-Degree
    /// Quads" and per permutation tried). Exceeding it gives [`Error::WorkLimitExceeded`]
    /// instead of running for an unbounded time.
    pub work_limit: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            hash: HashAlgorithm::Sha256,
            work_limit: DEFAULT_WORK_LIMIT,
        }
    }
}

impl Options {
    /// Options with the given hash algorithm.
    #[must_use]
    pub fn with_hash(mut self, hash: HashAlgorithm) -> Self {
        self.hash = hash;
        self
    }

    /// Options with the given work limit.
    #[must_use]
    pub fn with_work_limit(mut self, work_limit: u64) -> Self {
        self.work_limit = work_limit;
        self
    }
}

/// The result of [`canonicalize_with`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Canonicalized {
    /// The canonical N-Quads: sorted lines, each ending in `\n`.
    pub nquads: String,
    /// The canonical issuer map: input blank node label → canonical label (`c14nN`).
    pub issued: BTreeMap<String, String>,
}

/// RDFC-1.0 canonical N-Quads of `dataset`, with SHA-256 and the default work limit.
///
/// # Errors
///
/// [`Error::WorkLimitExceeded`] for poison graphs.
pub fn canonicalize(dataset: &Dataset) -> Result<String, Error> {
    Ok(canonicalize_with(dataset, &Options::default())?.nquads)
}

/// RDFC-1.0 canonical N-Quads of N-Quads text.
///
/// # Errors
///
/// [`Error::NQuads`] for invalid input, [`Error::WorkLimitExceeded`] for poison graphs.
pub fn canonicalize_nquads(nquads: &str) -> Result<String, Error> {
    canonicalize(&Dataset::from_nquads(nquads)?)
}

/// RDFC-1.0 with explicit options, returning the canonical N-Quads and the issuer map.
///
/// # Errors
///
/// [`Error::WorkLimitExceeded`] when the N-degree hashing needs more than
/// `options.work_limit` steps.
pub fn canonicalize_with(dataset: &Dataset, options: &Options) -> Result<Canonicalized, Error> {
    let mut state = State::new(dataset.quads(), *options);
    state.run()?;
    Ok(state.finish())
}

/// The identifier issuer of RDFC-1.0 (section 4.5).
#[derive(Clone)]
struct Issuer {
    prefix: &'static str,
    /// Blank node indexes in issue order; the identifier of `order[i]` is `prefix` + `i`.
    order: Vec<u32>,
    index: FastMap<u32, usize>,
}

impl Issuer {
    fn new(prefix: &'static str) -> Self {
        Issuer {
            prefix,
            order: Vec::new(),
            index: FastMap::default(),
        }
    }

    fn get(&self, node: u32) -> Option<usize> {
        self.index.get(&node).copied()
    }

    fn issue(&mut self, node: u32) -> usize {
        if let Some(i) = self.get(node) {
            return i;
        }
        let i = self.order.len();
        self.order.push(node);
        self.index.insert(node, i);
        i
    }

    fn push_id(&self, out: &mut String, i: usize) {
        out.push_str(self.prefix);
        out.push_str(&i.to_string());
    }
}

/// All quads serialized once as N-Quads into one buffer, with the byte offsets where their
/// blank nodes go; rendering a quad with some labelling is then a few copies.
#[derive(Default)]
struct Templates {
    text: String,
    /// Per quad: (start, end) in `text`, and the range of its entries in `blanks`.
    quads: Vec<(usize, usize, usize, usize)>,
    /// (offset in `text`, blank node).
    blanks: Vec<(usize, u32)>,
}

impl Templates {
    fn len_of(&self, qi: usize) -> usize {
        self.quads.get(qi).map_or(0, |&(s, e, ..)| e - s)
    }

    fn render(&self, qi: usize, out: &mut String, label: &mut dyn FnMut(u32, &mut String)) {
        let Some(&(start, end, b0, b1)) = self.quads.get(qi) else {
            return;
        };
        let mut last = start;
        for &(pos, node) in self.blanks.get(b0..b1).unwrap_or(&[]) {
            out.push_str(self.text.get(last..pos).unwrap_or(""));
            label(node, out);
            last = pos;
        }
        out.push_str(self.text.get(last..end).unwrap_or(""));
    }
}

struct State<'a> {
    quads: &'a [Quad],
    templates: Templates,
    options: Options,
    /// Blank node labels by index.
    labels: Vec<&'a str>,
    ids: FastMap<&'a str, u32>,
    /// For each blank node, the quads that mention it.
    quads_of: Vec<Vec<usize>>,
    first_degree: Vec<String>,
    canonical: Issuer,
    work: u64,
}

fn blank_nodes_of(quad: &Quad) -> impl Iterator<Item = &str> {
    [Some(&quad.subject), Some(&quad.object), quad.graph.as_ref()]
        .into_iter()
        .flatten()
        .filter_map(Term::as_blank_node)
}

impl<'a> State<'a> {
    fn new(quads: &'a [Quad], options: Options) -> Self {
        let mut labels = Vec::new();
        let mut ids: FastMap<&'a str, u32> = FastMap::default();
        let mut quads_of: Vec<Vec<usize>> = Vec::new();
        for (qi, quad) in quads.iter().enumerate() {
            for label in blank_nodes_of(quad) {
                let id = *ids.entry(label).or_insert_with(|| {
                    labels.push(label);
                    quads_of.push(Vec::new());
                    u32::try_from(labels.len() - 1).unwrap_or(u32::MAX)
                });
                if let Some(list) = quads_of.get_mut(id as usize) {
                    if list.last() != Some(&qi) {
                        list.push(qi);
                    }
                }
            }
        }
        let mut templates = Templates {
            text: String::with_capacity(quads.len() * 128),
            ..Templates::default()
        };
        for quad in quads {
            let start = templates.text.len();
            let b0 = templates.blanks.len();
            let blanks = &mut templates.blanks;
            write_quad_with(&mut templates.text, quad, &mut |label, out| {
                blanks.push((out.len(), ids.get(label).copied().unwrap_or(u32::MAX)));
            });
            templates
                .quads
                .push((start, templates.text.len(), b0, templates.blanks.len()));
        }
        State {
            quads,
            templates,
            options,
            labels,
            ids,
            quads_of,
            first_degree: Vec::new(),
            canonical: Issuer::new("c14n"),
            work: 0,
        }
    }

    fn label(&self, node: u32) -> &'a str {
        self.labels.get(node as usize).copied().unwrap_or("")
    }

    fn node(&self, label: &str) -> u32 {
        self.ids.get(label).copied().unwrap_or(u32::MAX)
    }

    /// Section 4.6: Hash First Degree Quads.
    fn hash_first_degree(&self, node: u32) -> String {
        let mut lines: Vec<String> = Vec::new();
        for &qi in self.quads_of.get(node as usize).map_or(&[][..], Vec::as_slice) {
            let mut line = String::with_capacity(self.templates.len_of(qi) + 8);
            self.templates.render(qi, &mut line, &mut |n, out| {
                out.push_str(if n == node { "_:a" } else { "_:z" })
            });
            lines.push(line);
        }
        lines.sort_unstable();
        self.options.hash.hex_parts(&lines)
    }

    fn step(&mut self) -> Result<(), Error> {
        self.work += 1;
        if self.work > self.options.work_limit {
            return Err(Error::WorkLimitExceeded {
                limit: self.options.work_limit,
            });
        }
        Ok(())
    }

    /// Section 4.4.3: the canonicalization algorithm.
    fn run(&mut self) -> Result<(), Error> {
        let count = u32::try_from(self.labels.len()).unwrap_or(u32::MAX);
        self.first_degree = (0..count).map(|n| self.hash_first_degree(n)).collect();
        let mut hash_to_nodes: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
        for (n, hash) in (0..count).zip(self.first_degree.iter()) {
            hash_to_nodes.entry(hash.as_str()).or_default().push(n);
        }
        let mut shared: Vec<Vec<u32>> = Vec::new();
        let mut unique: Vec<u32> = Vec::new();
        for nodes in hash_to_nodes.into_values() {
            match nodes.as_slice() {
                [single] => unique.push(*single),
                _ => shared.push(nodes),
            }
        }
        for node in unique {
            self.canonical.issue(node);
        }
        for nodes in shared {
            let mut results: Vec<(String, Issuer)> = Vec::new();
            for node in nodes {
                if self.canonical.get(node).is_some() {
                    continue;
                }
                let mut temp = Issuer::new("b");
                temp.issue(node);
                results.push(self.hash_n_degree(node, temp, 0)?);
            }
            results.sort_by(|a, b| a.0.cmp(&b.0));
            for (_, issuer) in results {
                for &node in &issuer.order {
                    self.canonical.issue(node);
                }
            }
        }
        Ok(())
    }

    /// Section 4.7: Hash Related Blank Node.
    fn hash_related(&self, related: u32, quad: &Quad, issuer: &Issuer, position: char) -> String {
        let mut input = String::new();
        input.push(position);
        if position != 'g' {
            if let Term::Iri(p) = &quad.predicate {
                input.push('<');
                input.push_str(p);
                input.push('>');
            }
        }
        if let Some(i) = self.canonical.get(related) {
            input.push_str("_:");
            self.canonical.push_id(&mut input, i);
        } else if let Some(i) = issuer.get(related) {
            input.push_str("_:");
            issuer.push_id(&mut input, i);
        } else if let Some(h) = self.first_degree.get(related as usize) {
            input.push_str(h);
        }
        self.options.hash.hex(input.as_bytes())
    }

    /// Section 4.8: Hash N-Degree Quads.
    fn hash_n_degree(&mut self, node: u32, mut issuer: Issuer, depth: usize) -> Result<(String, Issuer), Error> {
        self.step()?;
        if depth > MAX_RECURSION_DEPTH {
            return Err(Error::TooDeep {
                limit: MAX_RECURSION_DEPTH,
                path: "RDFC-1.0 Hash N-Degree Quads (a chain of indistinguishable blank nodes)".to_owned(),
            });
        }
        let mut hash_to_related: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        let quads = self.quads;
        for &qi in self.quads_of.get(node as usize).map_or(&[][..], Vec::as_slice) {
            let Some(quad) = quads.get(qi) else { continue };
            let positions = [
                ('s', Some(&quad.subject)),
                ('o', Some(&quad.object)),
                ('g', quad.graph.as_ref()),
            ];
            for (position, term) in positions {
                let Some(label) = term.and_then(Term::as_blank_node) else {
                    continue;
                };
                let related = self.node(label);
                if related == node {
                    continue;
                }
                let hash = self.hash_related(related, quad, &issuer, position);
                hash_to_related.entry(hash).or_default().push(related);
            }
        }
        let mut data = String::new();
        for (related_hash, list) in hash_to_related {
            data.push_str(&related_hash);
            let mut chosen_path = String::new();
            let mut chosen_issuer: Option<Issuer> = None;
            let mut perm: Vec<usize> = (0..list.len()).collect();
            loop {
                self.step()?;
                if let Some((path, copy)) = self.try_permutation(&list, &perm, &issuer, &chosen_path, depth)? {
                    if chosen_path.is_empty() || path < chosen_path {
                        chosen_path = path;
                        chosen_issuer = Some(copy);
                    }
                }
                if !next_permutation(&mut perm) {
                    break;
                }
            }
            data.push_str(&chosen_path);
            if let Some(chosen) = chosen_issuer {
                issuer = chosen;
            }
        }
        Ok((self.options.hash.hex(data.as_bytes()), issuer))
    }

    /// One permutation of section 4.8.3 step 5.4; `None` when it cannot beat `chosen_path`.
    fn try_permutation(
        &mut self,
        list: &[u32],
        perm: &[usize],
        issuer: &Issuer,
        chosen_path: &str,
        depth: usize,
    ) -> Result<Option<(String, Issuer)>, Error> {
        let worse = |path: &str| !chosen_path.is_empty() && path.len() >= chosen_path.len() && path > chosen_path;
        let mut copy = issuer.clone();
        let mut path = String::new();
        let mut recursion: Vec<u32> = Vec::new();
        for &i in perm {
            let Some(&related) = list.get(i) else { continue };
            if let Some(c) = self.canonical.get(related) {
                path.push_str("_:");
                self.canonical.push_id(&mut path, c);
            } else {
                if copy.get(related).is_none() {
                    recursion.push(related);
                }
                let id = copy.issue(related);
                path.push_str("_:");
                copy.push_id(&mut path, id);
            }
            if worse(&path) {
                return Ok(None);
            }
        }
        for related in recursion {
            let (hash, result_issuer) = self.hash_n_degree(related, copy.clone(), depth + 1)?;
            let id = copy.issue(related);
            path.push_str("_:");
            copy.push_id(&mut path, id);
            path.push('<');
            path.push_str(&hash);
            path.push('>');
            copy = result_issuer;
            if worse(&path) {
                return Ok(None);
            }
        }
        Ok(Some((path, copy)))
    }

    /// Section 4.4.3 step 6-7: relabel and sort.
    fn finish(self) -> Canonicalized {
        let mut lines: Vec<String> = Vec::with_capacity(self.quads.len());
        for qi in 0..self.quads.len() {
            let mut line = String::with_capacity(self.templates.len_of(qi) + 16);
            self.templates.render(qi, &mut line, &mut |n, out| {
                out.push_str("_:");
                match self.canonical.get(n) {
                    Some(i) => self.canonical.push_id(out, i),
                    None => out.push_str(self.label(n)),
                }
            });
            lines.push(line);
        }
        lines.sort_unstable();
        lines.dedup();
        let issued = self
            .canonical
            .order
            .iter()
            .enumerate()
            .map(|(i, &n)| (self.label(n).to_owned(), format!("c14n{i}")))
            .collect();
        Canonicalized {
            nquads: lines.concat(),
            issued,
        }
    }
}

/// Advances `perm` to the next permutation in lexicographic order; `false` after the last.
fn next_permutation(perm: &mut [usize]) -> bool {
    let n = perm.len();
    if n < 2 {
        return false;
    }
    let mut i = n - 1;
    while i > 0 && perm.get(i - 1) >= perm.get(i) {
        i -= 1;
    }
    if i == 0 {
        return false;
    }
    let mut j = n - 1;
    while perm.get(j) <= perm.get(i - 1) {
        j -= 1;
    }
    perm.swap(i - 1, j);
    if let Some(tail) = perm.get_mut(i..) {
        tail.reverse();
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permutations_are_all_visited() {
        let mut p = vec![0, 1, 2, 3];
        let mut count = 1;
        while next_permutation(&mut p) {
            count += 1;
        }
        assert_eq!(count, 24);
        assert_eq!(p, vec![3, 2, 1, 0]);
        let mut single = vec![0];
        assert!(!next_permutation(&mut single));
    }

    #[test]
    fn issuer_map_and_sha384() {
        let ds = Dataset::from_nquads("_:e0 <http://ex/p> _:e1 .\n_:e1 <http://ex/p> _:e0 .\n").unwrap();
        let out = canonicalize_with(&ds, &Options::default().with_hash(HashAlgorithm::Sha384)).unwrap();
        assert_eq!(out.issued.len(), 2);
        assert!(out.nquads.contains("_:c14n0") && out.nquads.contains("_:c14n1"));
    }

    #[test]
    fn long_chains_stop_at_the_recursion_limit_not_the_stack() {
        // A chain of identical blank nodes: every interior node has the same first-degree hash.
        let mut text = String::new();
        for i in 0..400 {
            text.push_str(&format!("_:n{i} <http://ex/next> _:n{} .\n", i + 1));
        }
        let ds = Dataset::from_nquads(&text).unwrap();
        let options = Options::default().with_work_limit(u64::MAX);
        let result = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || canonicalize_with(&ds, &options).map(|c| c.nquads.len()))
            .unwrap()
            .join()
            .unwrap();
        assert!(
            matches!(
                result,
                Err(Error::TooDeep {
                    limit: MAX_RECURSION_DEPTH,
                    ..
                })
            ),
            "{result:?}"
        );
        // A short chain is fine.
        let short: String = (0..20)
            .map(|i| format!("_:n{i} <http://ex/next> _:n{} .\n", i + 1))
            .collect();
        assert_eq!(canonicalize_nquads(&short).unwrap().lines().count(), 20);
    }

    #[test]
    fn hex_is_lowercase() {
        assert_eq!(to_hex(&[0x00, 0xab, 0xff]), "00abff");
    }
}
