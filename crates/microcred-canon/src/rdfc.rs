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
use crate::rdf::{Dataset, Quad, Term, write_literal};

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
    let (templates, labels) = Templates::from_quads(dataset.quads());
    let mut state = State::new(&templates, Labels::Named(labels), *options);
    state.run()?;
    Ok(state.finish(true, &mut String::new()))
}

/// RDFC-1.0 canonical N-Quads of quads written straight into [`Templates`] by the JSON-LD
/// toRdf step (no [`Dataset`] in between). Blank nodes are numbered by toRdf; their input
/// labels would be `b<n>`.
pub(crate) fn canonicalize_templates(scratch: &mut Scratch, options: &Options) -> Result<String, Error> {
    let numbers = scratch.templates.renumber();
    let mut state = State::new(&scratch.templates, Labels::Numbered(numbers), *options);
    state.run()?;
    Ok(state.finish(false, &mut scratch.text).nquads)
}

/// Buffers of one canonicalization, kept by the processor between calls: the templates and
/// the text of the relabelled quads (a few large allocations per call fewer).
#[derive(Default)]
pub(crate) struct Scratch {
    pub(crate) templates: Templates,
    text: String,
}

impl Scratch {
    /// Largest buffer (in bytes of N-Quads text) worth keeping for the next call.
    const KEEP_LIMIT: usize = 1 << 20;

    /// Empty, keeping the capacity.
    pub(crate) fn clear(&mut self) {
        self.templates.clear();
        self.text.clear();
    }

    /// Whether the buffers are small enough to keep.
    pub(crate) fn worth_keeping(&self) -> bool {
        self.templates.text.capacity() <= Self::KEEP_LIMIT && self.text.capacity() <= Self::KEEP_LIMIT
    }
}

/// The identifier issuer of RDFC-1.0 (section 4.5). Blank nodes are dense indexes, so the
/// issued map is a vector.
#[derive(Clone)]
struct Issuer {
    prefix: &'static str,
    /// Blank node indexes in issue order; the identifier of `order[i]` is `prefix` + `i`.
    order: Vec<u32>,
    /// Per blank node, its position in `order` (`u32::MAX`: not issued).
    index: Vec<u32>,
}

impl Issuer {
    fn new(prefix: &'static str, nodes: usize) -> Self {
        Issuer {
            prefix,
            order: Vec::new(),
            index: vec![u32::MAX; nodes],
        }
    }

    fn get(&self, node: u32) -> Option<usize> {
        self.index
            .get(node as usize)
            .copied()
            .filter(|&i| i != u32::MAX)
            .map(|i| i as usize)
    }

    fn issue(&mut self, node: u32) -> usize {
        if let Some(i) = self.get(node) {
            return i;
        }
        let i = self.order.len();
        self.order.push(node);
        if let Some(slot) = self.index.get_mut(node as usize) {
            *slot = u32::try_from(i).unwrap_or(u32::MAX);
        }
        i
    }

    fn push_id(&self, out: &mut String, i: usize) {
        use std::fmt::Write as _;
        out.push_str(self.prefix);
        let _ = write!(out, "{i}");
    }
}

/// A node of a quad being written: an IRI or a blank node by number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NodeRef<'a> {
    Iri(&'a str),
    Blank(u32),
}

/// An object of a quad being written.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ObjectRef<'a> {
    Node(NodeRef<'a>),
    Literal {
        value: &'a str,
        datatype: &'a str,
        language: Option<&'a str>,
    },
}

/// Where a quad's blank nodes are: subject, object, graph name; and its predicate.
#[derive(Debug, Clone, Copy)]
struct QuadInfo {
    /// The predicate IRI: a range of `Templates::text`.
    predicate: (usize, usize),
    subject: Option<u32>,
    object: Option<u32>,
    graph: Option<u32>,
}

/// All quads serialized once as N-Quads into one buffer, with the byte offsets where their
/// blank nodes go; rendering a quad with some labelling is then a few copies. Quads written
/// with [`Templates::push_quad`] are de-duplicated (RDF datasets are sets).
#[derive(Default)]
pub(crate) struct Templates {
    text: String,
    /// Per quad: (start, end) in `text`, and the range of its entries in `blanks`.
    quads: Vec<(usize, usize, usize, usize)>,
    info: Vec<QuadInfo>,
    /// (offset in `text`, blank node).
    blanks: Vec<(usize, u32)>,
    /// De-duplication: quad hash → last quad with that hash; per quad, the previous one.
    index: FastMap<u64, usize>,
    chain: Vec<usize>,
}

