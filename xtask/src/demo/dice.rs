//! Deterministic randomness for the demo generator: one seeded ChaCha stream per phase, and
//! the shapes of the ids and instants the apps use.
//!
//! Each phase (people, identities, workflows, ...) draws from its own stream of the same
//! seed, so a change in one phase leaves the others' draws unchanged.

use chrono::{DateTime, TimeDelta, Utc};
use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use balkanid_domain::ids::Ulid;

use crate::demo::plan;

/// The generator's phases, each with its own random stream.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Phase {
    People = 1,
    Catalog = 2,
    Humans = 3,
    Machines = 4,
    Workflows = 5,
}

/// A seeded random stream with helpers for the demo's values.
#[derive(Debug)]
pub(crate) struct Dice {
    rng: ChaCha8Rng,
}

const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const UPPER_ALNUM: &[u8; 36] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const HEX: &[u8; 16] = b"0123456789abcdef";

impl Dice {
    /// The stream of `phase` for `seed`.
    pub(crate) fn new(seed: u64, phase: Phase) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(phase as u64);
        Dice { rng }
    }

    /// True with probability `p` (clamped to 0..=1).
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p.clamp(0.0, 1.0))
    }

    /// A number in `0..n`; 0 when `n` is 0.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        self.rng.random_range(0..n)
    }

    /// A number in `low..=high`.
    pub(crate) fn between(&mut self, low: i64, high: i64) -> i64 {
        if high <= low {
            return low;
        }
        self.rng.random_range(low..=high)
    }

    /// One item of a non-empty slice.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index drawn with the given weights.
    pub(crate) fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut ticket = self.rng.random_range(0..total.max(1));
        for (index, weight) in weights.iter().enumerate() {
            if ticket < *weight {
                return index;
            }
            ticket -= weight;
        }
        weights.len().saturating_sub(1)
    }

    /// Shuffles `items` in place.
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }

    /// Up to `n` distinct indices of `0..len`, in increasing order.
    pub(crate) fn sample(&mut self, len: usize, n: usize) -> Vec<usize> {
        let mut chosen = rand::seq::index::sample(&mut self.rng, len, n.min(len)).into_vec();
        chosen.sort_unstable();
        chosen
    }

    /// An instant `days` days from the snapshot (negative: before it), moved by up to
    /// `jitter_hours` hours either way.
    pub(crate) fn instant(&mut self, days: i64, jitter_hours: i64) -> DateTime<Utc> {
        let jitter = self.between(-jitter_hours * 3600, jitter_hours * 3600);
        plan::snapshot_time() + TimeDelta::days(days) + TimeDelta::seconds(jitter)
    }

    /// An instant between `from_days` and `to_days` days from the snapshot, to the second.
    pub(crate) fn instant_between(&mut self, from_days: i64, to_days: i64) -> DateTime<Utc> {
        let seconds = self.between(from_days * 86_400, to_days * 86_400);
        plan::snapshot_time() + TimeDelta::seconds(seconds)
    }

    /// A ULID whose time part is `at` and whose random part comes from this stream.
    pub(crate) fn ulid(&mut self, at: DateTime<Utc>) -> Ulid {
        let millis = u64::try_from(at.timestamp_millis()).unwrap_or_default();
        let random = u128::from(self.rng.next_u64()) << 16 | u128::from(self.rng.next_u32() >> 16);
        Ulid::from_parts(millis, random)
    }

    /// An entity id as BalkanID writes them: 43 characters of unpadded base64url, the length
    /// of a SHA-256 digest.
    pub(crate) fn entity_id(&mut self) -> String {
        self.text(43, BASE64URL)
    }

    /// A GUID in its usual lower-case form.
    pub(crate) fn guid(&mut self) -> String {
        let hex = self.text(32, HEX);
        format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
    }

    /// `n` random characters of base 62.
    pub(crate) fn base62(&mut self, n: usize) -> String {
        self.text(n, BASE62)
    }

    /// `n` random upper-case letters and digits.
    pub(crate) fn upper_alnum(&mut self, n: usize) -> String {
        self.text(n, UPPER_ALNUM)
    }

    /// `n` random lower-case hexadecimal digits.
    pub(crate) fn hex(&mut self, n: usize) -> String {
        self.text(n, HEX)
    }

    /// `n` random decimal digits, the first not zero.
    pub(crate) fn digits(&mut self, n: usize) -> String {
        let mut res = String::with_capacity(n);
        for index in 0..n {
            let low = if index == 0 { 1 } else { 0 };
            let digit = self.rng.random_range(low..10u8);
            res.push(char::from(b'0' + digit));
        }
        res
    }

    fn text<const N: usize>(&mut self, n: usize, alphabet: &[u8; N]) -> String {
        let mut res = String::with_capacity(n);
        for _ in 0..n {
            res.push(char::from(alphabet[self.rng.random_range(0..N)]));
        }
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_and_phase_draw_the_same_values() {
        let mut a = Dice::new(7, Phase::People);
        let mut b = Dice::new(7, Phase::People);
        assert_eq!(a.entity_id(), b.entity_id());
        assert_eq!(a.between(0, 1_000_000), b.between(0, 1_000_000));
    }

    #[test]
    fn phases_draw_from_different_streams() {
        let mut a = Dice::new(7, Phase::People);
        let mut b = Dice::new(7, Phase::Humans);
        assert_ne!(a.entity_id(), b.entity_id());
    }

    #[test]
    fn ids_have_the_shapes_of_the_apps() {
        let mut dice = Dice::new(1, Phase::Catalog);
        assert_eq!(dice.entity_id().len(), 43);
        let guid = dice.guid();
        assert_eq!(guid.len(), 36);
        assert_eq!(guid.matches('-').count(), 4);
        let digits = dice.digits(21);
        assert_eq!(digits.len(), 21);
        assert!(!digits.starts_with('0'));
        let ulid = dice.ulid(plan::snapshot_time()).to_string();
        // 2026-06-01T12:00:00Z is 1,780,315,200,000 ms, `01KT1GW6G0` in Crockford base 32.
        assert!(ulid.starts_with("01KT1GW6G0"), "{ulid}");
    }
}
