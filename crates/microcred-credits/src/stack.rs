//! Stacking: whether the micro-credentials a learner holds meet a larger qualification.
//!
//! # The problem
//!
//! Choose a set of the eligible credentials and allocate each chosen credential to at most one
//! group of the target, such that
//! - the credits counted reach the target's total, where at most `maxCreditsPerProvider`
//!   credits count from one provider;
//! - every group gets at least its credits (in full credits of the credentials allocated to
//!   it) and at least one credential;
//! - no two chosen credentials share a learning outcome id (they are alternatives);
//!
//! and choose the **fewest** credentials that do so. This is a covering problem (NP-hard in
//! general).
//!
//! # The algorithm and its guarantee
//!
//! 1. Credentials are put in a *canonical order*: credits descending, then awarding date newest
//!    first, then id ascending. Duplicates (same id) count once. Everything after depends only on
//!    this order, so the result does not depend on the order of the input.
//! 2. A greedy pass picks, at each step, the credential making the most progress (credits
//!    toward the total, after the provider cap, plus credits toward its best unmet group);
//!    ties go to the earlier credential in canonical order.
//! 3. A lower bound on the number of credentials is computed (the fewest largest credentials
//!    that reach the total; plus, per group, the fewest matching ones that reach it, summed
//!    because groups take disjoint credentials). If the greedy result meets it, the greedy
//!    result is minimal.
//! 4. Otherwise an exact depth-first search (iterative deepening on the number of credentials,
//!    credentials tried in canonical order, pruned by the same bounds) looks for a smaller
//!    selection, within a fixed budget of search nodes (so the result is deterministic, not
//!    dependent on the machine's speed).
//!
//! [`Stacking::proven`] says whether the answer is proven: a minimal selection when the target
//! is met, or that no selection exists when it is not. When the budget runs out first, the
//! result is the best selection found (valid, but perhaps not minimal). Among selections of the
//! same size, the one found first in canonical order is returned.

use std::collections::HashMap;

use chrono::{DateTime, SecondsFormat, Utc};
use microcred_model::EuropeanDigitalCredential;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::number::Credits;
use crate::target::{Exclusion, Holding, Target};

/// Search nodes the exact search may visit before it settles for the best selection found.
pub const SEARCH_BUDGET: u64 = 200_000;

/// A credential that counts toward the target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counted {
    /// The credential's id.
    pub id: String,
    /// Its provider.
    pub provider: String,
    /// Its credits.
    pub credits: Credits,
    /// The credits that count toward the total (less than `credits` when the provider cap is
    /// reached).
    pub counted: Credits,
    /// The group it is allocated to, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// A credential that does not count at all, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Excluded {
    /// The credential's id.
    pub id: String,
    /// Why.
    #[serde(flatten)]
    pub reason: Exclusion,
}

/// How far a group of the target is met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupResult {
    /// The group's name.
    pub name: String,
    /// The credits it needs.
    pub required: Credits,
    /// The credits of the credentials allocated to it.
    pub counted: Credits,
    /// The credits still missing (zero when met).
    pub missing: Credits,
    /// Whether it is met (its credits and at least one credential).
    pub met: bool,
}

/// The answer of [`stack`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stacking {
    /// Whether the target is met.
    pub met: bool,
    /// Whether the answer is proven (minimal when met; impossible when not met).
    pub proven: bool,
    /// The credits the target needs.
    pub required: Credits,
    /// The credits counted toward the total.
    pub counted_credits: Credits,
    /// The credits still missing from the total (zero when met).
    pub missing_credits: Credits,
    /// The credits of all eligible credentials held.
    pub eligible_credits: Credits,
    /// The credentials that count, in canonical order. When the target is not met: the ones
    /// that make progress toward it.
    pub counted: Vec<Counted>,
    /// Each group of the target.
    pub groups: Vec<GroupResult>,
    /// Eligible credentials not needed.
    pub unused: Vec<String>,
    /// Credentials that cannot count, with the reason.
    pub excluded: Vec<Excluded>,
}