impl Templates {
    /// Templates sized for about `quads` quads.
    pub(crate) fn with_capacity(quads: usize) -> Self {
        Templates {
            text: String::with_capacity(quads * 128),
            quads: Vec::with_capacity(quads),
            info: Vec::with_capacity(quads),
            blanks: Vec::with_capacity(quads),
            index: FastMap::default(),
            chain: Vec::with_capacity(quads),
        }
    }

    /// The quads of a dataset (already a set), blank nodes numbered by first appearance;
    /// returns the labels by number.
    fn from_quads(quads: &[Quad]) -> (Self, Vec<&str>) {
        let mut templates = Templates::with_capacity(quads.len());
        let mut labels: Vec<&str> = Vec::new();
        let mut ids: FastMap<&str, u32> = FastMap::default();
        fn id_of<'q>(term: &'q Term, ids: &mut FastMap<&'q str, u32>, labels: &mut Vec<&'q str>) -> Option<u32> {
            let label = term.as_blank_node()?;
            Some(*ids.entry(label).or_insert_with(|| {
                labels.push(label);
                u32::try_from(labels.len() - 1).unwrap_or(u32::MAX)
            }))
        }
        fn as_node(term: &Term, id: Option<u32>) -> NodeRef<'_> {
            id.map_or(NodeRef::Iri(term_iri(term)), NodeRef::Blank)
        }
        for quad in quads {
            // Numbered in subject, object, graph order, as they appear in the text.
            let s = id_of(&quad.subject, &mut ids, &mut labels);
            let o = id_of(&quad.object, &mut ids, &mut labels);
            let g = quad.graph.as_ref().and_then(|g| id_of(g, &mut ids, &mut labels));
            let object = match (&quad.object, o) {
                (Term::Literal(lit), _) => ObjectRef::Literal {
                    value: &lit.value,
                    datatype: &lit.datatype,
                    language: lit.language.as_deref(),
                },
                (term, id) => ObjectRef::Node(as_node(term, id)),
            };
            templates.write_quad(
                as_node(&quad.subject, s),
                term_iri(&quad.predicate),
                object,
                quad.graph.as_ref().map(|g_term| as_node(g_term, g)),
            );
        }
        (templates, labels)
    }

    fn push_node(&mut self, node: NodeRef<'_>) -> Option<u32> {
        match node {
            NodeRef::Iri(iri) => {
                self.text.push('<');
                self.text.push_str(iri);
                self.text.push('>');
                None
            }
            NodeRef::Blank(n) => {
                self.blanks.push((self.text.len(), n));
                Some(n)
            }
        }
    }

    /// Appends a quad without checking for duplicates.
    fn write_quad(&mut self, subject: NodeRef<'_>, predicate: &str, object: ObjectRef<'_>, graph: Option<NodeRef<'_>>) {
        let start = self.text.len();
        let b0 = self.blanks.len();
        let subject = self.push_node(subject);
        self.text.push_str(" <");
        let p0 = self.text.len();
        self.text.push_str(predicate);
        let predicate = (p0, self.text.len());
        self.text.push_str("> ");
        let object = match object {
            ObjectRef::Node(node) => self.push_node(node),
            ObjectRef::Literal {
                value,
                datatype,
                language,
            } => {
                write_literal(&mut self.text, value, datatype, language);
                None
            }
        };
        let graph = graph.and_then(|g| {
            self.text.push(' ');
            self.push_node(g)
        });
        self.text.push_str(" .\n");
        self.quads.push((start, self.text.len(), b0, self.blanks.len()));
        self.info.push(QuadInfo {
            predicate,
            subject,
            object,
            graph,
        });
    }

    /// Appends a quad unless the same quad is already there; returns whether it was added.
    pub(crate) fn push_quad(
        &mut self,
        subject: NodeRef<'_>,
        predicate: &str,
        object: ObjectRef<'_>,
        graph: Option<NodeRef<'_>>,
    ) -> bool {
        use std::hash::{BuildHasher as _, Hash as _, Hasher as _};
        let qi = self.quads.len();
        self.write_quad(subject, predicate, object, graph);
        let Some(&(start, end, b0, b1)) = self.quads.get(qi) else {
            return false;
        };
        fn key(
            t: &Templates,
            (start, end, b0, b1): (usize, usize, usize, usize),
        ) -> (&str, impl Iterator<Item = (usize, u32)> + '_) {
            let blanks = t.blanks.get(b0..b1).unwrap_or(&[]);
            (
                t.text.get(start..end).unwrap_or(""),
                blanks.iter().map(move |&(pos, n)| (pos - start, n)),
            )
        }
        let mut hasher = foldhash::fast::FixedState::default().build_hasher();
        let (text, blanks) = key(self, (start, end, b0, b1));
        text.hash(&mut hasher);
        for b in blanks {
            b.hash(&mut hasher);
        }
        let hash = hasher.finish();
        let mut at = self.index.get(&hash).copied().unwrap_or(usize::MAX);
        let head = at;
        while let Some(&existing) = self.quads.get(at) {
            let (t1, b1s) = key(self, existing);
            let (t2, b2s) = key(self, (start, end, b0, b1));
            if t1 == t2 && b1s.eq(b2s) {
                // A duplicate: take it back out.
                self.text.truncate(start);
                self.blanks.truncate(b0);
                self.quads.pop();
                self.info.pop();
                return false;
            }
            at = self.chain.get(at).copied().unwrap_or(usize::MAX);
        }
        self.index.insert(hash, qi);
        self.chain.push(head);
        true
    }

    /// Renumbers the blank nodes by first appearance (as [`Templates::from_quads`] numbers
    /// them, so both paths canonicalize identically); returns the old number of each new one.
    fn renumber(&mut self) -> Vec<u32> {
        let mut old_of_new: Vec<u32> = Vec::new();
        let mut new_of_old: FastMap<u32, u32> = FastMap::default();
        let mut renumber = |old: u32| -> u32 {
            *new_of_old.entry(old).or_insert_with(|| {
                old_of_new.push(old);
                u32::try_from(old_of_new.len() - 1).unwrap_or(u32::MAX)
            })
        };
        for (_, n) in &mut self.blanks {
            *n = renumber(*n);
        }
        for info in &mut self.info {
            for n in [&mut info.subject, &mut info.object, &mut info.graph]
                .into_iter()
                .flatten()
            {
                *n = new_of_old.get(n).copied().unwrap_or(u32::MAX);
            }
        }
        old_of_new
    }

    /// Empty, keeping the capacity.
    fn clear(&mut self) {
        self.text.clear();
        self.quads.clear();
        self.info.clear();
        self.blanks.clear();
        self.index.clear();
        self.chain.clear();
    }

    fn predicate(&self, qi: usize) -> &str {
        self.info
            .get(qi)
            .and_then(|i| self.text.get(i.predicate.0..i.predicate.1))
            .unwrap_or("")
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

fn term_iri(term: &Term) -> &str {
    match term {
        Term::Iri(iri) => iri,
        _ => "",
    }
}

/// The input labels of the blank nodes, by number.
enum Labels<'a> {
    /// Labels of a dataset.
    Named(Vec<&'a str>),
    /// Numbers given by toRdf, whose labels are `b<n>`.
    Numbered(Vec<u32>),
}

impl Labels<'_> {
    fn len(&self) -> usize {
        match self {
            Labels::Named(labels) => labels.len(),
            Labels::Numbered(numbers) => numbers.len(),
        }
    }

    fn write(&self, node: u32, out: &mut String) {
        use std::fmt::Write as _;
        match self {
            Labels::Named(labels) => out.push_str(labels.get(node as usize).copied().unwrap_or("")),
            Labels::Numbered(numbers) => {
                let _ = write!(out, "b{}", numbers.get(node as usize).copied().unwrap_or(u32::MAX));
            }
        }
    }

    fn to_string(&self, node: u32) -> String {
        let mut s = String::new();
        self.write(node, &mut s);
        s
    }
}

struct State<'a> {
    templates: &'a Templates,
    options: Options,
    labels: Labels<'a>,
    /// For each blank node, the quads that mention it.
    quads_of: Vec<Vec<usize>>,
    first_degree: Vec<String>,
    canonical: Issuer,
    work: u64,
}

impl<'a> State<'a> {
    fn new(templates: &'a Templates, labels: Labels<'a>, options: Options) -> Self {
        let count = labels.len();
        let mut quads_of: Vec<Vec<usize>> = vec![Vec::new(); count];
        for (qi, &(_, _, b0, b1)) in templates.quads.iter().enumerate() {
            for &(_, node) in templates.blanks.get(b0..b1).unwrap_or(&[]) {
                if let Some(list) = quads_of.get_mut(node as usize) {
                    if list.last() != Some(&qi) {
                        list.push(qi);
                    }
                }
            }
        }
        State {
            templates,
            options,
            labels,
            quads_of,
            first_degree: Vec::new(),
            canonical: Issuer::new("c14n", count),
            work: 0,
        }
    }

    /// Section 4.6: Hash First Degree Quads. `buf` and `lines` are scratch space reused
    /// between calls (the lines are rendered into one buffer and sorted as ranges of it).
    fn hash_first_degree(&self, node: u32, buf: &mut String, lines: &mut Vec<(usize, usize)>) -> String {
        buf.clear();
        lines.clear();
        for &qi in self.quads_of.get(node as usize).map_or(&[][..], Vec::as_slice) {
            let start = buf.len();
            self.templates.render(qi, buf, &mut |n, out| {
                out.push_str(if n == node { "_:a" } else { "_:z" })
            });
            lines.push((start, buf.len()));
        }
        let text = buf.as_str();
        let line = |&(start, end): &(usize, usize)| text.get(start..end).unwrap_or("");
        lines.sort_unstable_by(|a, b| line(a).cmp(line(b)));
        let parts: Vec<&str> = lines.iter().map(line).collect();
        self.options.hash.hex_parts(&parts)
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
        let mut buf = String::new();
        let mut lines = Vec::new();
        self.first_degree = (0..count)
            .map(|n| self.hash_first_degree(n, &mut buf, &mut lines))
            .collect();
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
                let mut temp = Issuer::new("b", self.labels.len());
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
    fn hash_related(&self, related: u32, qi: usize, issuer: &Issuer, position: char) -> String {
        let mut input = String::new();
        input.push(position);
        if position != 'g' {
            input.push('<');
            input.push_str(self.templates.predicate(qi));
            input.push('>');
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
        for &qi in self.quads_of.get(node as usize).map_or(&[][..], Vec::as_slice) {
            let Some(&info) = self.templates.info.get(qi) else {
                continue;
            };
            let positions = [('s', info.subject), ('o', info.object), ('g', info.graph)];
            for (position, related) in positions {
                let Some(related) = related else { continue };
                if related == node {
                    continue;
                }
                let hash = self.hash_related(related, qi, &issuer, position);
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
    fn finish(self, with_issued: bool, text: &mut String) -> Canonicalized {
        // Every relabelled quad goes into one buffer; the lines are sorted as ranges of it.
        text.clear();
        text.reserve(self.templates.text.len() + self.templates.blanks.len() * 8);
        let count = self.templates.quads.len();
        let mut lines: Vec<(usize, usize)> = Vec::with_capacity(count);
        for qi in 0..count {
            let start = text.len();
            self.templates.render(qi, text, &mut |n, out| {
                out.push_str("_:");
                match self.canonical.get(n) {
                    Some(i) => self.canonical.push_id(out, i),
                    None => self.labels.write(n, out),
                }
            });
            lines.push((start, text.len()));
        }
        let text = text.as_str();
        let line = |&(start, end): &(usize, usize)| text.get(start..end).unwrap_or("");
        lines.sort_unstable_by(|a, b| line(a).cmp(line(b)));
        lines.dedup_by(|a, b| line(a) == line(b));
        let mut nquads = String::with_capacity(text.len());
        for l in &lines {
            nquads.push_str(line(l));
        }
        let issued = if with_issued {
            self.canonical
                .order
                .iter()
                .enumerate()
                .map(|(i, &n)| (self.labels.to_string(n), format!("c14n{i}")))
                .collect()
        } else {
            BTreeMap::new()
        };
        Canonicalized { nquads, issued }
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