/// Stack parsed credentials against a target. `now` is the reference for the maximum age.
/// Credentials the credit rules cannot use (no credits...) are reported in
/// [`Stacking::excluded`].
pub fn stack_credentials(credentials: &[EuropeanDigitalCredential], target: &Target, now: DateTime<Utc>) -> Stacking {
    let mut holdings = Vec::new();
    let mut excluded = Vec::new();
    for (i, credential) in credentials.iter().enumerate() {
        let fallback = format!("(credential {})", i + 1);
        match Holding::from_credential(credential, target.framework(), &fallback) {
            Ok(holding) => holdings.push(holding),
            Err(reason) => excluded.push(Excluded {
                id: credential.id.clone().unwrap_or(fallback),
                reason,
            }),
        }
    }
    let mut result = stack(&holdings, target, now);
    excluded.append(&mut result.excluded);
    excluded.sort_by(|a, b| a.id.cmp(&b.id));
    result.excluded = excluded;
    result
}

fn rfc3339(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Stack holdings against a target. `now` is the reference for the maximum age.
pub fn stack(holdings: &[Holding], target: &Target, now: DateTime<Utc>) -> Stacking {
    // Canonical order for deduplication: by id, then by the whole holding.
    let mut sorted: Vec<&Holding> = holdings.iter().collect();
    sorted.sort_by(|a, b| {
        a.id.cmp(&b.id)
            .then_with(|| b.credits.cmp(&a.credits))
            .then_with(|| a.cmp(b))
    });
    let oldest = target.oldest_allowed(now);
    let mut excluded = Vec::new();
    let mut eligible: Vec<&Holding> = Vec::new();
    let mut previous: Option<&str> = None;
    for holding in sorted {
        if previous == Some(holding.id.as_str()) {
            excluded.push(Excluded {
                id: holding.id.clone(),
                reason: Exclusion::Duplicate,
            });
            continue;
        }
        previous = Some(holding.id.as_str());
        if let Some(reason) = exclusion(holding, target, now, oldest) {
            excluded.push(Excluded {
                id: holding.id.clone(),
                reason,
            });
        } else {
            eligible.push(holding);
        }
    }
    // Canonical order for the search: credits descending, newest first, id ascending.
    eligible.sort_by(|a, b| {
        b.credits
            .cmp(&a.credits)
            .then_with(|| b.awarded.cmp(&a.awarded))
            .then_with(|| a.id.cmp(&b.id))
    });
    let problem = Problem::new(&eligible, target);
    let (selection, proven) = problem.solve();
    problem.report(&eligible, target, &selection, proven, excluded)
}

fn exclusion(
    holding: &Holding,
    target: &Target,
    now: DateTime<Utc>,
    oldest: Option<DateTime<Utc>>,
) -> Option<Exclusion> {
    if holding.credits.is_zero() {
        return Some(Exclusion::NoCredits);
    }
    if let Some(minimum) = target.min_eqf_level {
        match holding.eqf_level {
            None => return Some(Exclusion::NoEqfLevel),
            Some(level) if level.get() < minimum => {
                return Some(Exclusion::EqfLevelTooLow {
                    level: level.get(),
                    minimum,
                });
            }
            Some(_) => {}
        }
    }
    if let Some(awarded) = holding.awarded {
        if awarded > now {
            return Some(Exclusion::AwardedInTheFuture {
                awarded: rfc3339(awarded),
            });
        }
    }
    if target.max_age.is_some() {
        let Some(awarded) = holding.awarded else {
            return Some(Exclusion::NoDate);
        };
        // A maximum age reaching before the calendar's start excludes nothing.
        if let Some(oldest) = oldest {
            if awarded < oldest {
                return Some(Exclusion::TooOld {
                    awarded: rfc3339(awarded),
                    oldest_allowed: rfc3339(oldest),
                });
            }
        }
    }
    None
}

/// A chosen credential and the group it is allocated to.
type Selection = Vec<(usize, Option<usize>)>;

/// The tiny progress an empty group gets from its first credential when it needs no credits.
const EPSILON: Decimal = Decimal::from_parts(1, 0, 0, false, 9);

struct Candidate {
    credits: Decimal,
    provider: usize,
    /// Groups it matches, as a bit set.
    groups: u64,
    /// Learning outcome indices (credentials sharing one are alternatives).
    outcomes: Vec<usize>,
}

struct Problem {
    candidates: Vec<Candidate>,
    total: Decimal,
    cap: Option<Decimal>,
    group_required: Vec<Decimal>,
    providers: usize,
    outcomes: usize,
    /// Prefix sums of min(credits, cap) in canonical order (non-increasing values).
    prefix: Vec<Decimal>,
    /// Per group: the candidates matching it (canonical order) and prefix sums of their credits.
    group_members: Vec<Vec<usize>>,
    group_prefix: Vec<Vec<Decimal>>,
}

struct State {
    total_missing: Decimal,
    provider_used: Vec<Decimal>,
    group_counted: Vec<Decimal>,
    group_size: Vec<u32>,
    outcome_used: Vec<bool>,
    chosen: Vec<bool>,
}

enum Search {
    Found(Selection),
    Exhausted,
    OutOfBudget,
}

impl Problem {
    fn new(eligible: &[&Holding], target: &Target) -> Problem {
        let mut provider_ids: HashMap<&str, usize> = HashMap::new();
        let mut outcome_ids: HashMap<&str, usize> = HashMap::new();
        let cap = target.max_credits_per_provider.map(Credits::decimal);
        let candidates: Vec<Candidate> = eligible
            .iter()
            .map(|h| {
                let next = provider_ids.len();
                let provider = *provider_ids.entry(h.provider.as_str()).or_insert(next);
                let outcomes = h
                    .outcomes
                    .iter()
                    .map(|o| {
                        let next = outcome_ids.len();
                        *outcome_ids.entry(o.as_str()).or_insert(next)
                    })
                    .collect();
                let groups = target
                    .groups
                    .iter()
                    .enumerate()
                    .filter(|(_, g)| g.matches(h))
                    .fold(0u64, |bits, (i, _)| bits | (1u64 << i));
                Candidate {
                    credits: h.credits.decimal(),
                    provider,
                    groups,
                    outcomes,
                }
            })
            .collect();
        let mut prefix = Vec::with_capacity(candidates.len() + 1);
        let mut sum = Decimal::ZERO;
        prefix.push(sum);
        for c in &candidates {
            sum = sum.saturating_add(cap.map_or(c.credits, |cap| c.credits.min(cap)));
            prefix.push(sum);
        }
        let group_members: Vec<Vec<usize>> = (0..target.groups.len())
            .map(|g| {
                (0..candidates.len())
                    .filter(|&i| candidates.get(i).is_some_and(|c| c.groups & (1u64 << g) != 0))
                    .collect()
            })
            .collect();
        let group_prefix = group_members
            .iter()
            .map(|members| {
                let mut sums = vec![Decimal::ZERO];
                let mut sum = Decimal::ZERO;
                for &i in members {
                    sum = sum.saturating_add(candidates.get(i).map_or(Decimal::ZERO, |c| c.credits));
                    sums.push(sum);
                }
                sums
            })
            .collect();
        Problem {
            total: target.credits.decimal(),
            cap,
            group_required: target.groups.iter().map(|g| g.credits.decimal()).collect(),
            providers: provider_ids.len(),
            outcomes: outcome_ids.len(),
            candidates,
            prefix,
            group_members,
            group_prefix,
        }
    }

    fn start(&self) -> State {
        State {
            total_missing: self.total,
            provider_used: vec![Decimal::ZERO; self.providers],
            group_counted: vec![Decimal::ZERO; self.group_required.len()],
            group_size: vec![0; self.group_required.len()],
            outcome_used: vec![false; self.outcomes],
            chosen: vec![false; self.candidates.len()],
        }
    }

    fn group_missing(&self, state: &State, g: usize) -> Option<Decimal> {
        let required = self.group_required.get(g).copied().unwrap_or_default();
        let counted = state.group_counted.get(g).copied().unwrap_or_default();
        let size = state.group_size.get(g).copied().unwrap_or_default();
        if size > 0 && counted >= required {
            None
        } else {
            Some((required - counted).max(EPSILON))
        }
    }

    fn met(&self, state: &State) -> bool {
        state.total_missing <= Decimal::ZERO
            && (0..self.group_required.len()).all(|g| self.group_missing(state, g).is_none())
    }

    /// Credits candidate `i` adds to the total in `state` (after the provider cap).
    fn total_gain(&self, state: &State, candidate: &Candidate) -> Decimal {
        match self.cap {
            None => candidate.credits,
            Some(cap) => {
                let used = state.provider_used.get(candidate.provider).copied().unwrap_or_default();
                candidate.credits.min((cap - used).max(Decimal::ZERO))
            }
        }
    }

    fn conflicts(&self, state: &State, candidate: &Candidate) -> bool {
        candidate
            .outcomes
            .iter()
            .any(|&o| state.outcome_used.get(o).copied().unwrap_or(false))
    }

    /// The unmet groups candidate `i` may be allocated to (all of them when it matches several).
    fn open_groups(&self, state: &State, candidate: &Candidate) -> Vec<usize> {
        (0..self.group_required.len())
            .filter(|&g| candidate.groups & (1u64 << g) != 0 && self.group_missing(state, g).is_some())
            .collect()
    }

    /// Choose candidate `i`, allocated to `group`; returns the credits it added to the total.
    fn apply(&self, state: &mut State, i: usize, group: Option<usize>) -> Decimal {
        let Some(candidate) = self.candidates.get(i) else {
            return Decimal::ZERO;
        };
        let gain = self.total_gain(state, candidate);
        state.total_missing -= gain;
        if let Some(used) = state.provider_used.get_mut(candidate.provider) {
            *used += candidate.credits;
        }
        if let Some(g) = group {
            if let Some(counted) = state.group_counted.get_mut(g) {
                *counted += candidate.credits;
            }
            if let Some(size) = state.group_size.get_mut(g) {
                *size += 1;
            }
        }
        for &o in &candidate.outcomes {
            if let Some(used) = state.outcome_used.get_mut(o) {
                *used = true;
            }
        }
        if let Some(chosen) = state.chosen.get_mut(i) {
            *chosen = true;
        }
        gain
    }

    /// Undo [`Problem::apply`] (outcomes of a chosen candidate were unused before it).
    fn undo(&self, state: &mut State, i: usize, group: Option<usize>, gain: Decimal) {
        let Some(candidate) = self.candidates.get(i) else {
            return;
        };
        state.total_missing += gain;
        if let Some(used) = state.provider_used.get_mut(candidate.provider) {
            *used -= candidate.credits;
        }
        if let Some(g) = group {
            if let Some(counted) = state.group_counted.get_mut(g) {
                *counted -= candidate.credits;
            }
            if let Some(size) = state.group_size.get_mut(g) {
                *size -= 1;
            }
        }
        for &o in &candidate.outcomes {
            if let Some(used) = state.outcome_used.get_mut(o) {
                *used = false;
            }
        }
        if let Some(chosen) = state.chosen.get_mut(i) {
            *chosen = false;
        }
    }

    /// Greedy: repeatedly the candidate with the most progress; ties to the earliest.
    fn greedy(&self) -> (Selection, State) {
        let mut state = self.start();
        let mut selection = Vec::new();
        while !self.met(&state) {
            let mut best: Option<(Decimal, usize, Option<usize>)> = None;
            for (i, candidate) in self.candidates.iter().enumerate() {
                if state.chosen.get(i).copied().unwrap_or(true) || self.conflicts(&state, candidate) {
                    continue;
                }
                let total_progress = self
                    .total_gain(&state, candidate)
                    .min(state.total_missing.max(Decimal::ZERO));
                let mut group_choice = None;
                let mut group_progress = Decimal::ZERO;
                for g in self.open_groups(&state, candidate) {
                    let progress = candidate
                        .credits
                        .min(self.group_missing(&state, g).unwrap_or_default())
                        .max(EPSILON);
                    if progress > group_progress {
                        group_progress = progress;
                        group_choice = Some(g);
                    }
                }
                let progress = total_progress + group_progress;
                if progress > Decimal::ZERO && best.as_ref().is_none_or(|(p, _, _)| progress > *p) {
                    best = Some((progress, i, group_choice));
                }
            }
            let Some((_, i, group)) = best else { break };
            let _gain = self.apply(&mut state, i, group);
            selection.push((i, group));
        }
        (selection, state)
    }

    /// The fewest candidates from index `from` on that can cover `missing` of the total (an
    /// optimistic count, ignoring the provider cap's sharing), or `None` if they cannot.
    fn total_bound(&self, from: usize, missing: Decimal) -> Option<usize> {
        if missing <= Decimal::ZERO {
            return Some(0);
        }
        let base = self.prefix.get(from).copied()?;
        let last = self.prefix.last().copied()?;
        if last - base < missing {
            return None;
        }
        // The smallest k with prefix[from + k] - base >= missing (prefix is non-decreasing).
        let offset = self.prefix.get(from..)?.partition_point(|&p| p - base < missing);
        Some(offset)
    }

    /// The same for a group: matching candidates from `from` on.
    fn group_bound(&self, g: usize, from: usize, missing: Decimal) -> Option<usize> {
        let members = self.group_members.get(g)?;
        let sums = self.group_prefix.get(g)?;
        let start = members.partition_point(|&i| i < from);
        let base = sums.get(start).copied()?;
        if sums.last().copied()? - base < missing {
            return None;
        }
        Some(sums.get(start..)?.partition_point(|&p| p - base < missing))
    }

    /// Whether `slots` more candidates from index `from` on could possibly meet the target.
    fn feasible(&self, state: &State, from: usize, slots: usize) -> bool {
        let Some(total) = self.total_bound(from, state.total_missing) else {
            return false;
        };
        if total > slots {
            return false;
        }
        let mut needed = 0;
        for g in 0..self.group_required.len() {
            if let Some(missing) = self.group_missing(state, g) {
                match self.group_bound(g, from, missing) {
                    Some(count) => needed += count.max(1),
                    None => return false,
                }
            }
        }
        needed <= slots
    }

    fn lower_bound(&self) -> usize {
        let state = self.start();
        let total = self
            .total_bound(0, state.total_missing)
            .unwrap_or(self.candidates.len() + 1);
        let groups: usize = (0..self.group_required.len())
            .map(|g| {
                self.group_missing(&state, g)
                    .and_then(|m| self.group_bound(g, 0, m))
                    .map_or(self.candidates.len() + 1, |c| c.max(1))
            })
            .sum();
        total.max(groups)
    }

    fn search(&self, state: &mut State, from: usize, slots: usize, path: &mut Selection, budget: &mut u64) -> Search {
        if self.met(state) {
            return Search::Found(path.clone());
        }
        if slots == 0 {
            return Search::Exhausted;
        }
        for i in from..self.candidates.len() {
            if *budget == 0 {
                return Search::OutOfBudget;
            }
            *budget -= 1;
            // The bounds only weaken as `i` grows: once infeasible, stop.
            if !self.feasible(state, i, slots) {
                break;
            }
            let Some(candidate) = self.candidates.get(i) else { break };
            if self.conflicts(state, candidate) {
                continue;
            }
            let open = self.open_groups(state, candidate);
            let total_useful = state.total_missing > Decimal::ZERO && self.total_gain(state, candidate) > Decimal::ZERO;
            if open.is_empty() && !total_useful {
                continue;
            }
            // Allocating to an unmet matching group is never worse than to none.
            let choices: Vec<Option<usize>> = if open.is_empty() {
                vec![None]
            } else {
                open.into_iter().map(Some).collect()
            };
            for group in choices {
                let gain = self.apply(state, i, group);
                path.push((i, group));
                let outcome = self.search(state, i + 1, slots - 1, path, budget);
                path.pop();
                self.undo(state, i, group, gain);
                match outcome {
                    Search::Exhausted => {}
                    found_or_out => return found_or_out,
                }
            }
        }
        Search::Exhausted
    }

    fn solve(&self) -> (Selection, bool) {
        let (greedy, greedy_state) = self.greedy();
        let greedy_met = self.met(&greedy_state);
        let lower = self.lower_bound();
        let upper = if greedy_met {
            greedy.len()
        } else {
            self.candidates.len() + 1
        };
        if lower >= upper {
            // Greedy is minimal, or (not met) the bounds prove the target out of reach.
            return (greedy, true);
        }
        let mut budget = SEARCH_BUDGET;
        for slots in lower..upper.min(self.candidates.len() + 1) {
            let mut state = self.start();
            let mut path = Vec::new();
            match self.search(&mut state, 0, slots, &mut path, &mut budget) {
                Search::Found(selection) => return (selection, true),
                Search::Exhausted => {}
                Search::OutOfBudget => return (greedy, false),
            }
        }
        (greedy, true)
    }

    fn report(
        &self,
        eligible: &[&Holding],
        target: &Target,
        selection: &Selection,
        proven: bool,
        mut excluded: Vec<Excluded>,
    ) -> Stacking {
        let mut state = self.start();
        let mut chosen: Vec<(usize, Option<usize>)> = selection.clone();
        chosen.sort_by_key(|(i, _)| *i);
        let mut counted = Vec::new();
        for &(i, group) in &chosen {
            let Some(holding) = eligible.get(i) else { continue };
            let gain = self.apply(&mut state, i, group);
            counted.push(Counted {
                id: holding.id.clone(),
                provider: holding.provider.clone(),
                credits: holding.credits,
                counted: Credits::from_decimal(gain),
                group: group.and_then(|g| target.groups.get(g)).map(|g| g.label()),
            });
        }
        let counted_total: Decimal = counted
            .iter()
            .map(|c| c.counted.decimal())
            .fold(Decimal::ZERO, Decimal::saturating_add);
        let groups = target
            .groups
            .iter()
            .enumerate()
            .map(|(g, group)| {
                let got = state.group_counted.get(g).copied().unwrap_or_default();
                let met = self.group_missing(&state, g).is_none();
                GroupResult {
                    name: group.label(),
                    required: group.credits,
                    counted: Credits::from_decimal(got),
                    missing: Credits::from_decimal(group.credits.decimal() - got),
                    met,
                }
            })
            .collect();
        let unused = eligible
            .iter()
            .enumerate()
            .filter(|(i, _)| !state.chosen.get(*i).copied().unwrap_or(false))
            .map(|(_, h)| h.id.clone())
            .collect();
        let eligible_credits = eligible
            .iter()
            .map(|h| h.credits.decimal())
            .fold(Decimal::ZERO, Decimal::saturating_add);
        excluded.sort_by(|a, b| a.id.cmp(&b.id));
        Stacking {
            met: self.met(&state),
            proven,
            required: target.credits,
            counted_credits: Credits::from_decimal(counted_total),
            missing_credits: Credits::from_decimal(target.credits.decimal() - counted_total),
            eligible_credits: Credits::from_decimal(eligible_credits),
            counted,
            groups,
            unused,
            excluded,
        }
    }
}
